/**
 * The identity of a subscriber's question by value, for framework bindings
 * that must tell "the same question in a new object" (a re-render) from a new
 * question without resubscribing. Invariants: two params objects that ask the
 * same question have the same key whatever their key order or object identity
 * (a resource type counts as its group/version/plural, an undefined field as
 * absent); building a key never validates and never throws, so bad input is
 * still reported by the observer's error snapshot.
 */
import { groupVersionResource } from '../resources/resourceType.js';
import type { WatchResourceListParams, WatchResourceParams } from './querySpec.js';

/** A stable string for `watchResource` / `watchResourceList` params, equal for equal questions. */
export function paramsKey<T>(params: WatchResourceParams<T> | WatchResourceListParams<T>): string {
  const { resource, ...rest } = params as WatchResourceListParams<T>;
  // The defaults say nothing: `view: 'full'` and `keepManagedFields: false` are the question without them.
  if (rest.view === 'full') delete rest.view;
  if (rest.keepManagedFields === false) delete rest.keepManagedFields;
  return JSON.stringify(canonical({ ...rest, resource: groupVersionResource(resource) }));
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
