/**
 * A subscriber's question, normalized into the key that decides sharing: two
 * questions with the same cluster, resource, namespace, selectors and polling
 * request are one query with one connection. Building a spec validates every
 * part, so bad input fails here, before any request.
 *
 * The key holds what the call asked for (`downgradePolling` and its interval),
 * not the transport it gets: the client's `downgradeWatch` can be switched at
 * runtime (`setDowngradeWatch`), and a query then changes transport under the
 * same key, keeping its data. The price: with `downgradeWatch` off, a call
 * that asks for `downgradePolling` and one that does not are two connections.
 */
import { KubeApiError } from '../errors/KubeApiError.js';
import { groupVersionResource, type ResourceType } from '../resources/resourceType.js';
import { resourcePath } from '../urls/resourcePath.js';
import { fieldSelector, labelSelector, type LabelSelectorObject, type SelectorInput } from '../urls/selectors.js';
import { validateName } from '../urls/validate.js';
import type { ResolvedOptions } from './options.js';
import { isResourceView, type ResourceView } from '../views/view.js';

export type DowngradePolling = boolean | { interval: number };

export interface WatchResourceListParams<T> {
  cluster?: string | undefined;
  resource: ResourceType<T>;
  /** A namespace, or undefined / null for every namespace (null is how UI state often says "all"). */
  namespace?: string | null | undefined;
  labelSelector?: SelectorInput | LabelSelectorObject | undefined;
  fieldSelector?: SelectorInput | undefined;
  /** Poll instead of watching when the client's `downgradeWatch` is on. */
  downgradePolling?: DowngradePolling | undefined;
  /**
   * What is kept of each object: `full` (default), `metadata` (PartialObjectMetadata)
   * or `table` (the server's printed row: cells and metadata). Each view is its own query.
   */
  view?: ResourceView | undefined;
  /** Keep metadata.managedFields (dropped by default, in every view). */
  keepManagedFields?: boolean | undefined;
}

export interface WatchResourceParams<T> {
  cluster?: string | undefined;
  resource: ResourceType<T>;
  /** Required when the resource is namespaced. */
  namespace?: string | undefined;
  name: string;
  downgradePolling?: DowngradePolling | undefined;
  /** Keep metadata.managedFields (dropped by default). */
  keepManagedFields?: boolean | undefined;
}

export interface QuerySpec {
  readonly key: string;
  readonly bucket: string;
  readonly cluster: string | undefined;
  readonly resource: ResourceType<unknown>;
  readonly namespace: string | undefined;
  readonly collectionPath: string;
  readonly labelSelector: string | undefined;
  readonly fieldSelector: string | undefined;
  /**
   * The call asked for `downgradePolling`: it polls while the client's
   * `downgradeWatch` is on. Plain data, so that a spec sent to another tab
   * means the same there; the transport is decided by client/connectionPlan.ts.
   */
  readonly downgradePolling: boolean;
  readonly pollInterval: number;
  /** The object's name, for a single-object query (`watchResource`). */
  readonly objectName?: string | undefined;
  /** What is kept of each object (views/view.ts), part of the key and of the bucket; undefined is 'full'. */
  readonly view?: ResourceView | undefined;
  /** undefined is false: managedFields are dropped. */
  readonly keepManagedFields?: boolean | undefined;
}

/** Where the cache keeps a cluster's objects of a resource type: one bucket, whichever queries read them. */
export function bucketKeyOf(cluster: string | undefined, resource: ResourceType<unknown>): string {
  return `${cluster ?? ''}|${groupVersionResource(resource)}`;
}

/** `objectName` is set by objectSpec: the list is that one object's. */
export function listSpec(params: WatchResourceListParams<unknown>, options: ResolvedOptions, objectName?: string): QuerySpec {
  // null and undefined both mean every namespace.
  const namespace = params.namespace ?? undefined;
  const collectionPath = resourcePath({ cluster: params.cluster, resource: params.resource, namespace }, options.clusterPrefix);
  const labels = params.labelSelector === undefined ? undefined : labelSelector(params.labelSelector) || undefined;
  const fields = params.fieldSelector === undefined ? undefined : fieldSelector(params.fieldSelector) || undefined;
  const pollInterval = requestedPollInterval(params.downgradePolling, options.pollInterval);
  const view = params.view ?? 'full';
  if (!isResourceView(view)) throw KubeApiError.invalid(`view must be 'full', 'metadata' or 'table', got ${JSON.stringify(view)}`, 'view');
  const keepManagedFields = params.keepManagedFields === true;
  // A full object and a metadata object (or a row) of the same pod must never overwrite each other: each view has its own bucket.
  const bucket = `${bucketKeyOf(params.cluster, params.resource)}${view === 'full' ? '' : `|${view}`}${keepManagedFields ? '|managedFields' : ''}`;
  const key = JSON.stringify([bucket, namespace ?? '', labels ?? '', fields ?? '', pollInterval ?? 0]);
  return {
    key,
    bucket,
    cluster: params.cluster,
    resource: params.resource,
    namespace,
    collectionPath,
    labelSelector: labels,
    fieldSelector: fields,
    downgradePolling: pollInterval !== undefined,
    pollInterval: pollInterval ?? options.pollInterval,
    objectName,
    view,
    keepManagedFields,
  };
}

/**
 * One object is watched the way consoles do it: its collection with
 * `fieldSelector=metadata.name={name}`. A namespaced kind needs its namespace,
 * as `getResource` does: without one the query would span every namespace.
 */
export function objectSpec(params: WatchResourceParams<unknown>, options: ResolvedOptions): QuerySpec {
  const name = validateName(params.name);
  if (params.resource.namespaced && (params.namespace === undefined || params.namespace === null)) {
    throw KubeApiError.invalid(`${params.resource.kind} ${name}: a namespaced object needs a namespace`, 'metadata.namespace');
  }
  return listSpec(
    {
      cluster: params.cluster,
      resource: params.resource,
      namespace: params.namespace,
      fieldSelector: `metadata.name=${name}`,
      downgradePolling: params.downgradePolling,
      keepManagedFields: params.keepManagedFields,
    },
    options,
    params.name,
  );
}

/** The interval a call asked to be polled at when downgraded; undefined when it did not ask. */
function requestedPollInterval(polling: DowngradePolling | undefined, clientInterval: number): number | undefined {
  if (!polling) return undefined;
  if (polling === true) return clientInterval;
  if (!(typeof polling.interval === 'number' && polling.interval > 0 && Number.isFinite(polling.interval))) {
    throw KubeApiError.invalid(`downgradePolling.interval must be a positive number of milliseconds, got ${String(polling.interval)}`, 'downgradePolling.interval');
  }
  return polling.interval;
}
