/** The Kubernetes watch protocol and what a watch asks of the cache. */
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

/**
 * Changes to one query's slice of the cache. A watch turns server events into
 * these; the cache applies one array of them per batch.
 */
export type CacheOp =
  /** A complete listing: the query's members become exactly these objects. */
  | { type: 'replace'; objects: readonly KubeObject[]; resourceVersion: string }
  | { type: 'upsert'; object: KubeObject }
  | { type: 'delete'; object: KubeObject }
  /** The query has seen everything up to this version (a bookmark, or the last event of a batch). */
  | { type: 'resourceVersion'; resourceVersion: string }
  | { type: 'status'; phase: 'ready' | 'reconnecting'; error?: unknown };

export interface ListPage {
  items: readonly KubeObject[];
  resourceVersion: string;
  continueToken?: string | undefined;
}
