/**
 * Changes to one query's slice of the cache. A watch turns server events into
 * these; the cache applies one array of them per batch.
 */
import type { KubeObject } from '../resources/resourceType.js';
import type { StatusNotice } from '../status/queryStatus.js';

export type CacheOp =
  /** A complete listing: the query's members become exactly these objects. */
  | { type: 'replace'; objects: readonly KubeObject[]; resourceVersion: string }
  | { type: 'upsert'; object: KubeObject }
  /** An object as another tab's cache shows it, taken as it is: that tab is this query's source of truth. */
  | { type: 'set'; object: KubeObject }
  | { type: 'delete'; object: KubeObject }
  /** The query has seen everything up to this version (a bookmark, or the last event of a batch). */
  | { type: 'resourceVersion'; resourceVersion: string }
  /** A status event (see status/nextStatus.ts): live again, or recovering from `error`. */
  | { type: 'status'; phase: 'ready' | 'reconnecting'; error?: unknown; notice?: StatusNotice | undefined; stale?: boolean | undefined }
  /** The watcher paused (a hidden tab's streams closed on purpose) or resumed. */
  | { type: 'status'; paused: boolean };
