/** The Kubernetes watch and list protocol, as the watcher reads it. */
import type { Status } from '../errors/KubeApiError.js';
import type { KubeObject } from '../resources/resourceType.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent {
  type: WatchEventType;
  /** The object; for BOOKMARK only `metadata.resourceVersion` is meaningful; for ERROR a Status. */
  object: KubeObject | Status;
}

/** The annotation on the BOOKMARK that ends a streaming list's initial events. */
export const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

export interface ListPage {
  items: readonly KubeObject[];
  resourceVersion: string;
  continueToken?: string | undefined;
}

