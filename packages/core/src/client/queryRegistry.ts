/**
 * Shares one connection among every subscriber to the same question. A query
 * starts with its first subscriber; after the last one leaves it stays open for
 * the grace period (gracePeriod.ts), then its connection stops and its objects
 * leave the cache. A streaming query over the stream budget (streamBudget.ts)
 * polls until a stream frees up. A single-object query that an open list query
 * covers (coverage.ts) reads from it instead of connecting; when that list
 * query closes, it takes over the object and connects on its own. A hidden
 * tab pauses every connection (tabSleep.ts), and a cluster behind a buffering
 * proxy polls until its next probe (proxyBuffering.ts). In a tab that follows
 * another tab of the browser (tabs/), queries connect to that tab instead of
 * the apiserver (`setRemote`).
 */
import { objectMatcher, queryShape } from '../cache/objectMatcher.js';
import type { CacheStore } from '../cache/store.js';
import type { KubeHttp } from '../http/kubeHttp.js';
import type { Freshness, Phase, StatusNotice, Transport } from '../status/queryStatus.js';
import { BUFFERING_PROXY } from '../watch/notices.js';
import type { WatchHandle } from '../watch/runWatch.js';
import { StreamingListSupport } from '../watch/streamingListSupport.js';
import { covers } from './coverage.js';
import { GracePeriod } from './gracePeriod.js';
import type { ResolvedOptions } from './options.js';
import { ProxyBuffering } from './proxyBuffering.js';
import { connectQuery } from './queryConnection.js';
import type { QuerySpec } from './querySpec.js';
import { StreamBudget } from './streamBudget.js';
import { TabSleep } from './tabSleep.js';

interface Entry {
  readonly spec: QuerySpec;
  subscribers: number;
  /** The spec's transport, or 'poll' while a streaming query waits for a stream under the budget. */
  transport: Transport;
  /** Its own connection; undefined while covered by a list query. */
  connection: WatchHandle | undefined;
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
  /** How current the data is, and since when (see QueryStatus). */
  freshness: Freshness;
  since: number;
  /** When the query last heard from the server: an event, a bookmark or a poll's answer (the client's clock). */
  lastEventAt: number | undefined;
  /** Why the query is not doing the obvious thing (see QueryStatus.notice). */
  notice: StatusNotice | undefined;
  /** The list query whose connection serves this single-object query; undefined when it has its own. */
  coveredBy: string | undefined;
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
  private readonly buffering: ProxyBuffering;
  private readonly sleep: TabSleep | undefined;
  /** Set while this tab follows another one that holds the connections (tabs/). */
  private remote: RemoteConnector | undefined;
  /** Keys of the queries that other tabs read through this one (tabs/): they stay connected while this tab sleeps. */
  private readonly servedToOtherTabs = new Set<string>();

  constructor(
    private readonly http: KubeHttp,
    private readonly store: CacheStore,
    private readonly options: ResolvedOptions,
  ) {
    this.grace = new GracePeriod(options.timers, options.gracePeriodMs);
    this.budget = new StreamBudget(options.maxWatchStreams);
    this.buffering = new ProxyBuffering(options.timers, options.bufferingProbeMs, (cluster, buffered) => this.bufferingChanged(cluster, buffered));
    const visibility = options.visibility;
    this.sleep = visibility && new TabSleep(visibility, options.timers, options.hiddenTabGraceMs, {
      sleep: () => this.ownConnections().forEach((connection) => connection.pause()),
      wake: () => this.ownConnections().forEach((connection) => connection.resume()),
    });
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
      const entry = this.newEntry(spec, covering.transport, covering.spec.key);
      this.store.addReader(spec.key, covering.spec.key, spec.namespace ?? '', spec.objectName!);
      return void this.entries.set(spec.key, entry);
    }
    const entry = this.newEntry(spec, this.transportFor(spec), undefined);
    this.entries.set(spec.key, entry);
    this.store.addQuery(spec.key, spec.bucket, entry.transport, queryShape(spec));
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
    return [...this.entries.values()].map(({ spec, transport, subscribers, events, startedAt, coveredBy }) => {
      const query = this.store.query(spec.key);
      const status = query?.status;
      return {
        key: spec.key,
        cluster: spec.cluster,
        resource: spec.resource.plural,
        namespace: spec.namespace,
        labelSelector: spec.labelSelector,
        fieldSelector: spec.fieldSelector,
        transport,
        phase: status?.phase ?? 'loading',
        freshness: status?.freshness ?? 'resyncing',
        since: status?.since ?? startedAt,
        lastEventAt: this.lastEventAt(spec.key),
        notice: query?.status.notice,
        coveredBy,
        resourceVersion: query?.resourceVersion,
        reconnects: query?.status.reconnects ?? 0,
        events,
        subscribers,
        startedAt,
      };
    });
  }

  /** The stream budget grew (the API turned out to be reached over HTTP/2): waiting queries take the new streams. */
  widenStreamBudget(maxWatchStreams: number): void {
    for (const key of this.budget.widen(maxWatchStreams)) {
      const entry = this.entries.get(key);
      if (entry) this.move(entry, 'stream');
    }
  }

  /**
   * Moves every open query to another tab's connections (a connector), or back
   * to the apiserver (undefined: this tab took over). Taking over, a streaming
   * query watches from the version its cache holds: nothing lost, nothing repeated.
   */
  setRemote(remote: RemoteConnector | undefined): void {
    this.remote = remote;
    for (const entry of this.entries.values()) {
      if (entry.coveredBy !== undefined) continue;
      entry.heardBefore = entry.connection?.lastHeardAt ?? entry.heardBefore;
      entry.connection?.stop();
      this.connect(entry, this.resumeVersion(entry));
    }
  }

  /**
   * When the query last heard from the server: an event, a bookmark or a
   * poll's answer. Read when rendering an age; it changes no status, so no
   * subscriber is notified per event.
   */
  lastEventAt(key: string): number | undefined {
    const entry = this.entries.get(key);
    const own = entry?.coveredBy === undefined ? entry : this.entries.get(entry.coveredBy);
    return own?.connection?.lastHeardAt ?? own?.heardBefore;
  }

  /** Other tabs start or stop reading `key` through this one; a sleeping tab keeps such a query connected. */
  serveOtherTabs(key: string, serving: boolean): void {
    const entry = this.entries.get(key);
    const own = entry?.coveredBy === undefined ? entry : this.entries.get(entry.coveredBy);
    if (serving) this.servedToOtherTabs.add(key);
    else this.servedToOtherTabs.delete(key);
    if (!this.sleep?.asleep || !own?.connection) return;
    if (this.keptAwake(own)) own.connection.resume();
    else own.connection.pause();
  }

  /**
   * After the client's downgradeWatch was switched: moves each query to the
   * transport its spec now asks for (streams within the budget); its cached
   * data stays, so subscribers see no gap.
   */
  applyTransports(): void {
    const own = () => Array.from(this.entries.values()).filter((entry) => entry.coveredBy === undefined);
    for (const entry of own()) {
      if (entry.spec.transport !== 'poll') continue;
      if (entry.transport === 'stream') this.move(entry, 'poll');
      this.giveStreamAway(entry.spec.key);
    }
    for (const entry of own()) {
      if (entry.spec.transport === 'stream' && entry.transport === 'poll' && !this.buffering.isBuffered(entry.spec.cluster) && this.budget.take(entry.spec.key)) this.move(entry, 'stream');
    }
  }

  dispose(): void {
    this.sleep?.dispose();
    this.buffering.dispose();
    // close() deletes from the map being iterated; Array.from takes a copy first.
    for (const entry of Array.from(this.entries.values())) this.close(entry, false);
  }

  /** Ends a query; a freed stream goes to the longest-waiting query unless everything is closing. */
  private close(entry: Entry, promote = true): void {
    const key = entry.spec.key;
    this.grace.cancel(key);
    entry.connection?.stop();
    this.entries.delete(key);
    if (entry.coveredBy !== undefined) return this.store.removeReader(key);
    // Readers take over their objects before the list's objects leave the cache: no gap, no repeat.
    const readers = promote ? this.store.readerKeys(key).flatMap((reader) => this.entries.get(reader) ?? []) : [];
    for (const reader of readers) this.store.adoptReader(reader.spec.key, objectMatcher(reader.spec));
    this.store.removeQuery(key);
    if (promote) this.giveStreamAway(key);
    else this.budget.release(key);
    for (const reader of readers) this.connectOnItsOwn(reader);
  }

  /** `key` gives up its stream (or its place in line); the longest-waiting query that polls for lack of one gets it. */
  private giveStreamAway(key: string): void {
    const next = this.budget.release(key);
    const waiting = next === undefined ? undefined : this.entries.get(next);
    if (waiting) this.move(waiting, 'stream');
  }

  /** A reader whose list query closed: a connection of its own, within the budget, from the version the list had reached. */
  private connectOnItsOwn(entry: Entry): void {
    entry.coveredBy = undefined;
    entry.transport = this.transportFor(entry.spec);
    this.store.setTransport(entry.spec.key, entry.transport);
    this.connect(entry, this.resumeVersion(entry));
  }

  /** An open list query that shows the object `spec` asks for, if any; one that failed for good covers nothing. */
  private coveringEntry(spec: QuerySpec): Entry | undefined {
    if (spec.objectName === undefined) return undefined;
    for (const entry of this.entries.values()) {
      if (entry.coveredBy === undefined && covers(entry.spec, spec) && this.store.query(entry.spec.key)?.status.phase !== 'error') return entry;
    }
    return undefined;
  }

  private newEntry(spec: QuerySpec, transport: Transport, coveredBy: string | undefined): Entry {
    return { spec, subscribers: 1, transport, connection: undefined, heardBefore: undefined, events: 0, startedAt: this.options.timers.now(), coveredBy };
  }

  /** Streams when it asks to, its cluster's streams are not buffered, and the budget has one (else it waits in line). */
  private transportFor(spec: QuerySpec): Transport {
    return spec.transport === 'stream' && !this.buffering.isBuffered(spec.cluster) && this.budget.take(spec.key) ? 'stream' : 'poll';
  }

  /**
   * A buffering proxy was seen on `cluster`: its streaming queries poll, and
   * give their streams (or places in line) to other clusters' queries. At the
   * probe, they take streams again within the budget.
   */
  private bufferingChanged(cluster: string | undefined, buffered: boolean): void {
    const affected = Array.from(this.entries.values()).filter((e) => e.coveredBy === undefined && e.spec.transport === 'stream' && e.spec.cluster === cluster);
    if (!buffered) {
      for (const entry of affected) if (entry.transport === 'poll' && this.budget.take(entry.spec.key)) this.move(entry, 'stream');
      return;
    }
    // Out of the line first, so that a freed stream never goes to a query of this cluster.
    for (const entry of affected) if (entry.transport === 'poll') this.budget.release(entry.spec.key);
    for (const entry of affected) {
      if (entry.transport !== 'stream') continue;
      this.move(entry, 'poll');
      this.giveStreamAway(entry.spec.key);
    }
  }

  /** The connections that sleep with this tab: all but those other tabs read through it. */
  private ownConnections(): WatchHandle[] {
    return Array.from(this.entries.values()).flatMap((entry) => (this.keptAwake(entry) ? [] : (entry.connection ?? [])));
  }

  /** Whether another tab reads this query, or a single object it covers. */
  private keptAwake(entry: Entry): boolean {
    if (this.servedToOtherTabs.has(entry.spec.key)) return true;
    for (const key of this.servedToOtherTabs) if (this.entries.get(key)?.coveredBy === entry.spec.key) return true;
    return false;
  }

  /**
   * Stops a query's requests and starts them again on the other transport; the
   * cache keeps its objects. A stream starts from the version the query has
   * (its last poll's, say), without listing again.
   */
  private move(entry: Entry, transport: Transport): void {
    entry.heardBefore = entry.connection?.lastHeardAt ?? entry.heardBefore;
    entry.connection?.stop();
    entry.transport = transport;
    this.store.setTransport(entry.spec.key, transport);
    this.connect(entry, this.resumeVersion(entry));
  }

  /** Where a stream resumes: the version of the query's last complete answer; a poll always lists. */
  private resumeVersion(entry: Entry): string | undefined {
    return entry.transport === 'stream' ? this.store.query(entry.spec.key)?.resourceVersion : undefined;
  }

  private connect(entry: Entry, resumeFrom?: string): void {
    const { spec } = entry;
    if (this.remote) return void (entry.connection = this.remote.connect(spec));
    entry.connection = connectQuery({
      http: this.http,
      store: this.store,
      options: this.options,
      spec,
      transport: entry.transport,
      streamingLists: this.streamingListsOf(spec.cluster),
      resumeFrom,
      onChanges: (count) => (entry.events += count),
      onBuffered: () => this.buffering.detected(spec.cluster),
      pollNotice: () => (spec.transport === 'stream' && this.buffering.isBuffered(spec.cluster) ? BUFFERING_PROXY : undefined),
      paused: (this.sleep?.asleep ?? false) && !this.keptAwake(entry),
    });
  }

  private streamingListsOf(cluster: string | undefined): StreamingListSupport {
    const name = cluster ?? '';
    let support = this.streamingLists.get(name);
    if (!support) this.streamingLists.set(name, (support = new StreamingListSupport(this.options.streamingLists)));
    return support;
  }
}
