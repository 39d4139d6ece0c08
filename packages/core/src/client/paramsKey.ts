/**
 * The identity of a subscriber's question by value, for framework bindings
 * that must tell "the same question in a new object" (a re-render) from a new
 * question without resubscribing. Invariants: two params objects that ask the
 * same question have the same key whatever their key order or object identity
 * (a resource type counts as its group/version/plural, an undefined field as
 * absent); building a key never validates and never throws, so bad input is
 * still reported by the observer's error snapshot.
 */
import { Observable } from 'rxjs';
import type { QueryStatus } from '../cache/state.js';
import { resourceKey } from '../resources/resourceType.js';
import type { QueryObserver, QuerySnapshot } from './queryObserver.js';
import type { WatchResourceListParams, WatchResourceParams } from './querySpec.js';

/** A stable string for `watchResource` / `watchResourceList` params, equal for equal questions. */
export function paramsKey<T>(params: WatchResourceParams<T> | WatchResourceListParams<T>): string {
  const { resource, ...rest } = params;
  return JSON.stringify(canonical({ ...rest, resource: resourceKey(resource) }));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  const record = value as { readonly [key: string]: unknown };
  const sorted: { [key: string]: unknown } = {};
  for (const key of Object.keys(record).toSorted()) {
    if (record[key] !== undefined) sorted[key] = canonical(record[key]);
  }
  return sorted;
}

const IDLE_STATUS: QueryStatus = Object.freeze({ phase: 'loading', transport: 'stream', reconnects: 0 });
const IDLE_SNAPSHOT: QuerySnapshot<never> = Object.freeze({ data: undefined, status: IDLE_STATUS, error: undefined });

/**
 * The observer of no question (params `null` while, say, a detail page waits
 * for a name): no data, status loading, never changes, opens nothing.
 */
export const idleObserver: QueryObserver<never> = Object.freeze({
  getSnapshot: () => IDLE_SNAPSHOT,
  subscribe: () => () => undefined,
  snapshots: () => new Observable<QuerySnapshot<never>>((subscriber) => subscriber.next(IDLE_SNAPSHOT)),
});
