/**
 * The cache of one client: every cluster's objects, stored once per cluster
 * and resource type, and the queries that read them.
 *
 * The data path: a batch of ops from a watch or a poll is applied in one pass
 * whose cost is that of its ops (applyOps.ts); it records which refs changed
 * for which queries and notifies them by key (notifier.ts). At the next flush,
 * reading a query produces its immer state once from those refs
 * (shownState.ts: server versions with pending edits, overlays.ts); the
 * patches of that produce, as changes by ref, update its list (listView.ts)
 * and go to its patch subscribers. Writes enter the same way (writeThrough.ts).
 *
 * A single-object query can be a reader of a list query that covers it (same
 * cluster, resource and namespace, no selectors): it opens no connection,
 * shows what the list query shows for its object, and is notified only when
 * that object changes.
 */
import type { KubeApiError } from '../errors/KubeApiError.js';
import type { KubeObject } from '../resources/resourceType.js';
import { initialStatus, nextStatus, type StatusEvent } from '../status/nextStatus.js';
import type { QueryStatus, Transport } from '../status/queryStatus.js';
import { opsOfObject, type AppliedChange } from './appliedChange.js';
import { applyOps } from './applyOps.js';
import { Bucket } from './bucket.js';
import type { CacheOp } from './cacheOp.js';
import { handOutPolicy, isDevelopment, type HandOut } from './handOut.js';
import { ListView } from './listView.js';
import { Notifier } from './notifier.js';
import { Readers } from './readers.js';
import { settle } from './settle.js';
import type { ObjectMatcher } from './objectMatcher.js';
import { followPatches } from './patchFeed.js';
import type { QueryPatch } from './queryPatch.js';
import type { Schedule } from './schedule.js';
import { shownObject } from './shownState.js';
import { memberRef, newQueryRecord, type QueryInfo, type QueryRecord } from './state.js';
import { writeStatusOf } from './writeStatus.js';

export interface CacheStoreOptions {
  /** Freeze every object handed out deeply; default: in development builds (see handOut.ts). */
  freezeObjects?: boolean | undefined;
  /** The client's clock, for the `since` of a status's freshness; default Date.now. */
  now?: (() => number) | undefined;
  /** Pace each query's flushes by their cost (notifier.ts); default off, as for a store whose flushes a test runs. */
  paced?: boolean | undefined;
}

export interface QueryShape {
  /** A single-object query shows at most one object and has no list. */
  readonly single: boolean;
  readonly matches?: ObjectMatcher | undefined;
}

/**
 * An unread query settles its changes once they outnumber its members by
 * this much: what it keeps stays O(its size), not O(the changes since it was
 * last read).
 */
const UNREAD_CHANGES_SLACK = 1_024;

export class CacheStore {
  private readonly buckets = new Map<string, Bucket>();
  private readonly queries = new Map<string, QueryRecord>();
  private readonly readers = new Readers();
  private readonly notifier: Notifier;
  private readonly handOut: HandOut;
  /** query or reader key -> listeners of its applied changes (onApply). */
  private readonly taps = new Map<string, Set<(change: AppliedChange) => void>>();
  private readonly now: () => number;

  constructor(schedule?: Schedule, options: CacheStoreOptions = {}) {
    this.notifier = new Notifier({ schedule, paced: options.paced ?? false });
    this.now = options.now ?? Date.now;
    this.handOut = handOutPolicy(options.freezeObjects ?? isDevelopment());
  }

  addQuery(queryKey: string, bucketKey: string, transport: Transport, shape: QueryShape = { single: false }): void {
    if (this.queries.has(queryKey) || this.readers.has(queryKey)) return;
    this.queries.set(queryKey, this.record(queryKey, bucketKey, Object.freeze(initialStatus(transport, this.now())), shape));
    this.notifier.notify([queryKey]);
  }

  /** Drops the query and every object no other query holds. */
  removeQuery(queryKey: string): void {
    const query = this.queries.get(queryKey);
    if (!query) return;
    const touched = new Set<string>();
    applyOps(this.batch(query, touched), [{ type: 'replace', objects: [], resourceVersion: '' }]);
    this.queries.delete(queryKey);
    query.bucket.queries.delete(queryKey);
    this.leave(query.bucketKey);
    touched.delete(queryKey);
    this.notifier.notify(touched);
  }

  /** Applies one batch; its listeners are called at the next flush. */
  apply(queryKey: string, ops: readonly CacheOp[]): void {
    const query = this.queries.get(queryKey);
    if (!query || ops.length === 0) return;
    const touched = new Set<string>();
    applyOps(this.batch(query, touched), ops);
    this.notifier.notify(touched);
    this.tapped(queryKey, { type: 'ops', ops });
  }

  /**
   * Calls `listener` with every change applied to the query or reader `key`
   * (batches of ops as applied, transport changes, a final failure), at once,
   * not at the next flush. Returns the function that stops it.
   */
  onApply(key: string, listener: (change: AppliedChange) => void): () => void {
    let listeners = this.taps.get(key);
    if (!listeners) this.taps.set(key, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      if (listeners.delete(listener) && listeners.size === 0) this.taps.delete(key);
    };
  }

  /** A query moved between polling and streaming (the stream budget); its phase follows at the next status. */
  setTransport(queryKey: string, transport: Transport): void {
    this.updateStatus(queryKey, { transport });
    this.tapped(queryKey, { type: 'transport', transport });
  }

  /** Ends a query with an error that retrying cannot fix. */
  fail(queryKey: string, error: KubeApiError): void {
    this.updateStatus(queryKey, { phase: 'error', error });
    this.tapped(queryKey, { type: 'fail', error });
  }

  /** Serves the single-object query `readerKey` (one object) from the list query `coveringKey`. */
  addReader(readerKey: string, coveringKey: string, namespace: string, name: string): void {
    const covering = this.queries.get(coveringKey);
    if (!covering || this.queries.has(readerKey) || this.readers.has(readerKey)) return;
    const ref = memberRef(namespace, name);
    this.readers.add(readerKey, { covering, ref });
    covering.bucket.users += 1;
    covering.bucket.addReader(ref, readerKey);
    this.notifier.notify([readerKey]);
  }

  removeReader(readerKey: string): void {
    const reader = this.readers.remove(readerKey);
    if (!reader) return;
    reader.covering.bucket.removeReader(reader.ref, readerKey);
    this.leave(reader.covering.bucketKey);
  }

  /**
   * Turns a reader into a query of its own, holding what its covering query
   * showed (same object, same version, same status), so that it can go on
   * with a watch of its own before the covering query goes: no gap, no repeat.
   */
  adoptReader(readerKey: string, matches?: ObjectMatcher): void {
    const reader = this.readers.get(readerKey);
    if (!reader) return;
    const { covering, ref } = reader;
    const query = this.record(readerKey, covering.bucketKey, covering.status, { single: true, matches });
    query.listed = covering.listed;
    query.resourceVersion = covering.resourceVersion;
    if (covering.members.has(ref)) {
      query.members.add(ref);
      query.bucket.hold(ref, readerKey);
      query.changed.add(ref);
    }
    this.removeReader(readerKey);
    this.queries.set(readerKey, query);
  }

  /** Keys of the readers a list query serves. */
  readerKeys(coveringKey: string): string[] {
    return Array.from(this.readers.of(coveringKey));
  }

  subscribe(queryKey: string, listener: () => void): () => void {
    return this.notifier.subscribe(queryKey, listener);
  }

  /** Resolves once every change applied so far has reached its subscribers (the next flush). */
  flushed(): Promise<void> {
    return this.notifier.flushed();
  }

  /**
   * The query's change feed (patchFeed.ts): its objects as `add` patches once
   * it has data, then once per flush the patches since the last call. Only a
   * query with a record of its own has one.
   */
  subscribePatches(queryKey: string, listener: (patches: readonly QueryPatch[]) => void): () => void {
    const query = this.queries.get(queryKey);
    if (!query) return () => undefined;
    return followPatches(query, (onFlush) => this.notifier.subscribe(queryKey, onFlush), this.handOut, listener);
  }

  /** A query's state; a reader answers with its covering query's. */
  query(queryKey: string): QueryInfo | undefined {
    return this.queries.get(queryKey) ?? this.readers.get(queryKey)?.covering;
  }

  selectList<T>(queryKey: string): readonly T[] | undefined {
    const query = this.queries.get(queryKey);
    if (!query?.listed || !query.list) return undefined;
    settle(query, this.handOut);
    return query.list.read() as readonly T[];
  }

  /** The object of a single-object query, null when there is none. */
  selectOne<T>(queryKey: string): T | null | undefined {
    const reader = this.readers.get(queryKey);
    const query = reader?.covering ?? this.queries.get(queryKey);
    if (!query?.listed) return undefined;
    settle(query, this.handOut);
    const ref = reader ? reader.ref : query.members.values().next().value;
    const object = ref === undefined ? undefined : shownObject(query.shown, query.slots, ref);
    return (object ?? null) as T | null;
  }

  /** The server's version of an object, as cached (no pending edits); undefined when no query holds it. */
  serverObject(bucketKey: string, ref: string): KubeObject | undefined {
    return this.buckets.get(bucketKey)?.objects.get(ref);
  }

  bucket(bucketKey: string): Bucket | undefined {
    return this.buckets.get(bucketKey);
  }

  /** The records of a bucket's queries (writes decide which ones an object joins or leaves). */
  recordsOf(bucket: Bucket): QueryRecord[] {
    return Array.from(bucket.queries, (key) => this.queries.get(key)).filter((query): query is QueryRecord => query !== undefined);
  }

  /**
   * Marks `ref` of a bucket changed for every query and reader showing it, and
   * for `alsoFor` (queries it may join or leave); notifies them. Writes and
   * optimistic edits come through here.
   */
  touch(bucket: Bucket, ref: string, alsoFor: Iterable<QueryRecord> = []): void {
    const touched = new Set<string>();
    const mark = (query: QueryRecord | undefined) => {
      if (!query) return;
      query.changed.add(ref);
      query.revision += 1;
      touched.add(query.key);
      this.refreshWrites(query, touched);
    };
    bucket.forEachHolder(ref, (key) => mark(this.queries.get(key)));
    for (const query of alsoFor) mark(query);
    for (const readerKey of bucket.readersOf(ref)) {
      touched.add(readerKey);
      const covering = this.readers.get(readerKey)?.covering;
      if (covering && !touched.has(covering.key)) mark(covering);
    }
    this.notifier.notify(touched);
  }

  /** For leak checks and debugging: what the store holds. */
  get size(): { queries: number; readers: number; listeners: number; buckets: number; objects: number; unread: number } {
    let objects = 0;
    for (const bucket of this.buckets.values()) objects += bucket.objects.size;
    let unread = 0;
    for (const query of this.queries.values()) {
      unread += query.changed.size;
      for (const buffer of query.patchBuffers) unread += buffer.length;
    }
    return { queries: this.queries.size, readers: this.readers.size, listeners: this.notifier.size, buckets: this.buckets.size, objects, unread };
  }

  private record(key: string, bucketKey: string, status: QueryStatus, shape: QueryShape): QueryRecord {
    let bucket = this.buckets.get(bucketKey);
    if (!bucket) this.buckets.set(bucketKey, (bucket = new Bucket()));
    return newQueryRecord(key, bucketKey, bucket, status, shape.single ? undefined : new ListView(this.handOut.list), shape.matches);
  }

  private batch(query: QueryRecord, touched: Set<string>) {
    return {
      query,
      changed: (key: string, ref?: string) => {
        const target = this.queries.get(key);
        if (!touched.has(key)) {
          touched.add(key);
          if (target) target.revision += 1;
        }
        if (target && ref !== undefined) {
          target.changed.add(ref);
          if (target.changed.size > target.members.size + UNREAD_CHANGES_SLACK) settle(target, this.handOut);
        }
        if (ref === undefined) for (const reader of this.readers.of(key)) touched.add(reader);
      },
      statusEvent: (event: StatusEvent) => this.setStatus(query, event, touched),
    };
  }

  /** The pending and failed writes a query shows in its status (writeStatus.ts). */
  private refreshWrites(query: QueryRecord, touched: Set<string>): void {
    const writes = writeStatusOf(query, query.status.writes);
    if (writes !== query.status.writes) this.setStatus(query, { writes }, touched);
  }

  private updateStatus(queryKey: string, event: StatusEvent): void {
    const query = this.queries.get(queryKey);
    if (!query) return;
    const touched = new Set<string>();
    this.setStatus(query, event, touched);
    this.notifier.notify(touched);
  }

  /** The one place a query's status changes; an unchanged status stays the same object and notifies no one. */
  private setStatus(query: QueryRecord, event: StatusEvent, touched: Set<string>): void {
    const status = nextStatus(query.status, event, this.now());
    if (status === query.status) return;
    query.status = Object.freeze(status);
    touched.add(query.key);
    for (const reader of this.readers.of(query.key)) touched.add(reader);
  }

  /** Hands a change of a query to its taps, and to those of its readers (narrowed to their object). */
  private tapped(queryKey: string, change: AppliedChange): void {
    if (this.taps.size === 0) return;
    for (const listener of this.taps.get(queryKey) ?? []) listener(change);
    for (const readerKey of this.readers.of(queryKey)) {
      const listeners = this.taps.get(readerKey);
      const reader = this.readers.get(readerKey);
      if (!listeners || !reader) continue;
      const narrowed: AppliedChange = change.type === 'ops' ? { type: 'ops', ops: opsOfObject(change.ops, reader.ref) } : change;
      for (const listener of listeners) listener(narrowed);
    }
  }

  /** A query or reader stopped using a bucket; the last one drops it. */
  private leave(bucketKey: string): void {
    const bucket = this.buckets.get(bucketKey);
    if (bucket && --bucket.users === 0) this.buckets.delete(bucketKey);
  }
}
