/**
 * The cache of one client: a single immer state covering all its clusters,
 * changed by one `produce` per batch of ops and read through selectors.
 * Listeners are found by query key and called once per flush.
 */
import { Immer } from 'immer';
import type { KubeApiError } from '../errors/KubeApiError.js';
import type { CacheOp } from '../watch/events.js';
import { applyOps, setStatus } from './applyOps.js';
import { Notifier, type Schedule } from './notifier.js';
import { ListSelector } from './selectors.js';
import { emptyCache, type CacheState, type QueryState, type QueryStatus, type Transport } from './state.js';

const immer = new Immer({ autoFreeze: true });

export class CacheStore {
  private state: CacheState = emptyCache;
  private readonly notifier: Notifier;
  private readonly selector = new ListSelector();
  /** bucket -> query keys, so that a changed object finds the queries holding it without a scan. */
  private readonly queriesByBucket = new Map<string, Set<string>>();
  /** query key -> members changed since its list was last read; kept only for lists that were read. */
  private readonly changedMembers = new Map<string, Set<string>>();
  private readonly memberChanged = (queryKey: string, ref: string): void => {
    if (!this.selector.has(queryKey)) return;
    let refs = this.changedMembers.get(queryKey);
    if (!refs) this.changedMembers.set(queryKey, (refs = new Set()));
    refs.add(ref);
  };

  constructor(schedule?: Schedule) {
    this.notifier = new Notifier(schedule);
  }

  /** The raw state, for tests and tools; objects in it are deep-frozen only once a selector has handed them out. */
  getState(): CacheState {
    return this.state;
  }

  addQuery(queryKey: string, bucket: string, transport: Transport): void {
    if (this.state.queries[queryKey]) return;
    let keys = this.queriesByBucket.get(bucket);
    if (!keys) this.queriesByBucket.set(bucket, (keys = new Set()));
    keys.add(queryKey);
    this.state = immer.produce(this.state, (draft) => {
      draft.queries[queryKey] = { bucket, members: {}, listed: false, revision: 0, status: { phase: 'loading', transport, reconnects: 0 } };
    });
    this.notifier.notify([queryKey]);
  }

  /** Drops the query and every object no other query holds. */
  removeQuery(queryKey: string): void {
    const query = this.state.queries[queryKey];
    if (!query) return;
    const keys = this.queriesByBucket.get(query.bucket);
    keys?.delete(queryKey);
    if (keys?.size === 0) this.queriesByBucket.delete(query.bucket);
    const deletes: CacheOp[] = [];
    for (const refs of Object.values(query.members)) {
      for (const ref of Object.keys(refs)) {
        const slash = ref.indexOf('/');
        deletes.push({ type: 'delete', object: { metadata: { namespace: ref.slice(0, slash), name: ref.slice(slash + 1) } } });
      }
    }
    this.apply(queryKey, deletes, false);
    this.state = immer.produce(this.state, (draft) => {
      delete draft.queries[queryKey];
      const bucket = draft.buckets[query.bucket];
      if (bucket && !keys?.size) delete draft.buckets[query.bucket];
    });
    this.selector.forget(queryKey);
    this.changedMembers.delete(queryKey);
  }

  /** Applies one batch: one produce, one notification. */
  apply(queryKey: string, ops: readonly CacheOp[], notify = true): void {
    const query = this.state.queries[queryKey];
    if (!query || ops.length === 0) return;
    const siblings = [...(this.queriesByBucket.get(query.bucket) ?? [])].filter((key) => key !== queryKey);
    const touched = new Set<string>();
    const base = this.state;
    this.state = immer.produce(base, (draft) => applyOps({ draft, base, queryKey, siblings, touched, memberChanged: this.memberChanged }, ops));
    if (notify) this.notifier.notify(touched);
  }

  /** A query moved between polling and streaming (the stream budget); its phase follows at the next status. */
  setTransport(queryKey: string, transport: Transport): void {
    this.updateStatus(queryKey, (status) => ({ ...status, transport }));
  }

  /** Ends a query with an error that retrying cannot fix. */
  fail(queryKey: string, error: KubeApiError): void {
    this.updateStatus(queryKey, (status) => ({ ...status, phase: 'error', error }));
  }

  private updateStatus(queryKey: string, next: (status: QueryStatus) => QueryStatus): void {
    const query = this.state.queries[queryKey];
    if (!query) return;
    const touched = new Set<string>();
    this.state = immer.produce(this.state, (draft) => {
      const target = draft.queries[queryKey];
      if (target) setStatus({ query: target, touched, queryKey }, next(query.status));
    });
    this.notifier.notify(touched);
  }

  subscribe(queryKey: string, listener: () => void): () => void {
    return this.notifier.subscribe(queryKey, listener);
  }

  query(queryKey: string): QueryState | undefined {
    return this.state.queries[queryKey];
  }

  selectList<T>(queryKey: string): readonly T[] | undefined {
    return this.selector.list(this.state, queryKey, this.takeChanges(queryKey)) as readonly T[] | undefined;
  }

  selectOne<T>(queryKey: string): T | null | undefined {
    return this.selector.one(this.state, queryKey, this.takeChanges(queryKey)) as T | null | undefined;
  }

  /** The members changed since the last read, handed over once. */
  private takeChanges(queryKey: string): ReadonlySet<string> | undefined {
    const refs = this.changedMembers.get(queryKey);
    this.changedMembers.delete(queryKey);
    return refs;
  }

  /** For leak checks: queries cached and keys with listeners. */
  get size(): { queries: number; listeners: number; buckets: number } {
    return { queries: Object.keys(this.state.queries).length, listeners: this.notifier.size, buckets: Object.keys(this.state.buckets).length };
  }
}

