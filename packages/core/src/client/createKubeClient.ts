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
import { ClientLifetime } from './clientLifetime.js';
import { ENGINE_ENVIRONMENT } from './connectionPlan.js';
import { attachAddOns } from './addOnHost.js';
import type { KubeClientOptions, ResolvedOptions } from './options.js';
import { createQueryObserver, dataObservable, type QueryObserver } from './queryObserver.js';
import type { ConnectionInfo } from './connectionInfo.js';
import { QueryRegistry } from './queryRegistry.js';
import { listSpec, objectSpec, type QuerySpec, type WatchResourceListParams, type WatchResourceParams } from './querySpec.js';
import { streamJson, type StreamJsonOptions } from './streamJson.js';
import { watchLogs, type LogUpdate, type WatchLogsParams } from './watchLogs.js';
import type { PartialObjectMetadata } from '../views/projection.js';
import type { TableRow, TableView } from '../views/table.js';
import { tableViewSelector } from '../views/tableView.js';
import { Verbs, type DeleteParams, type ListResult, type ObjectParams, type PatchParams, type WriteParams } from './verbs.js';
import { mutate, type MutateOptions, type MutateTarget, type Recipe } from './mutate.js';
import { WriteVerbs } from './writeVerbs.js';

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
  /**
   * An optimistic edit: `recipe` edits an immer draft of the object; every
   * query showing it shows the edit at the next flush, the patch is sent
   * guarded by the version it was made on, re-run on the newest version after
   * a conflict, confirmed by the server's answer, or rolled back on failure.
   * Resolves to the server's answer (see writes/mutate.ts).
   */
  mutate<T>(target: MutateTarget<T>, recipe: Recipe<T>, options?: MutateOptions): Promise<T>;
  /** A JSON-lines stream (gRPC-gateway envelopes unwrapped), relative to the cluster's prefix. */
  streamJson<T>(path: string, options?: StreamJsonOptions): Observable<T>;
  /** A pod container's log, live: lines in batches with the kept window and a status; survives reconnects without loss or repeat (README: watchLogs). */
  watchLogs(params: WatchLogsParams): Observable<LogUpdate>;
  /** The open queries, for a connection panel. */
  connections(): ConnectionInfo[];
  /**
   * Switches the client's `downgradeWatch` (the console's DOWNGRADE_WATCH_ENABLED)
   * at runtime: open queries that asked for `downgradePolling` move between
   * streaming and polling and keep their data; other queries are untouched.
   * With tab sharing, the switch applies to every tab of the console.
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
  /** Changes recorded and not yet read by a flush; bounded by each query's size. */
  unread: number;
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
    streamingLists: options.streamingLists ?? false,
    listPageSize: options.listPageSize ?? 500,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? DEFAULT_BOOKMARK_INTERVAL_MS,
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
  // A schedule of the caller's (tests pass a microtask) is taken as it is; the default one is paced per query by cost.
  const store = new CacheStore(options.notifySchedule ?? defaultSchedule(), {
    freezeObjects: options.freezeObjects,
    now: () => resolved.timers.now(),
    paced: options.notifySchedule === undefined,
  });
  const registry = new QueryRegistry(http, store, resolved, {
    ...ENGINE_ENVIRONMENT,
    downgradeWatch: resolved.downgradeWatch,
    maxWatchStreams: options.maxWatchStreams ?? ENGINE_ENVIRONMENT.maxWatchStreams,
  });
  const verbs = new Verbs(http, resolved);
  const writes = new WriteVerbs(verbs, store);
  const lifetime = new ClientLifetime();
  // The browser add-ons (none in Node): each turns its signal into a change of the registry's environment.
  const addOns = attachAddOns(options.environment, { baseUrl: options.baseUrl ?? '', timers: resolved.timers, fixedStreamBudget: options.maxWatchStreams !== undefined }, registry, store);

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
    createResource: (params) => lifetime.request(params, (p) => writes.createResource(p)),
    updateResource: (params) => lifetime.request(params, (p) => writes.updateResource(p)),
    patchResource: (params) => lifetime.request(params, (p) => writes.patchResource(p)),
    deleteResource: (params) => lifetime.request(params, (p) => writes.deleteResource(p)),
    mutate: (target, recipe, mutateOptions) =>
      lifetime.request({ ...mutateOptions, signal: mutateOptions?.signal }, (p) => mutate(verbs, store, target, recipe, p)),
    streamJson: (path, streamOptions) => lifetime.bind(streamJson(http, resolved.clusterPrefix, path, streamOptions)),
    watchLogs: (params) => lifetime.bind(watchLogs({ http, options: resolved, watchPod: (p) => dataObservable(objectObserver(p)), environment: () => registry.currentEnvironment(), onEnvironment: (listener) => registry.onEnvironment(listener) }, params)),
    connections: () => registry.connections(),
    setDowngradeWatch: (on) => {
      if (lifetime.disposed || registry.currentEnvironment().downgradeWatch === on) return;
      registry.setEnvironment({ downgradeWatch: on });
      addOns.downgradeSwitched(on);
    },
    dispose: () => {
      if (lifetime.disposed) return;
      // Subscribers complete first (releasing their queries), then every query closes, grace timers included.
      lifetime.dispose();
      registry.dispose();
      addOns.detach();
    },
    stats: () => store.size,
  };
}
