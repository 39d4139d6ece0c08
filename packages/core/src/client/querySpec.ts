/**
 * A subscriber's question, normalized into the key that decides sharing: two
 * questions with the same cluster, resource, namespace, selectors and
 * transport are one query with one connection. Building a spec validates every
 * part, so bad input fails here, before any request.
 */
import { groupVersionResource, type ResourceType } from '../resources/resourceType.js';
import { resourcePath } from '../urls/resourcePath.js';
import { fieldSelector, labelSelector, type LabelSelectorObject, type SelectorInput } from '../urls/selectors.js';
import { validateName } from '../urls/validate.js';
import type { Transport } from '../cache/state.js';
import type { ResolvedOptions } from './options.js';

export type DowngradePolling = boolean | { interval: number };

export interface WatchResourceListParams<T> {
  cluster?: string | undefined;
  resource: ResourceType<T>;
  namespace?: string | undefined;
  labelSelector?: SelectorInput | LabelSelectorObject | undefined;
  fieldSelector?: SelectorInput | undefined;
  /** Poll instead of watching when the client's `downgradeWatch` is on. */
  downgradePolling?: DowngradePolling | undefined;
}

export interface WatchResourceParams<T> {
  cluster?: string | undefined;
  resource: ResourceType<T>;
  namespace?: string | undefined;
  name: string;
  downgradePolling?: DowngradePolling | undefined;
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
  readonly transport: Transport;
  readonly pollInterval: number;
  /** The object's name, for a single-object query (`watchResource`). */
  readonly objectName?: string | undefined;
}

/** `objectName` is set by objectSpec: the list is that one object's. */
export function listSpec(params: WatchResourceListParams<unknown>, options: ResolvedOptions, objectName?: string): QuerySpec {
  const collectionPath = resourcePath({ cluster: params.cluster, resource: params.resource, namespace: params.namespace }, options.clusterPrefix);
  const labels = params.labelSelector === undefined ? undefined : labelSelector(params.labelSelector) || undefined;
  const fields = params.fieldSelector === undefined ? undefined : fieldSelector(params.fieldSelector) || undefined;
  const polling = options.downgradeWatch && params.downgradePolling ? params.downgradePolling : false;
  const transport: Transport = polling ? 'poll' : 'stream';
  const pollInterval = typeof polling === 'object' ? polling.interval : options.pollInterval;
  const bucket = `${params.cluster ?? ''}|${groupVersionResource(params.resource)}`;
  const key = JSON.stringify([bucket, params.namespace ?? '', labels ?? '', fields ?? '', transport, transport === 'poll' ? pollInterval : 0]);
  return { key, bucket, cluster: params.cluster, resource: params.resource, namespace: params.namespace, collectionPath, labelSelector: labels, fieldSelector: fields, transport, pollInterval, objectName };
}

/** One object is watched the way consoles do it: its collection with `fieldSelector=metadata.name={name}`. */
export function objectSpec(params: WatchResourceParams<unknown>, options: ResolvedOptions): QuerySpec {
  return listSpec(
    {
      cluster: params.cluster,
      resource: params.resource,
      namespace: params.namespace,
      fieldSelector: `metadata.name=${validateName(params.name)}`,
      downgradePolling: params.downgradePolling,
    },
    options,
    params.name,
  );
}
