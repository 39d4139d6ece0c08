/**
 * What subscribers read. A list is rebuilt only when its query's revision
 * moved, in a stable order (namespace, then name); the same array is returned
 * until then, and every object in it is the cache's own frozen snapshot. A
 * rebuild that yields the same objects at the same versions (a pod added and
 * deleted within one batch, a relist that changed nothing) returns the
 * previous array, so subscribers never see a repeated emission.
 */
import type { KubeObject } from '../resources/resourceType.js';
import type { CacheState, QueryState } from './state.js';

interface Memo {
  revision: number;
  list: readonly KubeObject[];
}

export class ListSelector {
  private readonly memos = new Map<string, Memo>();

  /** The query's members, or undefined before its first complete listing. */
  list(state: CacheState, queryKey: string): readonly KubeObject[] | undefined {
    const query = state.queries[queryKey];
    if (!query?.listed) return undefined;
    const memo = this.memos.get(queryKey);
    if (memo && memo.revision === query.revision) return memo.list;
    const rebuilt = collect(state, query).toSorted(byNamespaceAndName);
    const list = memo && sameVersions(memo.list, rebuilt) ? memo.list : Object.freeze(rebuilt);
    this.memos.set(queryKey, { revision: query.revision, list });
    return list;
  }

  /** The first member (a name-selected query has at most one), or null. */
  one(state: CacheState, queryKey: string): KubeObject | null | undefined {
    const list = this.list(state, queryKey);
    return list === undefined ? undefined : (list[0] ?? null);
  }

  forget(queryKey: string): void {
    this.memos.delete(queryKey);
  }
}

function collect(state: CacheState, query: QueryState): KubeObject[] {
  const bucket = state.buckets[query.bucket];
  const objects: KubeObject[] = [];
  if (!bucket) return objects;
  for (const [shard, refs] of Object.entries(query.members)) {
    for (const ref of Object.keys(refs)) {
      const slash = ref.indexOf('/');
      const object = bucket[ref.slice(0, slash)]?.[Number(shard)]?.[ref.slice(slash + 1)];
      if (object) objects.push(object);
    }
  }
  return objects;
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

function byNamespaceAndName(a: KubeObject, b: KubeObject): number {
  const x = a.metadata?.namespace ?? '';
  const y = b.metadata?.namespace ?? '';
  if (x !== y) return x < y ? -1 : 1;
  const m = a.metadata?.name ?? '';
  const n = b.metadata?.name ?? '';
  return m < n ? -1 : m > n ? 1 : 0;
}
