/**
 * What subscribers read. A list is in a stable order (namespace, then name)
 * and every object in it is the cache's own snapshot, deeply frozen here, on
 * its way out: a version that no one reads (superseded within a batch, or in a
 * query without readers) is never walked.
 *
 * Invariants:
 * - the same array is returned until the query's revision moves;
 * - after that, the array is patched, not rebuilt: the store reports which
 *   members changed since the last read, each is found by binary search and
 *   replaced, removed or merged in, so a batch costs O(n) for the copy plus
 *   O(k log n) for its k changes instead of a collect-and-sort of all n;
 * - a change that leaves every member at the version already shown (a pod
 *   added and deleted within one batch, a relist that changed nothing)
 *   returns the previous array, so subscribers never see a repeated emission.
 */
import type { KubeObject } from '../resources/resourceType.js';
import { deepFreeze } from './deepFreeze.js';
import { shardOf, type CacheState, type QueryState } from './state.js';

interface Memo {
  revision: number;
  list: readonly KubeObject[];
}

export class ListSelector {
  private readonly memos = new Map<string, Memo>();

  /**
   * The query's members, or undefined before its first complete listing.
   * `changed` holds the `namespace/name` of every member added, removed or
   * changed since the last call for this key (the store collects them while a
   * memo exists); undefined means unknown, and the list is rebuilt.
   */
  list(state: CacheState, queryKey: string, changed?: ReadonlySet<string>): readonly KubeObject[] | undefined {
    const query = state.queries[queryKey];
    if (!query?.listed) return undefined;
    const memo = this.memos.get(queryKey);
    if (memo && memo.revision === query.revision) return memo.list;
    let list: readonly KubeObject[];
    if (memo && changed) {
      list = patch(memo.list, changed, state, query);
    } else {
      const rebuilt = collect(state, query).toSorted(byNamespaceAndName);
      list = memo && sameVersions(memo.list, rebuilt) ? memo.list : rebuilt;
    }
    if (list !== memo?.list) Object.freeze(list);
    this.memos.set(queryKey, { revision: query.revision, list });
    return list;
  }

  /** The first member (a name-selected query has at most one), or null. */
  one(state: CacheState, queryKey: string, changed?: ReadonlySet<string>): KubeObject | null | undefined {
    const list = this.list(state, queryKey, changed);
    return list === undefined ? undefined : (list[0] ?? null);
  }

  /** Whether a list was read for this key: only then are its changes worth collecting. */
  has(queryKey: string): boolean {
    return this.memos.has(queryKey);
  }

  forget(queryKey: string): void {
    this.memos.delete(queryKey);
  }
}

function split(ref: string): [namespace: string, name: string] {
  const slash = ref.indexOf('/');
  return [ref.slice(0, slash), ref.slice(slash + 1)];
}

function collect(state: CacheState, query: QueryState): KubeObject[] {
  const bucket = state.buckets[query.bucket];
  const objects: KubeObject[] = [];
  if (!bucket) return objects;
  for (const [shard, refs] of Object.entries(query.members)) {
    for (const ref of Object.keys(refs)) {
      const [namespace, name] = split(ref);
      const object = bucket[namespace]?.[Number(shard)]?.[name];
      if (object) objects.push(deepFreeze(object));
    }
  }
  return objects;
}

/** The previous list with the changed members replaced, removed or merged in; the same array when nothing visible changed. */
function patch(previous: readonly KubeObject[], changed: ReadonlySet<string>, state: CacheState, query: QueryState): readonly KubeObject[] {
  const bucket = state.buckets[query.bucket];
  let replaced: KubeObject[] | undefined;
  const removed = new Set<number>();
  const added: KubeObject[] = [];
  for (const ref of changed) {
    const [namespace, name] = split(ref);
    const shard = shardOf(name);
    const stored = query.members[shard]?.[ref] ? bucket?.[namespace]?.[shard]?.[name] : undefined;
    const object = stored && deepFreeze(stored);
    const at = indexOf(previous, namespace, name);
    if (object === undefined) {
      if (at !== -1) removed.add(at);
    } else if (at === -1) {
      added.push(object);
    } else if (previous[at]!.metadata?.resourceVersion !== object.metadata?.resourceVersion) {
      (replaced ??= copy(previous))[at] = object;
    }
  }
  if (!replaced && removed.size === 0 && added.length === 0) return previous;
  let next: KubeObject[] = replaced ?? copy(previous);
  if (removed.size > 0) next = next.filter((_, index) => !removed.has(index));
  return added.length > 0 ? merge(next, added.toSorted(byNamespaceAndName)) : next;
}

/** A mutable copy. Spread, not slice(): V8 slices a frozen array some 30 times slower. */
function copy(list: readonly KubeObject[]): KubeObject[] {
  return [...list];
}

/** Binary search by (namespace, name) in a list sorted that way. */
function indexOf(list: readonly KubeObject[], namespace: string, name: string): number {
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const order = compareKeys(list[middle]!.metadata?.namespace ?? '', list[middle]!.metadata?.name ?? '', namespace, name);
    if (order === 0) return middle;
    if (order < 0) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

function merge(a: readonly KubeObject[], b: readonly KubeObject[]): KubeObject[] {
  const merged: KubeObject[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) merged.push(byNamespaceAndName(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!);
  while (i < a.length) merged.push(a[i++]!);
  while (j < b.length) merged.push(b[j++]!);
  return merged;
}

function sameVersions(before: readonly KubeObject[], after: readonly KubeObject[]): boolean {
  if (before.length !== after.length) return false;
  for (let i = 0; i < before.length; i++) {
    const a = before[i]!;
    const b = after[i]!;
    if (a === b) continue;
    if (a.metadata?.resourceVersion !== b.metadata?.resourceVersion || byNamespaceAndName(a, b) !== 0) return false;
  }
  return true;
}

function compareKeys(namespaceA: string, nameA: string, namespaceB: string, nameB: string): number {
  if (namespaceA !== namespaceB) return namespaceA < namespaceB ? -1 : 1;
  return nameA < nameB ? -1 : nameA > nameB ? 1 : 0;
}

function byNamespaceAndName(a: KubeObject, b: KubeObject): number {
  return compareKeys(a.metadata?.namespace ?? '', a.metadata?.name ?? '', b.metadata?.namespace ?? '', b.metadata?.name ?? '');
}
