/**
 * The draft mutators that apply one query's ops inside a single `produce`.
 *
 * Invariants:
 * - a newer resourceVersion is never replaced by an older one (two watches may
 *   feed the same object); an equal one keeps the stored object, so unchanged
 *   objects keep their identity;
 * - an object stays in its bucket while at least one query holds it, and
 *   leaves it with the last one;
 * - every query whose members changed gets its revision bumped once, and its
 *   key is added to `touched` for notification.
 * Objects are written through a copy-on-write BucketWriter and membership is
 * read from `base` (the state before this batch): reading through an immer
 * draft allocates a proxy and copies the record, and this is the hot path.
 */
import type { Draft } from 'immer';
import type { KubeObject } from '../resources/resourceType.js';
import { nextStatus, type StatusEvent } from '../status/nextStatus.js';
import type { CacheOp } from './cacheOp.js';
import { BucketWriter } from './bucketWriter.js';
import { compareResourceVersions } from './resourceVersion.js';
import { memberRef, shardOf, type Bucket, type CacheState, type QueryState, type QueryStatus } from './state.js';

export interface ApplyContext {
  readonly draft: Draft<CacheState>;
  readonly base: CacheState;
  readonly queryKey: string;
  /** Other queries on the same bucket, whose members may be changed objects. */
  readonly siblings: readonly string[];
  readonly touched: Set<string>;
  /** Called with each member (`namespace/name`) added, removed or changed for a query, so that its list can be patched. */
  readonly memberChanged: (queryKey: string, ref: string) => void;
}

interface Batch extends ApplyContext {
  readonly query: Draft<QueryState>;
  readonly objects: BucketWriter;
  /** Membership changed earlier in this batch; the rest is read from `base`. */
  readonly membership: Map<string, boolean>;
  changed: boolean;
}

export function applyOps(context: ApplyContext, ops: readonly CacheOp[]): void {
  const query = context.draft.queries[context.queryKey];
  if (!query) return;
  const bucket = query.bucket;
  const batch: Batch = { ...context, query, objects: new BucketWriter(context.base.buckets[bucket]), membership: new Map(), changed: false };
  for (const op of ops) {
    switch (op.type) {
      case 'upsert':
        upsert(batch, op.object);
        break;
      case 'delete':
        remove(batch, op.object.metadata?.namespace ?? '', op.object.metadata?.name);
        break;
      case 'replace':
        replace(batch, op.objects);
        query.resourceVersion = op.resourceVersion;
        if (!query.listed) {
          query.listed = true;
          batch.changed = true;
        }
        break;
      case 'resourceVersion':
        query.resourceVersion = op.resourceVersion;
        break;
      case 'status':
        setStatus(batch, op);
        break;
    }
  }
  const objects = batch.objects.finish();
  if (objects) context.draft.buckets[bucket] = objects as Draft<Bucket>;
  if (batch.changed) {
    query.revision += 1;
    context.touched.add(context.queryKey);
  }
}

/** The one place a query's status changes; an unchanged status stays the same object and notifies no one. */
export function setStatus(batch: { query: Draft<QueryState>; touched: Set<string>; queryKey: string }, event: StatusEvent): void {
  const previous = batch.query.status as QueryStatus;
  const status = nextStatus(previous, event);
  if (status === previous) return;
  batch.query.status = status as Draft<QueryStatus>;
  batch.touched.add(batch.queryKey);
}

function isMember(batch: Batch, shard: number, ref: string): boolean {
  return batch.membership.get(ref) ?? batch.base.queries[batch.queryKey]?.members[shard]?.[ref] === true;
}

function upsert(batch: Batch, object: KubeObject): void {
  const name = object.metadata?.name;
  if (typeof name !== 'string' || name === '') return;
  const namespace = object.metadata?.namespace ?? '';
  const shard = shardOf(name);
  const ref = memberRef(namespace, name);
  const current = batch.objects.get(namespace, shard, name);
  if (current === undefined || compareResourceVersions(object.metadata?.resourceVersion, current.metadata?.resourceVersion) > 0) {
    batch.objects.set(namespace, shard, name, object);
    batch.changed = true;
    batch.memberChanged(batch.queryKey, ref);
    for (const sibling of batch.siblings) {
      if (batch.base.queries[sibling]?.members[shard]?.[ref]) {
        touchSibling(batch, sibling);
        batch.memberChanged(sibling, ref);
      }
    }
  }
  if (!isMember(batch, shard, ref)) {
    (batch.query.members[shard] ??= {})[ref] = true;
    batch.membership.set(ref, true);
    batch.changed = true;
    batch.memberChanged(batch.queryKey, ref);
  }
}

function touchSibling(batch: Batch, sibling: string): void {
  if (batch.touched.has(sibling)) return;
  const query = batch.draft.queries[sibling];
  if (!query) return;
  query.revision += 1;
  batch.touched.add(sibling);
}

function remove(batch: Batch, namespace: string, name: string | undefined): void {
  if (typeof name !== 'string' || name === '') return;
  const shard = shardOf(name);
  const ref = memberRef(namespace, name);
  if (!isMember(batch, shard, ref)) return;
  delete batch.query.members[shard]![ref];
  batch.membership.set(ref, false);
  batch.changed = true;
  batch.memberChanged(batch.queryKey, ref);
  const heldElsewhere = batch.siblings.some((sibling) => batch.base.queries[sibling]?.members[shard]?.[ref]);
  if (!heldElsewhere) batch.objects.set(namespace, shard, name, undefined);
}

function replace(batch: Batch, objects: readonly KubeObject[]): void {
  const listed = new Set<string>();
  for (const object of objects) {
    upsert(batch, object);
    const name = object.metadata?.name;
    if (name) listed.add(memberRef(object.metadata?.namespace ?? '', name));
  }
  const before = batch.base.queries[batch.queryKey]?.members ?? {};
  for (const shardMembers of Object.values(before)) {
    for (const ref of Object.keys(shardMembers)) {
      if (listed.has(ref)) continue;
      const slash = ref.indexOf('/');
      remove(batch, ref.slice(0, slash), ref.slice(slash + 1));
    }
  }
}
