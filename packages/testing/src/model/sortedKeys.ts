// A set of object keys ("namespace/name") kept in key order, the order etcd
// and the watch cache's B-tree list in (string order of the key, as
// staging/src/k8s.io/apiserver/pkg/storage/cacher/store_btree.go compares
// them). Invariant: `keys` is strictly increasing. Insert and remove cost a
// binary search and one move of the tail (a memmove in V8); a read from a key
// on costs what it returns, never a sort.

/** The index of the first key greater than `key` in a strictly increasing array. */
export function upperBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the first key not less than `key`. */
export function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class SortedKeys {
  private readonly keys: string[] = [];

  get size(): number {
    return this.keys.length;
  }

  /** The keys in order; read-only, and valid until the next insert or remove. */
  get ordered(): readonly string[] {
    return this.keys;
  }

  insert(key: string): void {
    const n = this.keys.length;
    // Names made in order (seeding, numbered objects) append without a search.
    if (n === 0 || this.keys[n - 1]! < key) {
      this.keys.push(key);
      return;
    }
    const at = lowerBound(this.keys, key);
    if (this.keys[at] !== key) this.keys.splice(at, 0, key);
  }

  remove(key: string): void {
    const at = lowerBound(this.keys, key);
    if (this.keys[at] === key) this.keys.splice(at, 1);
  }
}
