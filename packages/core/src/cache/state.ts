/**
 * The records of the cache. Objects are stored once per cluster and resource
 * type (a Bucket, with the optimistic edits of its objects); a query (one
 * watch key) holds the refs of its members, its resourceVersion and status,
 * and what it shows as immer state (shownState.ts). Records are the store's
 * own and change in place; what subscribers get are values produced from
 * them, which never change.
 */
import type { QueryStatus } from '../status/queryStatus.js';
import type { Bucket } from './bucket.js';
import { emptySlots, emptyState } from './shownState.js';
import type { ListView } from './listView.js';
import type { ObjectMatcher } from './objectMatcher.js';
import type { RefChange, ShownState, Slots } from './shownState.js';

export interface QueryRecord {
  readonly key: string;
  readonly bucketKey: string;
  readonly bucket: Bucket;
  /** The ref (`memberRef`) of every member the server listed. */
  readonly members: Set<string>;
  /** Whether a complete listing has arrived; before that there is no data to show. */
  listed: boolean;
  resourceVersion: string | undefined;
  /** Bumped by every batch that added, removed or changed a member. */
  revision: number;
  /** Replaced, never changed in place, so that a snapshot can hold it. */
  status: QueryStatus;
  /** What the query shows, produced once per flush from `changed`, and where each object sits in it. */
  shown: ShownState;
  readonly slots: Slots;
  /** Refs whose shown object may differ from `shown` (server versions, membership, edits). */
  readonly changed: Set<string>;
  /** A list query's array; undefined for a single-object query. */
  readonly list: ListView | undefined;
  /** Which written objects belong to the query (objectMatcher.ts). */
  readonly matches: ObjectMatcher | undefined;
  /** Per patch subscriber, the changes produced since it was last called. */
  readonly patchBuffers: Set<RefChange[]>;
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

/** The namespace and name a ref stands for. */
export function refParts(ref: string): [namespace: string, name: string] {
  const space = ref.indexOf(' ');
  return [ref.slice(0, space), ref.slice(space + 1)];
}

/** A query's record, empty: nothing listed yet, one shard of shown state. */
export function newQueryRecord(
  key: string,
  bucketKey: string,
  bucket: Bucket,
  status: QueryStatus,
  list: ListView | undefined,
  matches: ObjectMatcher | undefined,
): QueryRecord {
  bucket.users += 1;
  const query: QueryRecord = {
    key,
    bucketKey,
    bucket,
    members: new Set(),
    listed: false,
    resourceVersion: undefined,
    revision: 0,
    status,
    shown: emptyState(),
    slots: emptySlots(),
    changed: new Set(),
    list,
    matches,
    patchBuffers: new Set(),
  };
  bucket.queries.add(key);
  return query;
}
