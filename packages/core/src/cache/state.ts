/**
 * The records of the cache. Objects are stored once per cluster and resource
 * type (a Bucket); a query (one watch key) holds the keys of its members, its
 * resourceVersion and its status. Every record is the store's own and changes
 * in place: what subscribers get are the values handed out by selectors, which
 * never change (see listView.ts).
 */
import type { KubeApiError } from '../http/KubeApiError.js';
import type { Bucket } from './bucket.js';
import type { ListView } from './listView.js';

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

export interface QueryRecord {
  readonly key: string;
  readonly bucketKey: string;
  readonly bucket: Bucket;
  /** `namespace/name` of every member. */
  readonly members: Set<string>;
  /** Whether a complete listing has arrived; before that there is no data to show. */
  listed: boolean;
  resourceVersion: string | undefined;
  /** Bumped by every batch that added, removed or changed a member. */
  revision: number;
  /** Replaced, never changed in place, so that a snapshot can hold it. */
  status: QueryStatus;
  readonly view: ListView;
}

/** What the store tells about a query. */
export interface QueryInfo {
  readonly listed: boolean;
  readonly resourceVersion: string | undefined;
  readonly revision: number;
  readonly status: QueryStatus;
}

export function memberRef(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}
