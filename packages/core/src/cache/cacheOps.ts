/**
 * Changes to one query's slice of the cache. A watch (or a poll) turns what
 * the server said into these; the cache applies one array of them per batch.
 */
import type { KubeObject } from '../resources/resourceType.js';

export type CacheOp =
  /** A complete listing: the query's members become exactly these objects. */
  | { type: 'replace'; objects: readonly KubeObject[]; resourceVersion: string }
  | { type: 'upsert'; object: KubeObject }
  | { type: 'delete'; object: KubeObject }
  /** The query has seen everything up to this version (a bookmark, or the last event of a batch). */
  | { type: 'resourceVersion'; resourceVersion: string }
  | { type: 'status'; phase: 'ready' | 'reconnecting'; error?: unknown };
