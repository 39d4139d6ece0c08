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
  /** Members (`namespace/name`) added, removed or changed since `list` was built. */
  private readonly changed = new Set<string>();

  /** Records a change; nothing to record before the first read, which builds the whole list. */
  change(ref: string): void {
    if (this.list) this.changed.add(ref);
  }

  read(members: ReadonlySet<string>, objects: ReadonlyMap<string, KubeObject>, handOut: HandOut): readonly KubeObject[] {
    if (!this.list) {
      this.list = handOut.list(build(members, objects, handOut));
    } else if (this.changed.size > 0) {
      const next = patch(this.list, this.changed, members, objects, handOut);
      if (next !== this.list) this.list = handOut.list(next);
    }
    this.changed.clear();
    return this.list;
  }

  /** Forgets the array; the next read builds it again (a query that starts over). */
  reset(): void {
    this.list = undefined;
    this.changed.clear();
  }
}

function build(members: ReadonlySet<string>, objects: ReadonlyMap<string, KubeObject>, handOut: HandOut): KubeObject[] {
  const list: KubeObject[] = [];
  for (const ref of members) {
    const object = objects.get(ref);
    if (object) list.push(handOut.object(object));
  }
  return list.toSorted(byNamespaceAndName);
}

/** One change to place in the previous list: at `index`, drop the old element, put `object` (or both). */
interface Edit {
  index: number;
  /** Whether the element at `index` goes (removed or replaced). */
  drop: boolean;
  object: KubeObject | undefined;
}

/**
 * The previous list with the changed members replaced, removed or merged in:
 * O(k log n) to place k changes, then one tight copy of the n elements
 * between them. The previous array itself when nothing visible changed.
 */
function patch(
  previous: readonly KubeObject[],
  changed: ReadonlySet<string>,
  members: ReadonlySet<string>,
  objects: ReadonlyMap<string, KubeObject>,
  handOut: HandOut,
): readonly KubeObject[] {
  const edits: Edit[] = [];
  let length = previous.length;
  for (const ref of changed) {
    const object = members.has(ref) ? objects.get(ref) : undefined;
    const slash = ref.indexOf('/');
    const namespace = ref.slice(0, slash);
    const name = ref.slice(slash + 1);
    const at = lowerBound(previous, namespace, name);
    const present = at < previous.length && compareKeys(namespaceOf(previous[at]!), nameOf(previous[at]!), namespace, name) === 0;
    if (object === undefined) {
      if (!present) continue;
      edits.push({ index: at, drop: true, object: undefined });
      length -= 1;
    } else if (!present) {
      edits.push({ index: at, drop: false, object: handOut.object(object) });
      length += 1;
    } else if (previous[at] !== object && previous[at]!.metadata?.resourceVersion !== object.metadata?.resourceVersion) {
      edits.push({ index: at, drop: true, object: handOut.object(object) });
    }
  }
  if (edits.length === 0) return previous;
  // Insertions before the same index keep their (namespace, name) order.
  edits.sort((a, b) => a.index - b.index || (a.drop ? 1 : 0) - (b.drop ? 1 : 0) || (a.object && b.object ? byNamespaceAndName(a.object, b.object) : 0));
  // oxlint-disable-next-line unicorn/no-new-array -- preallocated: filling it is about twice as fast as pushing, and this copies n elements
  const next: KubeObject[] = new Array(length);
  let write = 0;
  let read = 0;
  for (const edit of edits) {
    while (read < edit.index) next[write++] = previous[read++]!;
    if (edit.object) next[write++] = edit.object;
    if (edit.drop) read += 1;
  }
  while (read < previous.length) next[write++] = previous[read++]!;
  return next;
}

/** The first index whose element does not sort before (namespace, name), in a list sorted that way. */
function lowerBound(list: readonly KubeObject[], namespace: string, name: string): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareKeys(namespaceOf(list[middle]!), nameOf(list[middle]!), namespace, name) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
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
