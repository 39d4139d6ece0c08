/**
 * Ordering of resourceVersions. Kubernetes calls them opaque, but etcd-backed
 * servers produce decimal integers that grow with every write; when both sides
 * are such integers they are compared as numbers (by length, then digits, so
 * no precision is lost past 2^53). Otherwise the later event wins.
 */
const DECIMAL = /^[0-9]+$/;

/** > 0 when `a` is newer than `b`, 0 when equal, < 0 when older. */
export function compareResourceVersions(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined || b === undefined || !DECIMAL.test(a) || !DECIMAL.test(b)) return 1;
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}
