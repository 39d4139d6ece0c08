// Reads one page of a list, in key order, from a resource's current objects
// or from a past state given as an overlay of what changed since: the watch
// cache keeps the same two things, its store and a window of recent events
// (staging/src/k8s.io/apiserver/pkg/storage/cacher/watch_cache.go: `store`,
// and the cyclic `cache` that `getAllEventsSinceLocked` reads). A page costs
// the candidates it walks (an index when the
// query has one) plus the overlay, never the resource's size, and no sort:
// the candidates are already in order and the overlay is small.
import type { Change, KubeObject } from './eventLog.js';
import type { Query } from './query.js';
import { resourceKey } from './resources.js';
import { storeKey, type ResourceStore } from './resourceStore.js';
import type { SortedKeys } from './sortedKeys.js';

/** What each key changed since a past resourceVersion held then (undefined: it did not exist). */
export type PastOverlay = ReadonlyMap<string, KubeObject | undefined>;

/** The overlay that turns the current objects of `resource` back into their state before `later`. */
export function pastOverlay(later: readonly Change[], resource: { group: string; plural: string }): PastOverlay {
  const wanted = resourceKey(resource);
  const overlay = new Map<string, KubeObject | undefined>();
  // Oldest first, and the first change of a key wins: its `previous` is the state at the past version.
  for (const change of later) {
    if (resourceKey(change.resource) !== wanted) continue;
    const key = storeKey(change.object.metadata.namespace, change.object.metadata.name);
    if (!overlay.has(key)) overlay.set(key, change.previous);
  }
  return overlay;
}

export interface Range {
  items: KubeObject[];
  /** More matches follow the page. */
  more: boolean;
  /** How many matches follow the page, when asked to count them and `more`. */
  remaining?: number;
}

export interface RangeRequest {
  query: Query;
  namespaced: boolean;
  overlay?: PastOverlay | undefined;
  /** Key of the last object already sent ('' = from the start). */
  after: string;
  /** 0 = no limit. */
  limit: number;
  /**
   * Count what follows the page. Only for queries whose candidates are exactly
   * their matches (no label or field selector): the count is then positional.
   */
  countRemaining: boolean;
}

export function readRange(store: ResourceStore, req: RangeRequest): Range {
  const { query, overlay, after, limit } = req;
  const keys = store.candidates(query, req.namespaced);
  const extra = overlay ? [...overlay.keys()].filter((k) => k > after).toSorted() : [];
  const objectAt = (key: string) => (overlay?.has(key) ? overlay.get(key) : store.get(key));
  const items: KubeObject[] = [];
  const current = keys.from(after);
  let next = current.next();
  let j = 0;
  while (!next.done || j < extra.length) {
    let key: string;
    if (j >= extra.length || (!next.done && next.value < extra[j]!)) {
      key = next.value!;
      next = current.next();
    } else if (next.done || extra[j]! < next.value) key = extra[j++]!;
    else {
      key = next.value;
      next = current.next();
      j++;
    }
    const obj = objectAt(key);
    if (!obj || !query.match(obj)) continue;
    if (limit > 0 && items.length === limit) {
      return { items, more: true, ...(req.countRemaining ? { remaining: remainingAfter(store, req, keys, items) } : {}) };
    }
    items.push(obj);
  }
  return { items, more: false };
}

/** Matches after the page's last key: the current candidates after it, corrected by the overlay. */
function remainingAfter(store: ResourceStore, req: RangeRequest, keys: SortedKeys, items: KubeObject[]): number {
  const last = items[items.length - 1]!;
  const lastKey = storeKey(last.metadata.namespace, last.metadata.name);
  let count = keys.countAfter(lastKey);
  for (const [key, then] of req.overlay ?? []) {
    if (key <= lastKey) continue;
    const now = store.get(key);
    count += (then && req.query.match(then) ? 1 : 0) - (now && req.query.match(now) ? 1 : 0);
  }
  return count;
}
