/**
 * The shape of the cache. Objects are stored once per cluster and resource
 * type ("bucket"), then by namespace and by a shard of their name, so that
 * applying a batch copies only the few small records it touches: the cost of a
 * batch does not grow with the number of cached objects. A query (one watch
 * key) holds its members' keys, sharded the same way, and its status.
 */
import type { KubeApiError } from '../errors/KubeApiError.js';
import type { KubeObject } from '../resources/resourceType.js';

export type Phase = 'loading' | 'ready' | 'reconnecting' | 'polling' | 'error';
export type Transport = 'stream' | 'poll';

export interface QueryStatus {
  /** loading until the first complete answer; ready (stream) or polling (poll) while live; reconnecting while recovering; error when ended. */
  readonly phase: Phase;
  readonly transport: Transport;
  /** The last failure: the fatal one in `error`, the transient one being recovered in `reconnecting`/`loading`. */
  readonly error?: KubeApiError | undefined;
  /** How many times the query lost its connection. */
  readonly reconnects: number;
}

/** name -> object within one shard. */
export type Shard = { [name: string]: KubeObject };
/** namespace ('' for cluster-scoped) -> shard number -> Shard. */
export type Bucket = { [namespace: string]: { [shard: number]: Shard } };

export interface QueryState {
  readonly bucket: string;
  /** shard number -> `namespace/name` -> true. */
  readonly members: { [shard: number]: { [ref: string]: true } };
  /** Whether a complete listing has arrived; before that there is no data to show. */
  readonly listed: boolean;
  readonly resourceVersion?: string | undefined;
  /** Bumped whenever a member is added, removed or changed: selectors rebuild only then. */
  readonly revision: number;
  readonly status: QueryStatus;
}

export interface CacheState {
  readonly buckets: { [bucket: string]: Bucket };
  readonly queries: { [queryKey: string]: QueryState };
}

export const emptyCache: CacheState = { buckets: {}, queries: {} };

export const SHARDS = 256;

/** FNV-1a of the name, folded to a shard number. */
export function shardOf(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % SHARDS;
}

export function memberRef(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}
