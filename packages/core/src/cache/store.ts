/**
 * The cache of one client: every cluster's objects, stored once per cluster
 * and resource type, and the queries that read them. A batch of ops is applied
 * in one pass whose cost is that of its ops, whatever the number of cached
 * objects or queries; listeners are found by query key and called once per
 * flush; lists are materialized when read (listView.ts).
 *
 * A single-object query can be a reader of a list query that covers it (same
 * cluster, resource and namespace, no selectors): it opens no connection and
 * is notified only when its object changes.
 */
import type { KubeApiError } from '../errors/KubeApiError.js';
import { initialStatus, nextStatus, type StatusEvent } from '../status/nextStatus.js';
import { opsOfObject, type AppliedChange } from './appliedChange.js';
import { applyOps } from './applyOps.js';
import { Bucket } from './bucket.js';
import type { CacheOp } from './cacheOp.js';
import { deepFreeze, isDevelopment } from './deepFreeze.js';
import { ListView, type HandOut } from './listView.js';
import { Notifier } from './notifier.js';
import type { Schedule } from './schedule.js';
import type { QueryStatus, Transport } from '../status/queryStatus.js';
import { memberRef, type QueryInfo, type QueryRecord } from './state.js';

export interface CacheStoreOptions {
  /** Deep-freeze every object and array handed out; default: in development builds only (see deepFreeze.ts). */
  freezeObjects?: boolean | undefined;
  /** The client's clock, for the `since` of a status's freshness; default Date.now. */
  now?: (() => number) | undefined;
}

/** A single-object query served by a covering list query. */
interface Reader {
  readonly covering: QueryRecord;
  readonly ref: string;
}

const asIs: HandOut = { object: (object) => object, list: (list) => list };
const frozen: HandOut = { object: deepFreeze, list: Object.freeze };

export class CacheStore {
  private readonly buckets = new Map<string, Bucket>();
  private readonly queries = new Map<string, QueryRecord>();
  private readonly readers = new Map<string, Reader>();
  /** covering query key -> its readers' keys, to pass on its status. */
  private readonly readersOf = new Map<string, Set<string>>();
  private readonly notifier: Notifier;
  private readonly handOut: HandOut;
  /** query or reader key -> listeners of its applied changes (onApply). */
  private readonly taps = new Map<string, Set<(change: AppliedChange) => void>>();
  private readonly now: () => number;

  constructor(schedule?: Schedule, options: CacheStoreOptions = {}) {
    this.notifier = new Notifier(schedule);
    this.now = options.now ?? Date.now;
    this.handOut = (options.freezeObjects ?? isDevelopment()) ? frozen : asIs;
  }

  addQuery(queryKey: string, bucketKey: string, transport: Transport): void {
    if (this.queries.has(queryKey) || this.readers.has(queryKey)) return;
    this.queries.set(queryKey, this.record(queryKey, bucketKey, Object.freeze(initialStatus(transport, this.now()))));
    this.notifier.notify([queryKey]);
  }

  /** Drops the query and every object no other query holds. */
  removeQuery(queryKey: string): void {
    const query = this.queries.get(queryKey);
    if (!query) return;
    const touched = new Set<string>();
    applyOps(this.batch(query, touched), [{ type: 'replace', objects: [], resourceVersion: '' }]);
    this.queries.delete(queryKey);
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
    this.readers.set(readerKey, { covering, ref });
    covering.bucket.users += 1;
    covering.bucket.addReader(ref, readerKey);
    let keys = this.readersOf.get(coveringKey);
    if (!keys) this.readersOf.set(coveringKey, (keys = new Set()));
    keys.add(readerKey);
    this.notifier.notify([readerKey]);
  }

  removeReader(readerKey: string): void {
    const reader = this.readers.get(readerKey);
    if (!reader) return;
    this.readers.delete(readerKey);
    reader.covering.bucket.removeReader(reader.ref, readerKey);
    const keys = this.readersOf.get(reader.covering.key);
    if (keys?.delete(readerKey) && keys.size === 0) this.readersOf.delete(reader.covering.key);
    this.leave(reader.covering.bucketKey);
  }

  /**
   * Turns a reader into a query of its own, holding what its covering query
   * showed (same object, same version, same status), so that it can go on
   * with a watch of its own before the covering query goes: no gap, no repeat.
   */
  adoptReader(readerKey: string): void {
    const reader = this.readers.get(readerKey);
    if (!reader) return;
    const { covering, ref } = reader;
    const query = this.record(readerKey, covering.bucketKey, covering.status);
    query.listed = covering.listed;
    query.resourceVersion = covering.resourceVersion;
    if (covering.members.has(ref)) {
      query.members.add(ref);
      query.bucket.hold(ref, readerKey);
    }
    this.removeReader(readerKey);
    this.queries.set(readerKey, query);
  }

  /** Keys of the readers a list query serves. */
  readerKeys(coveringKey: string): string[] {
    return Array.from(this.readersOf.get(coveringKey) ?? []);
  }

  subscribe(queryKey: string, listener: () => void): () => void {
    return this.notifier.subscribe(queryKey, listener);
  }

  /** A query's state; a reader answers with its covering query's. */
  query(queryKey: string): QueryInfo | undefined {
    return this.queries.get(queryKey) ?? this.readers.get(queryKey)?.covering;
  }

  selectList<T>(queryKey: string): readonly T[] | undefined {
    const query = this.queries.get(queryKey);
    if (!query?.listed) return undefined;
    return query.view.read(query.members, query.bucket.objects, this.handOut) as readonly T[];
  }

  /** The object of a single-object query (a query has at most one member), null when there is none. */
  selectOne<T>(queryKey: string): T | null | undefined {
    const reader = this.readers.get(queryKey);
    const query = reader?.covering ?? this.queries.get(queryKey);
    if (!query?.listed) return undefined;
    const ref = reader ? reader.ref : query.members.values().next().value;
    const object = ref !== undefined && query.members.has(ref) ? query.bucket.objects.get(ref) : undefined;
    return object === undefined ? null : (this.handOut.object(object) as T);
  }

  /** For leak checks and debugging: what the store holds. */
  get size(): { queries: number; readers: number; listeners: number; buckets: number; objects: number } {
    let objects = 0;
    for (const bucket of this.buckets.values()) objects += bucket.objects.size;
    return { queries: this.queries.size, readers: this.readers.size, listeners: this.notifier.size, buckets: this.buckets.size, objects };
  }

  private record(key: string, bucketKey: string, status: QueryStatus): QueryRecord {
    let bucket = this.buckets.get(bucketKey);
    if (!bucket) this.buckets.set(bucketKey, (bucket = new Bucket()));
    bucket.users += 1;
    return { key, bucketKey, bucket, members: new Set(), listed: false, resourceVersion: undefined, revision: 0, status, view: new ListView() };
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
        if (target && ref !== undefined) target.view.change(ref);
        if (ref === undefined) for (const reader of this.readersOf.get(key) ?? []) touched.add(reader);
      },
      statusEvent: (event: StatusEvent) => this.setStatus(query, event, touched),
    };
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
    for (const reader of this.readersOf.get(query.key) ?? []) touched.add(reader);
  }

  /** Hands a change of a query to its taps, and to those of its readers (narrowed to their object). */
  private tapped(queryKey: string, change: AppliedChange): void {
    if (this.taps.size === 0) return;
    for (const listener of this.taps.get(queryKey) ?? []) listener(change);
    for (const readerKey of this.readersOf.get(queryKey) ?? []) {
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
