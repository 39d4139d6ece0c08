/**
 * Ordering of resourceVersions. Kubernetes calls them opaque, but etcd-backed
 * servers produce decimal integers that grow with every write; when both sides
 * are such integers they are compared as numbers (by length, then digits, so
 * no precision is lost past 2^53). Otherwise the later event wins.
 * This runs once per event: no regular expression, no allocation unless a
 * version has leading zeros.
 */

/** > 0 when `a` is newer than `b`, 0 when equal, < 0 when older. */
export function compareResourceVersions(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined || b === undefined || !isDecimal(a) || !isDecimal(b)) return 1;
  const x = withoutLeadingZeros(a);
  const y = withoutLeadingZeros(b);
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

function isDecimal(version: string): boolean {
  if (version.length === 0) return false;
  for (let i = 0; i < version.length; i++) {
    const code = version.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

function withoutLeadingZeros(version: string): string {
  let start = 0;
  while (start < version.length - 1 && version.charCodeAt(start) === 48) start += 1;
  return start === 0 ? version : version.slice(start);
}
