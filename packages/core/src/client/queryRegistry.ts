/**
 * Shares one connection among every subscriber to the same question. A query
 * starts with its first subscriber; after the last one leaves it stays open for
 * a grace period (a re-render or a navigation back reuses it), then its
 * request is aborted and its objects leave the cache.
 *
 * Watch streams are budgeted (`maxWatchStreams`): a browser gives an origin
 * six HTTP/1.1 connections, and a page whose watches hold all of them cannot
 * make any other request. A query over the budget polls instead, and takes
 * the first stream that frees up.
 */
import type { Subscription } from 'rxjs';
import type { CacheStore } from '../cache/store.js';
import type { KubeApiError } from '../http/KubeApiError.js';
import type { KubeHttp } from '../http/kubeHttp.js';
import { createPollObservable } from '../polling/createPollObservable.js';
import type { Transport } from '../cache/state.js';
import type { CacheOp } from '../watch/events.js';
import { runWatch } from '../watch/runWatch.js';
import { createBackoff } from '../watch/backoff.js';
import type { ResolvedOptions } from './options.js';
import type { QuerySpec } from './querySpec.js';
import { createWatchSource, listAll } from './watchSource.js';

interface Entry {
  readonly spec: QuerySpec;
  subscribers: number;
  graceTimer: unknown;
  /** The spec's transport, or 'poll' while a streaming query waits for a stream under the budget. */
  transport: Transport;
  stop: () => void;
  /** Events applied (stream) or polls that changed something (poll), for the connection panel. */
  events: number;
  readonly startedAt: number;
}

/** What a console's connection panel shows for each open query. */
export interface ConnectionInfo {
  key: string;
  cluster: string | undefined;
  resource: string;
  namespace: string | undefined;
  labelSelector: string | undefined;
  fieldSelector: string | undefined;
  transport: 'stream' | 'poll';
  phase: string;
  resourceVersion: string | undefined;
  reconnects: number;
  events: number;
  subscribers: number;
  startedAt: number;
}

export class QueryRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly http: KubeHttp,
    private readonly store: CacheStore,
    private readonly options: ResolvedOptions,
  ) {}

  acquire(spec: QuerySpec): void {
    const existing = this.entries.get(spec.key);
    if (existing) {
      existing.subscribers += 1;
      if (existing.graceTimer !== undefined) this.options.timers.clearTimeout(existing.graceTimer);
      existing.graceTimer = undefined;
      return;
    }
    const overBudget = spec.transport === 'stream' && this.streams() >= this.options.maxWatchStreams;
    const transport: Transport = overBudget ? 'poll' : spec.transport;
    const entry: Entry = { spec, subscribers: 1, graceTimer: undefined, transport, stop: () => undefined, events: 0, startedAt: this.options.timers.now() };
    this.entries.set(spec.key, entry);
    this.store.addQuery(spec.key, spec.bucket, transport);
    entry.stop = transport === 'poll' ? this.startPolling(entry) : this.startWatching(entry);
  }

  release(key: string): void {
    const entry = this.entries.get(key);
    if (!entry || entry.subscribers === 0) return;
    entry.subscribers -= 1;
    if (entry.subscribers > 0) return;
    entry.graceTimer = this.options.timers.setTimeout(() => this.close(entry), this.options.gracePeriodMs);
  }

  connections(): ConnectionInfo[] {
    return [...this.entries.values()].map(({ spec, transport, subscribers, events, startedAt }) => {
      const query = this.store.query(spec.key);
      return {
        key: spec.key,
        cluster: spec.cluster,
        resource: spec.resource.plural,
        namespace: spec.namespace,
        labelSelector: spec.labelSelector,
        fieldSelector: spec.fieldSelector,
        transport,
        phase: query?.status.phase ?? 'loading',
        resourceVersion: query?.resourceVersion,
        reconnects: query?.status.reconnects ?? 0,
        events,
        subscribers,
        startedAt,
      };
    });
  }

  /**
   * After the client's downgradeWatch was switched: moves each query to the
   * transport its spec now asks for (streams within the budget); its cached
   * data stays, so subscribers see no gap.
   */
  applyTransports(): void {
    for (const entry of this.entries.values()) if (entry.spec.transport === 'poll' && entry.transport === 'stream') this.move(entry, 'poll');
    for (const entry of this.entries.values()) {
      if (entry.spec.transport === 'stream' && entry.transport === 'poll' && this.streams() < this.options.maxWatchStreams) this.move(entry, 'stream');
    }
  }

  dispose(): void {
    // close() deletes from the map being iterated; Array.from takes a copy first.
    for (const entry of Array.from(this.entries.values())) this.close(entry, false);
  }

  /** Ends a query; a freed stream goes to a waiting query unless everything is closing. */
  private close(entry: Entry, promote = true): void {
    if (entry.graceTimer !== undefined) this.options.timers.clearTimeout(entry.graceTimer);
    entry.stop();
    this.entries.delete(entry.spec.key);
    this.store.removeQuery(entry.spec.key);
    if (promote && entry.transport === 'stream') this.promoteWaiting();
  }

  private streams(): number {
    let count = 0;
    for (const entry of this.entries.values()) if (entry.transport === 'stream') count += 1;
    return count;
  }

  /** Gives a freed stream to the longest-waiting query that polls only for lack of one. */
  private promoteWaiting(): void {
    const waiting = [...this.entries.values()].find((entry) => entry.spec.transport === 'stream' && entry.transport === 'poll');
    if (!waiting || this.streams() >= this.options.maxWatchStreams) return;
    this.move(waiting, 'stream');
  }

  /** Stops a query's requests and starts them again on the other transport; the cache keeps its objects. */
  private move(entry: Entry, transport: Transport): void {
    entry.stop();
    entry.transport = transport;
    this.store.setTransport(entry.spec.key, transport);
    entry.stop = transport === 'poll' ? this.startPolling(entry) : this.startWatching(entry);
  }

  private startWatching(entry: Entry): () => void {
    const { spec } = entry;
    const source = createWatchSource(this.http, spec, this.options);
    const handle = runWatch(
      source,
      {
        apply: (ops: CacheOp[]) => {
          entry.events += countChanges(ops);
          this.store.apply(spec.key, ops);
        },
        fail: (error: KubeApiError) => this.store.fail(spec.key, error),
      },
      {
        streamingList: this.options.streamingLists,
        watchTimeoutSeconds: this.options.watchTimeoutSeconds,
        timers: this.options.timers,
        backoff: createBackoff(this.options.backoff, () => this.options.timers.now()),
      },
    );
    return () => handle.stop();
  }

  private startPolling(entry: Entry): () => void {
    const { spec } = entry;
    const source = createWatchSource(this.http, spec, this.options);
    const subscription: Subscription = createPollObservable((signal) => listAll(source, signal), {
      interval: spec.pollInterval,
      // The cache itself keeps unchanged objects and skips no-op notifications.
      isEqual: () => false,
      onError: (error) => this.store.apply(spec.key, [{ type: 'status', phase: 'reconnecting', error }]),
    }).subscribe({
      next: (page) => {
        const before = this.store.query(spec.key)?.revision;
        this.store.apply(spec.key, [
          { type: 'replace', objects: page.items, resourceVersion: page.resourceVersion },
          { type: 'status', phase: 'ready' },
        ]);
        if (this.store.query(spec.key)?.revision !== before) entry.events += 1;
      },
      error: (error: KubeApiError) => this.store.fail(spec.key, error),
    });
    return () => subscription.unsubscribe();
  }
}

function countChanges(ops: readonly CacheOp[]): number {
  let count = 0;
  for (const op of ops) if (op.type === 'upsert' || op.type === 'delete') count += 1;
  return count;
}
