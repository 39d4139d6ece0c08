// A set of object keys ("namespace/name") kept in key order, the order etcd
// and the watch cache's B-tree list in (string order of the key, as
// staging/src/k8s.io/apiserver/pkg/storage/cacher/store_btree.go compares
// them). It is a B-tree of height two: sorted chunks of at most 2 * CHUNK
// keys, and the last key of each chunk to find the one a key belongs in.
// Insert and remove cost two binary searches and a move within one chunk,
// whatever the set's size; reading from a key on costs what it returns.
// Invariants: the concatenated chunks are strictly increasing; no chunk is
// empty; `lasts[c]` is the last key of `chunks[c]`; `count` is the total.

const CHUNK = 512;

/** The index of the first key not less than `key` in a strictly increasing array. */
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

/** The index of the first key greater than `key`. */
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

export class SortedKeys {
  private readonly chunks: string[][] = [];
  private readonly lasts: string[] = [];
  private count = 0;

  /** A set of the given keys (any order; duplicates kept once). */
  static of(...keys: string[]): SortedKeys {
    const set = new SortedKeys();
    for (const key of keys) set.insert(key);
    return set;
  }

  get size(): number {
    return this.count;
  }

  has(key: string): boolean {
    const c = lowerBound(this.lasts, key);
    const chunk = this.chunks[c];
    return chunk !== undefined && chunk[lowerBound(chunk, key)] === key;
  }

  insert(key: string): void {
    if (this.chunks.length === 0) {
      this.chunks.push([key]);
      this.lasts.push(key);
      this.count = 1;
      return;
    }
    const c = Math.min(lowerBound(this.lasts, key), this.chunks.length - 1);
    const chunk = this.chunks[c]!;
    const at = lowerBound(chunk, key);
    if (chunk[at] === key) return;
    chunk.splice(at, 0, key);
    this.count++;
    this.lasts[c] = chunk[chunk.length - 1]!;
    if (chunk.length > 2 * CHUNK) {
      const tail = chunk.splice(CHUNK);
      this.chunks.splice(c + 1, 0, tail);
      this.lasts.splice(c, 1, chunk[chunk.length - 1]!, tail[tail.length - 1]!);
    }
  }

  remove(key: string): void {
    const c = lowerBound(this.lasts, key);
    const chunk = this.chunks[c];
    if (!chunk) return;
    const at = lowerBound(chunk, key);
    if (chunk[at] !== key) return;
    chunk.splice(at, 1);
    this.count--;
    if (chunk.length === 0) {
      this.chunks.splice(c, 1);
      this.lasts.splice(c, 1);
    } else this.lasts[c] = chunk[chunk.length - 1]!;
  }

  /** The keys greater than `after` ('' = all), in order. Do not change the set while iterating. */
  *from(after: string): Generator<string> {
    let c = after ? upperBound(this.lasts, after) : 0;
    if (c >= this.chunks.length) return;
    let i = after ? upperBound(this.chunks[c]!, after) : 0;
    for (; c < this.chunks.length; c++, i = 0) {
      const chunk = this.chunks[c]!;
      for (; i < chunk.length; i++) yield chunk[i]!;
    }
  }

  /** How many keys are greater than `key`. */
  countAfter(key: string): number {
    const c = upperBound(this.lasts, key);
    if (c >= this.chunks.length) return 0;
    let n = this.chunks[c]!.length - upperBound(this.chunks[c]!, key);
    for (let d = c + 1; d < this.chunks.length; d++) n += this.chunks[d]!.length;
    return n;
  }

  /** The key at position `i` in order (a walk over the chunks: size / 512 steps). */
  at(i: number): string | undefined {
    if (i < 0) return undefined;
    for (const chunk of this.chunks) {
      if (i < chunk.length) return chunk[i];
      i -= chunk.length;
    }
    return undefined;
  }
}
