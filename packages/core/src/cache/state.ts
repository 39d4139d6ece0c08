/**
 * The records of the cache. Objects are stored once per cluster and resource
 * type (a Bucket); a query (one watch key) holds the keys of its members, its
 * resourceVersion and its status. Every record is the store's own and changes
 * in place: what subscribers get are the values handed out by selectors, which
 * never change (see listView.ts).
 */
import type { QueryStatus } from '../status/queryStatus.js';
import type { Bucket } from './bucket.js';
import type { ListView } from './listView.js';


export interface QueryRecord {
  readonly key: string;
  readonly bucketKey: string;
  readonly bucket: Bucket;
  /** The ref (`memberRef`) of every member. */
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

/**
 * The key of an object within its bucket. The space never occurs in a
 * namespace or a name and sorts before every character they hold, so refs
 * compare as strings the way objects sort, by namespace, then name: a list
 * view finds a member by a binary search of plain string comparisons.
 */
export function memberRef(namespace: string, name: string): string {
  return `${namespace} ${name}`;
}
