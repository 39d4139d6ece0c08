/**
 * Shares one connection among every subscriber to the same question. A query
 * starts with its first subscriber; after the last one leaves it stays open for
 * the grace period (gracePeriod.ts), then its connection stops and its objects
 * leave the cache. A single-object query that an open list query covers
 * (coverage.ts) reads from it instead of connecting; when that list query
 * closes, it takes over the object and connects on its own.
 *
 * How each query connects (stream or poll, through the apiserver or another
 * tab, paused or not) is decided by planConnections (connectionPlan.ts) from
 * the specs and the environment; `reconcile` applies that plan, and is called
 * after every change of either. The environment changes through
 * `setEnvironment`: the client's `setDowngradeWatch`, and the browser add-ons
 * (tab sleep, protocol budget, proxy buffering, tab sharing) the caller passed.
 */
import { objectMatcher, queryShape } from '../cache/objectMatcher.js';
import { initialStatus } from '../status/nextStatus.js';
import type { CacheStore } from '../cache/store.js';
import type { KubeHttp } from '../http/kubeHttp.js';
import type { Transport } from '../status/queryStatus.js';
import { BUFFERING_PROXY } from '../watch/notices.js';
import type { WatchHandle } from '../watch/runWatch.js';
import { StreamingListSupport } from '../watch/streamingListSupport.js';
import { planConnections, wantedTransport, type ConnectionEnvironment, type ConnectionPlan, type PollReason } from './connectionPlan.js';
import type { ConnectionInfo } from './connectionInfo.js';
import { covers } from './coverage.js';
import { GracePeriod } from './gracePeriod.js';
import type { ResolvedOptions } from './options.js';
import { connectQuery } from './queryConnection.js';
import type { QuerySpec } from './querySpec.js';

interface Entry {
  readonly spec: QuerySpec;
  subscribers: number;
  /** The transport of its connection (or of the list query that covers it). */
  transport: Transport;
  /** Why it polls, as last planned. */
  pollReason: PollReason | undefined;
  /** When it began to wait for a stream (a sequence number), while the stream budget keeps it polling. */
  waitingSince: number | undefined;
  /** Its connection is paused (a sleeping tab). */
  paused: boolean;
  /** Its own connection; undefined while covered by a list query, or before the first reconcile. */
  connection: WatchHandle | undefined;
  /** The connection goes through another tab (tabs/). */
  remote: boolean;
  /** When an earlier connection of this query last heard from the server (connections change with the transport). */
  heardBefore: number | undefined;
  /** Events applied (stream) or polls that changed something (poll), for the connection panel. */
  events: number;
  readonly startedAt: number;
  /** The key of the list query this single-object query reads from, instead of a connection of its own. */
  coveredBy: string | undefined;
}

/** Connects a query through another tab instead of the apiserver. */
export interface RemoteConnector {
  connect(spec: QuerySpec): WatchHandle;
}

export class QueryRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly grace: GracePeriod;
  /** Per cluster ('' for the global one): whether its queries start with a streaming list. */
  private readonly streamingLists = new Map<string, StreamingListSupport>();
  private environment: ConnectionEnvironment;
  private readonly environmentListeners = new Set<(environment: ConnectionEnvironment) => void>();
  /** Set while this tab follows another one that holds the connections (tabs/). */
  private remote: RemoteConnector | undefined;
  /** Keys of the queries that other tabs read through this one (tabs/): they stay connected while this tab sleeps. */
  private readonly servedToOtherTabs = new Set<string>();
  private readonly bufferedListeners = new Set<(cluster: string | undefined) => void>();
  /** Hands out waitingSince numbers: a smaller one has waited longer. */
  private waitSequence = 0;
  private disposed = false;

  constructor(
    private readonly http: KubeHttp,
    private readonly store: CacheStore,
    private readonly options: ResolvedOptions,
    environment: ConnectionEnvironment,
  ) {
    this.environment = environment;
    this.grace = new GracePeriod(options.timers, options.gracePeriodMs);
  }

  acquire(spec: QuerySpec): void {
    const existing = this.entries.get(spec.key);
    if (existing) {
      existing.subscribers += 1;
      this.grace.cancel(spec.key);
      return;
    }
    const covering = this.coveringEntry(spec);
    if (covering) {
      this.entries.set(spec.key, this.newEntry(spec, covering.spec.key));
      return this.store.addReader(spec.key, covering.spec.key, spec.namespace ?? '', spec.objectName!);
    }
    this.entries.set(spec.key, this.newEntry(spec, undefined));
    this.reconcile();
  }

  release(key: string): void {
    const entry = this.entries.get(key);
    if (!entry || entry.subscribers === 0) return;
    entry.subscribers -= 1;
    if (entry.subscribers > 0) return;
    this.grace.start(key, () => this.close(entry));
  }

  /** The transport a query not open yet would get, budget aside (what its loading status shows). */
  expectedTransport(spec: QuerySpec): Transport {
    return this.entries.get(spec.key)?.transport ?? wantedTransport(spec, this.environment);
  }

  connections(): ConnectionInfo[] {
    return [...this.entries.values()].map(({ spec, subscribers, events, startedAt, coveredBy }) => {
      const query = this.store.query(spec.key);
      const status = query?.status ?? initialStatus(this.ownEntry(spec.key)?.transport ?? 'stream', startedAt);
      return {
        key: spec.key,
        cluster: spec.cluster,
        resource: spec.resource.plural,
        namespace: spec.namespace,
        labelSelector: spec.labelSelector,
        fieldSelector: spec.fieldSelector,
        transport: status.transport,
        phase: status.phase,
        freshness: status.freshness,
        since: status.since,
        lastEventAt: this.lastEventAt(spec.key),
        notice: status.notice,
        coveredBy,
        resourceVersion: query?.resourceVersion,
        reconnects: status.reconnects,
        events,
        subscribers,
        startedAt,
      };
    });
  }

  /** The environment the plan reads now. */
  currentEnvironment(): ConnectionEnvironment {
    return this.environment;
  }

  /** Changes part of the environment, then brings every query's connection in line with it. */
  setEnvironment(change: Partial<ConnectionEnvironment>): void {
    this.environment = { ...this.environment, ...change };
    for (const listener of this.environmentListeners) listener(this.environment);
    this.reconcile();
  }
  /** Calls `listener` with the environment after each change (the log follows sleep with the tab). */
  onEnvironment(listener: (environment: ConnectionEnvironment) => void): () => void {
    this.environmentListeners.add(listener);
    return () => void this.environmentListeners.delete(listener);
  }


  /**
   * Moves every open query to another tab's connections (a connector), or back
   * to the apiserver (undefined: this tab took over). Taking over, a streaming
   * query watches from the version its cache holds: nothing lost, nothing repeated.
   */
  setRemote(remote: RemoteConnector | undefined): void {
    this.remote = remote;
    this.setEnvironment({ followsAnotherTab: remote !== undefined });
  }

  /** Calls `listener` each time a watch finds its stream held back by a buffering proxy. */
  onBufferedStream(listener: (cluster: string | undefined) => void): () => void {
    this.bufferedListeners.add(listener);
    return () => this.bufferedListeners.delete(listener);
  }

  /**
   * When the query last heard from the server: an event, a bookmark or a
   * poll's answer. Read when rendering an age; it changes no status, so no
   * subscriber is notified per event.
   */
  lastEventAt(key: string): number | undefined {
    const own = this.ownEntry(key);
    return own?.connection?.lastHeardAt ?? own?.heardBefore;
  }

  /** Other tabs start or stop reading `key` through this one; a sleeping tab keeps such a query connected. */
  serveOtherTabs(key: string, serving: boolean): void {
    if (serving) this.servedToOtherTabs.add(key);
    else this.servedToOtherTabs.delete(key);
    this.reconcile();
  }

  dispose(): void {
    this.disposed = true;
    this.bufferedListeners.clear();
    // close() deletes from the map being iterated; Array.from takes a copy first.
    for (const entry of Array.from(this.entries.values())) this.close(entry, false);
  }

  /**
   * The one step that makes every own connection what planConnections says:
   * it starts, moves (stream <-> poll, apiserver <-> leader tab), pauses and
   * resumes connections. A query keeps its cached data through a move.
   */
  private reconcile(): void {
    if (this.disposed) return;
    const own = Array.from(this.entries.values()).filter((entry) => entry.coveredBy === undefined);
    const plans = planConnections(
      own.map((entry) => ({
        spec: entry.spec,
        streaming: entry.connection !== undefined && !entry.remote && entry.transport === 'stream',
        waitingSince: entry.waitingSince,
        servesOtherTabs: this.keptAwake(entry),
      })),
      this.environment,
    );
    own.forEach((entry, index) => this.applyPlan(entry, plans[index]!));
  }

  /** Makes one query's connection what its plan says. */
  private applyPlan(entry: Entry, plan: ConnectionPlan): void {
    const waiting = plan.via === 'apiserver' && plan.pollReason === 'streamBudget';
    entry.waitingSince = waiting ? (entry.waitingSince ?? (this.waitSequence += 1)) : undefined;
    entry.pollReason = plan.pollReason;
    if (plan.via === 'leaderTab') {
      if (entry.connection && entry.remote) return;
      this.stopConnection(entry);
      this.ensureQuery(entry, plan.transport);
      entry.remote = true;
      entry.connection = this.remote!.connect(entry.spec);
      return;
    }
    if (entry.connection && !entry.remote && entry.transport === plan.transport) {
      if (entry.paused === plan.paused) return;
      entry.paused = plan.paused;
      if (plan.paused) entry.connection.pause();
      else entry.connection.resume();
      return;
    }
    this.stopConnection(entry);
    entry.transport = plan.transport;
    entry.paused = plan.paused;
    entry.remote = false;
    this.ensureQuery(entry, plan.transport);
    this.connect(entry);
  }

  /** The query's record in the cache, with its transport. */
  private ensureQuery(entry: Entry, transport: Transport): void {
    if (this.store.query(entry.spec.key)) this.store.setTransport(entry.spec.key, transport);
    else this.store.addQuery(entry.spec.key, entry.spec.bucket, transport, queryShape(entry.spec));
  }

  private stopConnection(entry: Entry): void {
    if (!entry.connection) return;
    entry.heardBefore = entry.connection.lastHeardAt ?? entry.heardBefore;
    entry.connection.stop();
    entry.connection = undefined;
  }

  /** Ends a query; its stream (if any) goes to the longest-waiting query unless everything is closing. */
  private close(entry: Entry, reconcile = true): void {
    const key = entry.spec.key;
    this.grace.cancel(key);
    this.stopConnection(entry);
    this.entries.delete(key);
    if (entry.coveredBy !== undefined) return this.store.removeReader(key);
    // Readers take over their objects before the list's objects leave the cache: no gap, no repeat.
    const readers = reconcile ? this.store.readerKeys(key).flatMap((reader) => this.entries.get(reader) ?? []) : [];
    for (const reader of readers) this.store.adoptReader(reader.spec.key, objectMatcher(reader.spec));
    this.store.removeQuery(key);
    // A reader whose list query closed connects on its own, from the version the list had reached.
    for (const reader of readers) reader.coveredBy = undefined;
    if (reconcile) this.reconcile();
  }

  /** An open list query that shows the object `spec` asks for, if any; one that failed for good covers nothing. */
  private coveringEntry(spec: QuerySpec): Entry | undefined {
    if (spec.objectName === undefined) return undefined;
    for (const entry of this.entries.values()) {
      if (entry.coveredBy === undefined && covers(entry.spec, spec) && this.store.query(entry.spec.key)?.status.phase !== 'error') return entry;
    }
    return undefined;
  }

  private newEntry(spec: QuerySpec, coveredBy: string | undefined): Entry {
    return {
      spec,
      subscribers: 1,
      transport: 'stream',
      pollReason: undefined,
      waitingSince: undefined,
      paused: false,
      connection: undefined,
      remote: false,
      heardBefore: undefined,
      events: 0,
      startedAt: this.options.timers.now(),
      coveredBy,
    };
  }

  /** The entry whose connection serves `key`: its own, or the list query's that covers it. */
  private ownEntry(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    return entry?.coveredBy === undefined ? entry : this.entries.get(entry.coveredBy);
  }

  /** Whether another tab reads this query, or a single object it covers. */
  private keptAwake(entry: Entry): boolean {
    if (this.servedToOtherTabs.has(entry.spec.key)) return true;
    for (const key of this.servedToOtherTabs) if (this.entries.get(key)?.coveredBy === entry.spec.key) return true;
    return false;
  }

  /** Starts the entry's connection on its transport; a stream starts from the version the cache holds (its last poll's, say). */
  private connect(entry: Entry): void {
    const { spec } = entry;
    entry.connection = connectQuery({
      http: this.http,
      store: this.store,
      options: this.options,
      spec,
      transport: entry.transport,
      streamingLists: this.streamingListsOf(spec.cluster),
      resumeFrom: entry.transport === 'stream' ? this.store.query(spec.key)?.resourceVersion : undefined,
      onChanges: (count) => (entry.events += count),
      onBuffered: () => {
        for (const listener of Array.from(this.bufferedListeners)) listener(spec.cluster);
      },
      pollNotice: () => (entry.pollReason === 'bufferingProxy' ? BUFFERING_PROXY : undefined),
      paused: entry.paused,
    });
  }

  private streamingListsOf(cluster: string | undefined): StreamingListSupport {
    const name = cluster ?? '';
    let support = this.streamingLists.get(name);
    if (!support) this.streamingLists.set(name, (support = new StreamingListSupport(this.options.streamingLists)));
    return support;
  }
}
