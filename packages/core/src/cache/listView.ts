/**
 * The array a list query hands out, materialized when it is read and at most
 * once per change: between reads the store only records which members
 * changed, so the cost of a batch of events does not depend on the size of
 * the list. Reads come once per flush (a frame in a browser, a short window
 * in Node), so the O(n) copy of a read is bounded in rate, never per chunk.
 *
 * Invariants:
 * - the order is stable: namespace, then name;
 * - the same array is returned until a member is added, removed or changes
 *   version; a read after changes that left every member at the version
 *   already shown (added and deleted between two reads, a relist that changed
 *   nothing) returns the previous array, so subscribers never see a repeat;
 * - objects are the store's own versions: an unchanged object is the same
 *   reference in the next array.
 */
import type { KubeObject } from '../resources/resourceType.js';

/** Applied to every object and array on its way out: a deep freeze of objects, a shallow one of arrays, in development. */
export interface HandOut {
  object(object: KubeObject): KubeObject;
  list(list: readonly KubeObject[]): readonly KubeObject[];
}

export class ListView {
  private list: readonly KubeObject[] | undefined;
  /**
   * The ref (`memberRef`) of each element of `list`, in the same order. Refs
   * sort as (namespace, name) do, so a member is found by a binary search of
   * plain string comparisons.
   */
  private refs: string[] = [];
  /** Members added, removed or changed since `list` was built. */
  private readonly changed = new Set<string>();

  /** Records a change; nothing to record before the first read, which builds the whole list. */
  change(ref: string): void {
    if (this.list) this.changed.add(ref);
  }

  read(members: ReadonlySet<string>, objects: ReadonlyMap<string, KubeObject>, handOut: HandOut): readonly KubeObject[] {
    if (!this.list) {
      this.refs = Array.from(members).toSorted();
      this.list = handOut.list(this.refs.map((ref) => handOut.object(objects.get(ref)!)));
    } else if (this.changed.size > 0) {
      const next = this.patch(members, objects, handOut);
      if (next !== this.list) this.list = handOut.list(next);
    }
    this.changed.clear();
    return this.list;
  }

  /** Forgets the array; the next read builds it again (a query that starts over). */
  reset(): void {
    this.list = undefined;
    this.refs = [];
    this.changed.clear();
  }

  /**
   * The previous list with the changed members replaced, removed or merged in:
   * O(k log n) string comparisons to place k changes, then one O(n) pass to
   * write the new array. The previous array itself when nothing visible changed.
   */
  private patch(members: ReadonlySet<string>, objects: ReadonlyMap<string, KubeObject>, handOut: HandOut): readonly KubeObject[] {
    const previous = this.list!;
    const replaced: [at: number, object: KubeObject][] = [];
    const removed: number[] = [];
    const added: string[] = [];
    for (const ref of this.changed) {
      const object = members.has(ref) ? objects.get(ref) : undefined;
      const at = lowerBound(this.refs, ref);
      const present = this.refs[at] === ref;
      if (!present) {
        if (object !== undefined) added.push(ref);
      } else if (object === undefined) {
        removed.push(at);
      } else if (previous[at] !== object && previous[at]!.metadata?.resourceVersion !== object.metadata?.resourceVersion) {
        replaced.push([at, handOut.object(object)]);
      }
    }
    if (removed.length === 0 && added.length === 0) {
      if (replaced.length === 0) return previous;
      const next = copy(previous);
      for (const [at, object] of replaced) next[at] = object;
      return next;
    }
    return this.splice(previous, new Map(replaced), new Set(removed), added.toSorted(), objects, handOut);
  }

  /** Removals and additions move positions: one merge pass writes the new array and refs. */
  private splice(
    previous: readonly KubeObject[],
    replaced: ReadonlyMap<number, KubeObject>,
    removed: ReadonlySet<number>,
    added: readonly string[],
    objects: ReadonlyMap<string, KubeObject>,
    handOut: HandOut,
  ): KubeObject[] {
    const next: KubeObject[] = [];
    const refs: string[] = [];
    let from = 0;
    const take = (ref: string) => {
      refs.push(ref);
      next.push(handOut.object(objects.get(ref)!));
    };
    for (let i = 0; i < previous.length; i++) {
      const ref = this.refs[i]!;
      while (from < added.length && added[from]! < ref) take(added[from++]!);
      if (removed.has(i)) continue;
      refs.push(ref);
      next.push(replaced.get(i) ?? previous[i]!);
    }
    while (from < added.length) take(added[from++]!);
    this.refs = refs;
    return next;
  }
}

/** A mutable copy, by a plain loop: V8 slices and spreads frozen arrays (development builds) many times slower. */
function copy(list: readonly KubeObject[]): KubeObject[] {
  // oxlint-disable-next-line unicorn/no-new-array -- preallocated: filling it is about twice as fast as pushing
  const next: KubeObject[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) next[i] = list[i]!;
  return next;
}

/** The first index whose ref does not sort before `ref`, in refs sorted as strings. */
function lowerBound(refs: readonly string[], ref: string): number {
  let low = 0;
  let high = refs.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (refs[middle]! < ref) low = middle + 1;
    else high = middle;
  }
  return low;
}
