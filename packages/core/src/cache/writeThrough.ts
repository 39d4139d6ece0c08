/**
 * Writes through the cache: the answer to a create, update, patch or apply
 * enters it at once, in the same flush as the edit it confirms, so a console
 * shows its own write without waiting for its watch (or its next poll).
 *
 * Invariants:
 * - a newer resourceVersion wins: a watch event of the same or an older
 *   version changes nothing afterwards, and an answer older than what a watch
 *   already delivered changes nothing either;
 * - an object joins the queries it matches and leaves those it no longer
 *   matches (objectMatcher.ts); where that cannot be told on the client, the
 *   query's watch decides;
 * - a delete removes the object from every query, and remembers the version
 *   it had, so that an event of that version still on its way does not bring
 *   it back; a graceful delete's answer (with a deletionTimestamp) is stored
 *   like any other answer.
 */
import type { KubeApiError } from '../errors/KubeApiError.js';
import type { KubeObject } from '../resources/resourceType.js';
import { refOf } from './applyOps.js';
import type { Edit } from './overlays.js';
import { compareResourceVersions } from './resourceVersion.js';
import type { QueryRecord } from './state.js';
import type { CacheStore } from './store.js';

export function writeThrough(store: CacheStore, bucketKey: string, answer: KubeObject): void {
  const bucket = store.bucket(bucketKey);
  const ref = refOf(answer);
  if (!bucket || ref === undefined) return;
  const version = answer.metadata?.resourceVersion;
  const current = bucket.objects.get(ref);
  if (current !== undefined && compareResourceVersions(version, current.metadata?.resourceVersion) <= 0) return;
  if (bucket.deleted.has(ref) && compareResourceVersions(version, bucket.deleted.get(ref)) <= 0) return;
  bucket.deleted.delete(ref);
  const moved: QueryRecord[] = [];
  for (const query of store.recordsOf(bucket)) {
    if (!query.listed) continue;
    const belongs = query.matches?.(answer);
    const member = query.members.has(ref);
    if (!member && belongs === true) {
      query.members.add(ref);
      bucket.hold(ref, query.key);
      moved.push(query);
    } else if (member && belongs === false) {
      query.members.delete(ref);
      bucket.release(ref, query.key);
      moved.push(query);
    }
  }
  if (bucket.isHeld(ref)) bucket.objects.set(ref, answer);
  store.touch(bucket, ref, moved);
}

/** The object `ref` is gone (a delete's answer); `version` is the last one it had, when known. */
export function writeDeleted(store: CacheStore, bucketKey: string, ref: string, version: string | undefined): void {
  const bucket = store.bucket(bucketKey);
  if (!bucket) return;
  bucket.deleted.set(ref, version ?? bucket.objects.get(ref)?.metadata?.resourceVersion);
  const left: QueryRecord[] = [];
  for (const query of store.recordsOf(bucket)) {
    if (!query.members.delete(ref)) continue;
    bucket.release(ref, query.key);
    left.push(query);
  }
  store.touch(bucket, ref, left);
}

/** Shows an optimistic edit of `ref` at the next flush; false when no query holds the object (nothing to show it in). */
export function addEdit(store: CacheStore, bucketKey: string, ref: string, edit: Edit): boolean {
  const bucket = store.bucket(bucketKey);
  if (!bucket?.isHeld(ref)) return false;
  bucket.overlays.add(ref, edit);
  store.touch(bucket, ref);
  return true;
}

/** Drops an edit (confirmed, or failed: the server's truth shows again). */
export function removeEdit(store: CacheStore, bucketKey: string, ref: string, edit: Edit): void {
  const bucket = store.bucket(bucketKey);
  if (bucket?.overlays.remove(ref, edit)) store.touch(bucket, ref);
}

/** A write of `ref` is on its way: its queries' status counts it. */
export function writeStarted(store: CacheStore, bucketKey: string, ref: string): void {
  const bucket = store.bucket(bucketKey);
  if (!bucket) return;
  bucket.pendingWrites.set(ref, (bucket.pendingWrites.get(ref) ?? 0) + 1);
  bucket.failedWrites.delete(ref);
  store.touch(bucket, ref);
}

/** A write of `ref` ended; a failure stays in its queries' status until a write of it succeeds. */
export function writeEnded(store: CacheStore, bucketKey: string, ref: string, error?: KubeApiError): void {
  const bucket = store.bucket(bucketKey);
  if (!bucket) return;
  const left = (bucket.pendingWrites.get(ref) ?? 1) - 1;
  if (left > 0) bucket.pendingWrites.set(ref, left);
  else bucket.pendingWrites.delete(ref);
  if (error) bucket.failedWrites.set(ref, error);
  store.touch(bucket, ref);
}
