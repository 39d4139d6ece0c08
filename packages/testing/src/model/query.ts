// A list or watch request's selectors, compiled once: the predicate every
// answer must pass, and the equalities an index can answer (namespace,
// `metadata.name`, `key=value` labels). The predicate stays the truth; the
// indexes only narrow what it is tried on, as the watch cache's indexers do
// (staging/src/k8s.io/apiserver/pkg/storage/cacher/watch_cache.go,
// `WaitUntilFreshAndList` prefilters through `store.ByIndex`; picking the
// index with the fewest items, done here, is its TODO) and as the cacher scopes a watch to a
// namespace and name (cacher.go, `indexedWatchers.allWatchers` keyed by
// `namespacedName`).
import type { KubeObject } from './eventLog.js';
import { compileFieldSelector, parseFieldSelector } from './fieldSelector.js';
import { parseLabelSelector } from './labelSelector.js';
import type { ResourceInfo } from './resources.js';

export interface ListOptions {
  namespace?: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
}

export interface Query {
  match(obj: KubeObject): boolean;
  /** Every match is in this namespace (namespaced kinds only). */
  namespace?: string;
  /** Every match has this name. */
  name?: string;
  /** Every match carries each of these labels with exactly this value. */
  labels: ReadonlyArray<readonly [string, string]>;
}

/** Compiles `options` for `resource`; an invalid selector throws 400 (an ApiError). */
export function compileQuery(resource: ResourceInfo, options: ListOptions): Query {
  const labels = parseLabelSelector(options.labelSelector);
  const fieldSelector = parseFieldSelector(options.fieldSelector);
  const fields = compileFieldSelector(fieldSelector, resource.fields);
  const routeNamespace = resource.namespaced ? options.namespace || undefined : undefined;
  const match = (obj: KubeObject) =>
    (!routeNamespace || obj.metadata.namespace === routeNamespace) && labels.matches(obj.metadata.labels) && fields(obj);

  const query: Query = { match, labels: [] };
  if (routeNamespace !== undefined) query.namespace = routeNamespace;
  for (const r of fieldSelector.requirements) {
    if (r.op !== '=') continue;
    if (r.field === 'metadata.name') query.name = r.value;
    // A second, different namespace matches nothing; the predicate says so, any one of them narrows.
    else if (r.field === 'metadata.namespace' && resource.namespaced) query.namespace ??= r.value;
  }
  const equal: Array<readonly [string, string]> = [];
  for (const r of labels.requirements) {
    if (r.op === '=') equal.push([r.key, r.value]);
    else if (r.op === 'in' && r.values.length === 1) equal.push([r.key, r.values[0]!]);
  }
  query.labels = equal;
  return query;
}

/** Whether the query selects by anything but its namespace (then a list reports no remainingItemCount). */
export const hasSelectors = (options: ListOptions) => Boolean(options.labelSelector || options.fieldSelector);
