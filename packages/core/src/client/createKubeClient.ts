/**
 * The client: one HTTP layer, one cache and one registry of shared queries.
 *
 *   const client = createKubeClient({ baseUrl: '/api-gateway' });
 *   client.watchResource({ cluster: 'calico3', resource: Jobs, namespace: 'testhl', name: 'pi' })
 *     .subscribe((job) => render(job));
 */
import type { Observable } from 'rxjs';
import { CacheStore } from '../cache/store.js';
import { defaultSchedule } from '../cache/schedule.js';
import { isKubeApiError, KubeApiError, type Status } from '../errors/KubeApiError.js';
import { KubeHttp } from '../http/kubeHttp.js';
import { realTimers } from '../clock.js';
import { DEFAULT_BACKOFF } from '../watch/backoff.js';
import { DEFAULT_BOOKMARK_INTERVAL_MS } from '../watch/silence.js';
import { documentVisibility } from './pageVisibility.js';
import { ClientLifetime } from './clientLifetime.js';
import type { KubeClientOptions, ResolvedOptions } from './options.js';
import { shareAcrossTabs } from '../tabs/shareAcrossTabs.js';
import { initialWatchStreams, widenOnMultiplexedProtocol } from './protocolBudget.js';
import { createQueryObserver, dataObservable, type QueryObserver } from './queryObserver.js';
import { QueryRegistry, type ConnectionInfo } from './queryRegistry.js';
import { listSpec, objectSpec, type QuerySpec, type WatchResourceListParams, type WatchResourceParams } from './querySpec.js';
import { streamJson, type StreamJsonOptions } from './streamJson.js';
import type { PartialObjectMetadata } from '../views/projection.js';
import type { TableRow, TableView } from '../views/table.js';
import { tableViewSelector } from '../views/tableView.js';
import { Verbs, type DeleteParams, type ListResult, type ObjectParams, type PatchParams, type WriteParams } from './verbs.js';

export interface KubeClient {
  /** One object, live: the object, each new version, null while it does not exist. */
  watchResource<T>(params: WatchResourceParams<T>): Observable<T | null>;
  /**
   * A collection, live: the whole array (ordered by namespace, then name) after every change.
   * `view: 'metadata'` emits PartialObjectMetadata objects, `view: 'table'` the server's rows (the columns: watchResourceTable).
   */
  watchResourceList<T>(params: WatchResourceListParams<T> & { view: 'metadata' }): Observable<readonly PartialObjectMetadata[]>;
  watchResourceList<T>(params: WatchResourceListParams<T> & { view: 'table' }): Observable<readonly TableRow[]>;
  watchResourceList<T>(params: WatchResourceListParams<T>): Observable<readonly T[]>;
  /** A collection as the server prints it (the `table` view): its columns and one row per object, after every change. */
  watchResourceTable<T>(params: Omit<WatchResourceListParams<T>, 'view'>): Observable<TableView>;
  /** Data and status together, for framework bindings (useSyncExternalStore, signals). */
  observeResource<T>(params: WatchResourceParams<T>): QueryObserver<T | null>;
  observeResourceList<T>(params: WatchResourceListParams<T> & { view: 'metadata' }): QueryObserver<readonly PartialObjectMetadata[]>;
  observeResourceList<T>(params: WatchResourceListParams<T> & { view: 'table' }): QueryObserver<readonly TableRow[]>;
  observeResourceList<T>(params: WatchResourceListParams<T>): QueryObserver<readonly T[]>;
  observeResourceTable<T>(params: Omit<WatchResourceListParams<T>, 'view'>): QueryObserver<TableView>;
  getResource<T>(params: ObjectParams<T>): Promise<T>;
  listResources<T>(params: Omit<WatchResourceListParams<T>, 'downgradePolling'> & { signal?: AbortSignal; view: 'metadata' }): Promise<ListResult<PartialObjectMetadata>>;
  listResources<T>(params: Omit<WatchResourceListParams<T>, 'downgradePolling'> & { signal?: AbortSignal; view: 'table' }): Promise<ListResult<TableRow>>;
  listResources<T>(params: Omit<WatchResourceListParams<T>, 'downgradePolling'> & { signal?: AbortSignal }): Promise<ListResult<T>>;
  createResource<T>(params: WriteParams<T>): Promise<T>;
  updateResource<T>(params: WriteParams<T>): Promise<T>;
  patchResource<T>(params: PatchParams<T>): Promise<T>;
  deleteResource<T>(params: DeleteParams<T>): Promise<T | Status>;
  /** A JSON-lines stream (gRPC-gateway envelopes unwrapped), relative to the cluster's prefix. */
  streamJson<T>(path: string, options?: StreamJsonOptions): Observable<T>;
  /** The open queries, for a connection panel. */
  connections(): ConnectionInfo[];
  /**
   * Switches the client's `downgradeWatch` (the console's DOWNGRADE_WATCH_ENABLED)
   * at runtime: open queries that asked for `downgradePolling` move between
   * streaming and polling and keep their data; other queries are untouched.
   */
  setDowngradeWatch(on: boolean): void;
  /**
   * Completes every Observable the client handed out, aborts every request and
   * clears every timer. Later calls fail with a KubeApiError `ClientDisposed`
   * (Observables error on subscribe, promises reject).
   */
  dispose(): void;
  /** What the client holds now, for leak checks and debugging: all zero once every query has closed. */
  stats(): ClientStats;
}

export interface ClientStats {
  /** Queries in the cache (open, or within their grace period). */
  queries: number;
  /** Cache listeners (one per subscribed observer). */
  listeners: number;
  /** Cached collections (one per cluster and resource type in use). */
  buckets: number;
  /** Single-object queries served by an open list query (no connection of their own). */
  readers: number;
  /** Objects cached, each stored once however many queries show it. */
  objects: number;
}

/** Bad input becomes the observer's error state instead of a throw at call time. */
function specOrError(build: () => QuerySpec): QuerySpec | KubeApiError {
  try {
    return build();
  } catch (error) {
    if (isKubeApiError(error)) return error;
    throw error;
  }
}

export function createKubeClient(options: KubeClientOptions = {}): KubeClient {
  const resolved: ResolvedOptions = {
    clusterPrefix: options.clusterPrefix,
    downgradeWatch: options.downgradeWatch ?? false,
    watchTimeoutSeconds: options.watchTimeoutSeconds ?? 59,
    pollInterval: options.pollInterval ?? 10_000,
    gracePeriodMs: options.gracePeriodMs ?? 2_000,
    maxWatchStreams: initialWatchStreams(options.maxWatchStreams),
    streamingLists: options.streamingLists ?? false,
    listPageSize: options.listPageSize ?? 500,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? DEFAULT_BOOKMARK_INTERVAL_MS,
    hiddenTabGraceMs: options.hiddenTabGraceMs ?? 60_000,
    bufferingProbeMs: options.bufferingProbeMs ?? 300_000,
    visibility: options.visibility ?? documentVisibility(),
    backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
    timers: options.timers ?? realTimers,
  };
  const http = new KubeHttp({
    baseUrl: options.baseUrl ?? '',
    fetch: options.fetch,
    hooks: options.hooks,
    clusterHeaders: options.clusterHeaders,
    requestTimeoutMs: options.requestTimeoutMs,
  });
  const store = new CacheStore(options.notifySchedule ?? defaultSchedule(), { freezeObjects: options.freezeObjects, now: () => resolved.timers.now() });
  const registry = new QueryRegistry(http, store, resolved);
  const verbs = new Verbs(http, resolved);
  const lifetime = new ClientLifetime();
  const stopSharing = options.shareAcrossTabs ? shareAcrossTabs(`rxkube-tabs ${options.baseUrl ?? ''}`, registry, store) : () => undefined;
  const stopFollowingProtocol =
    options.maxWatchStreams === undefined ? widenOnMultiplexedProtocol(options.baseUrl ?? '', (max) => registry.widenStreamBudget(max)) : () => undefined;

  /** A spec, or the error the observer reports instead: bad input, or a disposed client. */
  const specFor = (build: () => QuerySpec): QuerySpec | KubeApiError => (lifetime.disposed ? lifetime.error : specOrError(build));
  const objectObserver = <T>(params: WatchResourceParams<T>) =>
    createQueryObserver<T | null>(specFor(() => objectSpec(params, resolved)), store, registry, (s, key) => s.selectOne<T>(key));
  const listObserver = <T>(params: WatchResourceListParams<T>) =>
    createQueryObserver<readonly T[]>(specFor(() => listSpec(params, resolved)), store, registry, (s, key) => s.selectList<T>(key));
  const tableObserver = <T>(params: Omit<WatchResourceListParams<T>, 'view'>) => {
    const spec = specFor(() => listSpec({ ...params, view: 'table' }, resolved));
    return createQueryObserver<TableView>(spec, store, registry, tableViewSelector('key' in spec ? spec.bucket : ''));
  };

  return {
    watchResource: (params) => lifetime.bind(dataObservable(objectObserver(params))),
    // One implementation serves every view; the overloads above type what each view emits.
    watchResourceList: ((params: WatchResourceListParams<unknown>) => lifetime.bind(dataObservable(listObserver(params)))) as KubeClient['watchResourceList'],
    watchResourceTable: (params) => lifetime.bind(dataObservable(tableObserver(params))),
    observeResource: (params) => lifetime.guard(objectObserver(params)),
    observeResourceList: ((params: WatchResourceListParams<unknown>) => lifetime.guard(listObserver(params))) as KubeClient['observeResourceList'],
    observeResourceTable: (params) => lifetime.guard(tableObserver(params)),
    getResource: (params) => lifetime.request(params, (p) => verbs.getResource(p)),
    listResources: ((params: Omit<WatchResourceListParams<unknown>, 'downgradePolling'> & { signal?: AbortSignal }) => lifetime.request(params, (p) => verbs.listResources(p))) as KubeClient['listResources'],
    createResource: (params) => lifetime.request(params, (p) => verbs.createResource(p)),
    updateResource: (params) => lifetime.request(params, (p) => verbs.updateResource(p)),
    patchResource: (params) => lifetime.request(params, (p) => verbs.patchResource(p)),
    deleteResource: (params) => lifetime.request(params, (p) => verbs.deleteResource(p)),
    streamJson: (path, streamOptions) => lifetime.bind(streamJson(http, resolved.clusterPrefix, path, streamOptions)),
    connections: () => registry.connections(),
    setDowngradeWatch: (on) => {
      if (lifetime.disposed || resolved.downgradeWatch === on) return;
      resolved.downgradeWatch = on;
      registry.applyTransports();
    },
    dispose: () => {
      if (lifetime.disposed) return;
      stopFollowingProtocol();
      // Subscribers complete first (releasing their queries), then every query closes, grace timers included.
      lifetime.dispose();
      registry.dispose();
      stopSharing();
    },
    stats: () => store.size,
  };
}
