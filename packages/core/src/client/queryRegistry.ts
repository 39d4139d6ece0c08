/**
 * Shares one connection among every subscriber to the same question. A query
 * starts with its first subscriber; after the last one leaves it stays open for
 * the grace period (gracePeriod.ts), then its connection stops and its objects
 * leave the cache. A streaming query over the stream budget (streamBudget.ts)
 * polls until a stream frees up.
 */
import type { CacheStore } from '../cache/store.js';
import type { KubeHttp } from '../http/kubeHttp.js';
import type { Phase, StatusNotice, Transport } from '../status/queryStatus.js';
import { StreamingListSupport } from '../watch/streamingListSupport.js';
import { GracePeriod } from './gracePeriod.js';
import type { ResolvedOptions } from './options.js';
import { connectQuery } from './queryConnection.js';
import type { QuerySpec } from './querySpec.js';
import { StreamBudget } from './streamBudget.js';

interface Entry {
  readonly spec: QuerySpec;
  subscribers: number;
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
  transport: Transport;
  phase: Phase;
  /** Why the query is not doing the obvious thing (see QueryStatus.notice). */
  notice: StatusNotice | undefined;
  resourceVersion: string | undefined;
  reconnects: number;
  events: number;
  subscribers: number;
  startedAt: number;
}

export class QueryRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly grace: GracePeriod;
  private readonly budget: StreamBudget;
  /** Per cluster ('' for the global one): whether its queries start with a streaming list. */
  private readonly streamingLists = new Map<string, StreamingListSupport>();

  constructor(
    private readonly http: KubeHttp,
    private readonly store: CacheStore,
    private readonly options: ResolvedOptions,
  ) {
    this.grace = new GracePeriod(options.timers, options.gracePeriodMs);
    this.budget = new StreamBudget(options.maxWatchStreams);
  }

  acquire(spec: QuerySpec): void {
    const existing = this.entries.get(spec.key);
    if (existing) {
      existing.subscribers += 1;
      this.grace.cancel(spec.key);
      return;
    }
    const transport: Transport = spec.transport === 'stream' && this.budget.take(spec.key) ? 'stream' : 'poll';
    const entry: Entry = { spec, subscribers: 1, transport, stop: () => undefined, events: 0, startedAt: this.options.timers.now() };
    this.entries.set(spec.key, entry);
    this.store.addQuery(spec.key, spec.bucket, transport);
    this.connect(entry);
  }

  release(key: string): void {
    const entry = this.entries.get(key);
    if (!entry || entry.subscribers === 0) return;
    entry.subscribers -= 1;
    if (entry.subscribers > 0) return;
    this.grace.start(key, () => this.close(entry));
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
        notice: query?.status.notice,
        resourceVersion: query?.resourceVersion,
        reconnects: query?.status.reconnects ?? 0,
        events,
        subscribers,
        startedAt,
      };
    });
  }

  dispose(): void {
    // close() deletes from the map being iterated; Array.from takes a copy first.
    for (const entry of Array.from(this.entries.values())) this.close(entry, false);
  }

  /** Ends a query; a freed stream goes to the longest-waiting query unless everything is closing. */
  private close(entry: Entry, promote = true): void {
    const key = entry.spec.key;
    this.grace.cancel(key);
    entry.stop();
    this.entries.delete(key);
    this.store.removeQuery(key);
    const next = this.budget.release(key);
    const waiting = next === undefined ? undefined : this.entries.get(next);
    if (promote && waiting) this.promote(waiting);
  }

  /** A query that polled for lack of a stream got one: it watches from the version of its last poll, without listing again. */
  private promote(entry: Entry): void {
    entry.stop();
    entry.transport = 'stream';
    this.store.setTransport(entry.spec.key, 'stream');
    this.connect(entry, this.store.query(entry.spec.key)?.resourceVersion);
  }

  private connect(entry: Entry, resumeFrom?: string): void {
    const { spec } = entry;
    entry.stop = connectQuery({
      http: this.http,
      store: this.store,
      options: this.options,
      spec,
      transport: entry.transport,
      streamingLists: this.streamingListsOf(spec.cluster),
      resumeFrom,
      onChanges: (count) => (entry.events += count),
    });
  }

  private streamingListsOf(cluster: string | undefined): StreamingListSupport {
    const name = cluster ?? '';
    let support = this.streamingLists.get(name);
    if (!support) this.streamingLists.set(name, (support = new StreamingListSupport(this.options.streamingLists)));
    return support;
  }
}
