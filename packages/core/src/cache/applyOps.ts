/**
 * The mutators that apply one query's batch of ops to the cache records.
 *
 * Invariants:
 * - a newer resourceVersion is never replaced by an older one (two watches may
 *   feed the same object); an equal one keeps the stored object, so unchanged
 *   objects keep their identity;
 * - an object stays in its bucket while at least one query holds it, and
 *   leaves it with the last one;
 * - every query and reader whose data changed is reported through `changed`,
 *   found by the object's key: the cost of an op does not grow with the number
 *   of cached objects or of queries.
 */
import type { KubeObject } from '../resources/resourceType.js';
import type { CacheOp } from './cacheOp.js';
import { compareResourceVersions } from './resourceVersion.js';
import type { StatusEvent } from '../status/nextStatus.js';
import { memberRef, type QueryRecord } from './state.js';

export interface Batch {
  readonly query: QueryRecord;
  /** Reports that member `ref` changed for the query or reader `key`; without `ref`, that the query's data changed otherwise. */
  readonly changed: (key: string, ref?: string) => void;
  /** Hands a status event of the query to the store (status/nextStatus.ts decides what it means). */
  readonly statusEvent: (event: StatusEvent) => void;
}

export function applyOps(batch: Batch, ops: readonly CacheOp[]): void {
  const { query } = batch;
  for (const op of ops) {
    switch (op.type) {
      case 'upsert':
        upsert(batch, op.object);
        break;
      case 'set':
        set(batch, op.object);
        break;
      case 'delete': {
        const ref = refOf(op.object);
        if (ref !== undefined) query.bucket.deleted.delete(ref);
        remove(batch, ref);
        break;
      }
      case 'replace':
        replace(batch, op.objects);
        query.resourceVersion = op.resourceVersion;
        if (!query.listed) {
          query.listed = true;
          batch.changed(query.key);
        }
        break;
      case 'resourceVersion':
        query.resourceVersion = op.resourceVersion;
        break;
      case 'status':
        batch.statusEvent(op);
        break;
    }
  }
}

export function refOf(object: KubeObject): string | undefined {
  const name = object.metadata?.name;
  return typeof name === 'string' && name !== '' ? memberRef(object.metadata?.namespace ?? '', name) : undefined;
}

function upsert(batch: Batch, object: KubeObject): string | undefined {
  const ref = refOf(object);
  if (ref === undefined) return undefined;
  const { query } = batch;
  const { bucket } = query;
  if (isDeletedVersion(bucket, ref, object)) return undefined;
  const current = bucket.objects.get(ref);
  const isMember = query.members.has(ref);
  if (current === undefined || compareResourceVersions(object.metadata?.resourceVersion, current.metadata?.resourceVersion) > 0) {
    bucket.objects.set(ref, object);
    if (!isMember) join(batch, ref);
    bucket.forEachHolder(ref, (key) => batch.changed(key, ref));
    for (const key of bucket.readersOf(ref)) batch.changed(key, ref);
  } else if (!isMember) {
    join(batch, ref);
    batch.changed(query.key, ref);
    for (const key of bucket.readersOf(ref)) batch.changed(key, ref);
  }
  return ref;
}

/** Stores the object whatever its version (a leader tab's value), and makes it a member. */
function set(batch: Batch, object: KubeObject): void {
  const ref = refOf(object);
  if (ref === undefined) return;
  const { query } = batch;
  const { bucket } = query;
  if (bucket.objects.get(ref) === object && query.members.has(ref)) return;
  bucket.objects.set(ref, object);
  if (!query.members.has(ref)) join(batch, ref);
  batch.changed(query.key, ref);
  bucket.forEachHolder(ref, (key) => batch.changed(key, ref));
  for (const key of bucket.readersOf(ref)) batch.changed(key, ref);
}

/** A version the client saw deleted (a write's answer) or older: an event still on its way, not a new object. */
function isDeletedVersion(bucket: QueryRecord['bucket'], ref: string, object: KubeObject): boolean {
  if (!bucket.deleted.has(ref)) return false;
  const deletedAt = bucket.deleted.get(ref);
  if (deletedAt !== undefined && compareResourceVersions(object.metadata?.resourceVersion, deletedAt) > 0) {
    bucket.deleted.delete(ref);
    return false;
  }
  return true;
}

function join(batch: Batch, ref: string): void {
  batch.query.members.add(ref);
  batch.query.bucket.hold(ref, batch.query.key);
}

function remove(batch: Batch, ref: string | undefined): void {
  const { query } = batch;
  if (ref === undefined || !query.members.delete(ref)) return;
  batch.changed(query.key, ref);
  query.bucket.release(ref, query.key);
  for (const key of query.bucket.readersOf(ref)) batch.changed(key, ref);
}

function replace(batch: Batch, objects: readonly KubeObject[]): void {
  const listed = new Set<string>();
  for (const object of objects) {
    const ref = upsert(batch, object);
    if (ref !== undefined) listed.add(ref);
  }
  for (const ref of Array.from(batch.query.members)) if (!listed.has(ref)) remove(batch, ref);
}
