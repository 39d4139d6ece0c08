/** The Kubernetes watch protocol and what a watch asks of the cache. */
import type { Status } from '../http/KubeApiError.js';
import type { KubeObject } from '../resources/resourceType.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent {
  type: WatchEventType;
  /** The object; for BOOKMARK only `metadata.resourceVersion` is meaningful; for ERROR a Status. */
  object: KubeObject | Status;
}

/** The annotation on the BOOKMARK that ends a streaming list's initial events. */
export const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

export type { CacheOp } from '../cache/cacheOps.js';

export interface ListPage {
  items: readonly KubeObject[];
  resourceVersion: string;
  continueToken?: string | undefined;
}
