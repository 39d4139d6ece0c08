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
  /** `namespace/name` of each element of `list`, in the same order. */
  private refs: string[] = [];
  /** ref -> its position in `list`; built when a read needs it, dropped when positions move. */
  private positions: Map<string, number> | undefined;
  /** Members (`namespace/name`) added, removed or changed since `list` was built. */
  private readonly changed = new Set<string>();

  /** Records a change; nothing to record before the first read, which builds the whole list. */
  change(ref: string): void {
    if (this.list) this.changed.add(ref);
  }

  read(members: ReadonlySet<string>, objects: ReadonlyMap<string, KubeObject>, handOut: HandOut): readonly KubeObject[] {
    if (!this.list) {
      const entries = build(members, objects, handOut);
      this.list = handOut.list(entries.map(([, object]) => object));
      this.refs = entries.map(([ref]) => ref);
      this.positions = undefined;
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
    this.positions = undefined;
    this.changed.clear();
  }

  /**
   * The previous list with the changed members replaced, removed or merged in.
   * A change finds its element by key in O(1); only additions are placed by
   * binary search. Replacements alone (most events) keep every position, so
   * the index stays valid; one O(n) pass writes the new array. The previous
   * array itself when nothing visible changed.
   */
  private patch(members: ReadonlySet<string>, objects: ReadonlyMap<string, KubeObject>, handOut: HandOut): readonly KubeObject[] {
    const previous = this.list!;
    const positions = (this.positions ??= indexOf(this.refs));
    const replaced: [at: number, object: KubeObject][] = [];
    const removed: number[] = [];
    const added: [ref: string, object: KubeObject][] = [];
    for (const ref of this.changed) {
      const object = members.has(ref) ? objects.get(ref) : undefined;
      const at = positions.get(ref);
      if (at === undefined) {
        if (object !== undefined) added.push([ref, handOut.object(object)]);
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
    return this.splice(previous, replaced, removed, added);
  }

  /** Removals and additions move positions: one merge pass writes the new array and keys, the index is rebuilt on the next patch. */
  private splice(previous: readonly KubeObject[], replaced: [number, KubeObject][], removed: number[], added: [string, KubeObject][]): KubeObject[] {
    const substitute = new Map(replaced);
    const gone = new Set(removed);
    const additions = added.toSorted(([, a], [, b]) => byNamespaceAndName(a, b));
    const next: KubeObject[] = [];
    const refs: string[] = [];
    let from = 0;
    for (let i = 0; i < previous.length; i++) {
      if (gone.has(i)) continue;
      const current = substitute.get(i) ?? previous[i]!;
      while (from < additions.length && byNamespaceAndName(additions[from]![1], current) < 0) {
        refs.push(additions[from]![0]);
        next.push(additions[from++]![1]);
      }
      refs.push(this.refs[i]!);
      next.push(current);
    }
    for (; from < additions.length; from++) {
      refs.push(additions[from]![0]);
      next.push(additions[from]![1]);
    }
    this.refs = refs;
    this.positions = undefined;
    return next;
  }
}

function build(members: ReadonlySet<string>, objects: ReadonlyMap<string, KubeObject>, handOut: HandOut): [string, KubeObject][] {
  const entries: [string, KubeObject][] = [];
  for (const ref of members) {
    const object = objects.get(ref);
    if (object) entries.push([ref, handOut.object(object)]);
  }
  return entries.toSorted(([, a], [, b]) => byNamespaceAndName(a, b));
}

/** A mutable copy, by a plain loop: V8 slices and spreads frozen arrays (development builds) many times slower. */
function copy(list: readonly KubeObject[]): KubeObject[] {
  // oxlint-disable-next-line unicorn/no-new-array -- preallocated: filling it is about twice as fast as pushing
  const next: KubeObject[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) next[i] = list[i]!;
  return next;
}

function indexOf(refs: readonly string[]): Map<string, number> {
  const positions = new Map<string, number>();
  for (let i = 0; i < refs.length; i++) positions.set(refs[i]!, i);
  return positions;
}

function namespaceOf(object: KubeObject): string {
  return object.metadata?.namespace ?? '';
}

function nameOf(object: KubeObject): string {
  return object.metadata?.name ?? '';
}

function compareKeys(namespaceA: string, nameA: string, namespaceB: string, nameB: string): number {
  if (namespaceA !== namespaceB) return namespaceA < namespaceB ? -1 : 1;
  return nameA < nameB ? -1 : nameA > nameB ? 1 : 0;
}

function byNamespaceAndName(a: KubeObject, b: KubeObject): number {
  return compareKeys(namespaceOf(a), nameOf(a), namespaceOf(b), nameOf(b));
}
