/**
 * The array a list query hands out, in a stable order (namespace, then
 * name), kept up to date from the query's immer patches, as changes by ref
 * (shownState.ts).
 *
 * Invariants:
 * - the array the view works on is its own and is never handed out: a
 *   subscriber gets a frozen copy, made at most once per change, so nothing
 *   a subscriber holds is ever the base of the next value;
 * - a change costs O(log n) to place; a batch that adds or removes members
 *   costs one O(n) merge, and every read after changes one O(n) copy, both
 *   bounded in rate by the flushes (schedule.ts, notifier.ts), never per event;
 * - objects are the query's shown versions: an unchanged object is the same
 *   reference in the next array.
 */
import type { KubeObject } from '../resources/resourceType.js';
import type { RefChange } from './shownState.js';

export class ListView {
  /** The members, sorted by ref; refs (`memberRef`) sort as (namespace, name) do. */
  private items: KubeObject[] = [];
  private refs: string[] = [];
  /** The frozen copy last handed out; undefined after a change. */
  private handedOut: readonly KubeObject[] | undefined;

  constructor(private readonly freeze: (list: readonly KubeObject[]) => readonly KubeObject[]) {}

  apply(changes: readonly RefChange[]): void {
    const added = new Map<string, KubeObject>();
    const removed = new Set<number>();
    for (const { ref, object } of changes) {
      const at = lowerBound(this.refs, ref);
      const present = this.refs[at] === ref;
      if (object === undefined) {
        if (present) removed.add(at);
      } else if (present) this.items[at] = object;
      else added.set(ref, object);
    }
    if (added.size > 0 || removed.size > 0) this.merge(added, removed);
    this.handedOut = undefined;
  }

  read(): readonly KubeObject[] {
    return (this.handedOut ??= this.freeze(copy(this.items)));
  }

  /** One pass that drops the removed positions and merges the added refs in order. */
  private merge(added: ReadonlyMap<string, KubeObject>, removed: ReadonlySet<number>): void {
    const incoming = Array.from(added.keys()).toSorted();
    const items: KubeObject[] = [];
    const refs: string[] = [];
    let next = 0;
    for (let i = 0; i < this.refs.length; i++) {
      const ref = this.refs[i]!;
      while (next < incoming.length && incoming[next]! < ref) {
        refs.push(incoming[next]!);
        items.push(added.get(incoming[next++]!)!);
      }
      if (removed.has(i)) continue;
      refs.push(ref);
      items.push(this.items[i]!);
    }
    for (; next < incoming.length; next++) {
      refs.push(incoming[next]!);
      items.push(added.get(incoming[next]!)!);
    }
    this.items = items;
    this.refs = refs;
  }
}

/** A copy by a plain loop into a preallocated array: about twice as fast as pushing. */
function copy(list: readonly KubeObject[]): KubeObject[] {
  // oxlint-disable-next-line unicorn/no-new-array -- preallocated on purpose
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
