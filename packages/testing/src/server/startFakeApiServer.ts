// The in-process entry point: a fake apiserver on 127.0.0.1 (port 0 = any
// free port) with its model, fault switches, request log and, optionally, a
// workload simulator driven by a real interval. close() ends every
// connection, stops the simulator and resolves once nothing is left running.
import { createApiCore } from '../api/core.js';
import { FaultController } from '../faults/faultController.js';
import type { Fault, FaultMatch } from '../faults/types.js';
import type { FakeCluster } from '../model/cluster.js';
import { FakeModel, GLOBAL_CLUSTER } from '../model/model.js';
import type { ResourceInfo } from '../model/resources.js';
import type { Clock } from '../model/time.js';
import { RequestLog } from '../requests/requestLog.js';
import { WorkloadSimulator, type SimulatorOptions } from '../simulator/simulator.js';
import { listenHttp2 } from './http2Adapter.js';
import { listen } from './nodeAdapter.js';
import { withPages, type StaticPage } from './pages.js';

export interface FakeApiServerOptions {
  /** Default 0 (any free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Cluster names; 'global' (no prefix) is always there. Others live under /kubernetes/{name}. */
  clusters?: readonly string[];
  /** A base every path may also be reached under, e.g. '/api-gateway'. */
  gatewayBase?: string;
  /** BOOKMARK interval for watches with allowWatchBookmarks (default 5,000 ms). */
  bookmarkIntervalMs?: number;
  /** Length of watches without timeoutSeconds (default 1,800 s). */
  defaultWatchTimeoutSeconds?: number;
  /** Gzip streaming lists one member per flush to requests that accept gzip, as Kubernetes 1.37 (default false). */
  watchListCompression?: boolean;
  /** Honour KEP-5958's `drop=metadata.managedFields` Accept parameter, as a 1.37 server with ManagedFieldsOptOut on (default false: ignored, as the alpha gate is off). */
  managedFieldsOptOut?: boolean;
  /** Changes kept per cluster for watches and paging (default 10,000). */
  historyLimit?: number;
  /** Seeds uids and generated names (and the simulator when `simulate` gives no seed). */
  seed?: number;
  clock?: Clock;
  /** Seed demo state (nodes, deployments, a few hundred pods, the MicroService CRD) without simulating. */
  seedState?: boolean;
  /** Seed demo state and run the workload simulator every `tickIntervalMs`. */
  simulate?: boolean | (SimulatorOptions & { tickIntervalMs?: number });
  /** Faults armed from the start, e.g. `{ fault: { kind: 'cutAfter', ms: 60_000 }, match: { times: 'always' } }`. */
  faults?: ReadonlyArray<{ fault: Fault; match?: FaultMatch }>;
  /** Extra kinds (CRDs). */
  resources?: readonly ResourceInfo[];
  /**
   * Serve HTTPS on node:http2: h2 to clients that offer it, HTTP/1.1 to the
   * others, under a self-signed certificate made at start-up with openssl
   * (browsers need --ignore-certificate-errors). `url` becomes https://.
   */
  http2?: boolean;
  /** Static files at exact paths on the fake's own origin, e.g. a test page that must be same-origin with the API. */
  pages?: Readonly<Record<string, StaticPage>>;
}

export interface ClusterDirectory {
  /** The cluster called `name` ('global' = unprefixed, the default); throws for an unknown one. */
  get(name?: string): FakeCluster;
  has(name: string): boolean;
  names(): string[];
  readonly global: FakeCluster;
}

export interface FakeApiServer {
  /** `http://127.0.0.1:PORT` (`https://` with `http2`; no gateway base, no trailing slash). */
  url: string;
  port: number;
  model: FakeModel;
  clusters: ClusterDirectory;
  faults: FaultController;
  requests: RequestLog;
  simulator?: WorkloadSimulator;
  /** The URL of a cluster's API root: `url` for 'global', `url/kubernetes/{name}` otherwise (gateway base included). */
  clusterUrl(name?: string): string;
  close(): Promise<void>;
}

export function clusterDirectory(model: FakeModel): ClusterDirectory {
  return {
    get: (name = GLOBAL_CLUSTER) => model.cluster(name),
    has: (name) => model.findCluster(name) !== undefined,
    names: () => model.clusterNames(),
    get global() {
      return model.cluster(GLOBAL_CLUSTER);
    },
  };
}

export async function startFakeApiServer(options: FakeApiServerOptions = {}): Promise<FakeApiServer> {
  const model = new FakeModel({
    clusters: options.clusters ?? [],
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.historyLimit !== undefined ? { historyLimit: options.historyLimit } : {}),
    ...(options.resources ? { resources: options.resources } : {}),
  });
  const faults = new FaultController(model);
  for (const f of options.faults ?? []) faults.inject(f.fault, f.match);
  const requests = new RequestLog();
  const simOptions = options.simulate === true ? {} : options.simulate || undefined;
  const simulator = simOptions || options.seedState ? new WorkloadSimulator(model, { seed: options.seed ?? 1, ...simOptions }) : undefined;
  simulator?.seedState();
  const core = createApiCore({
    model,
    faults,
    requests,
    ...(options.gatewayBase ? { gatewayBase: options.gatewayBase } : {}),
    ...(options.bookmarkIntervalMs !== undefined ? { bookmarkIntervalMs: options.bookmarkIntervalMs } : {}),
    ...(options.defaultWatchTimeoutSeconds !== undefined ? { defaultWatchTimeoutSeconds: options.defaultWatchTimeoutSeconds } : {}),
    ...(options.watchListCompression ? { watchListCompression: true } : {}),
    ...(options.managedFieldsOptOut ? { managedFieldsOptOut: true } : {}),
    ...(simulator ? { tick: (n: number) => simulator.tick(n) } : {}),
  });
  const served = options.pages ? withPages(core, options.pages) : core;
  const address = { host: options.host ?? '127.0.0.1', port: options.port ?? 0 };
  const handle = options.http2 ? await listenHttp2(served, address) : await listen(served, address);
  const tick = () => {
    try {
      simulator?.tick();
    } catch (err) {
      // A client may have changed or deleted what the simulator was working on; the next tick carries on.
      console.error('rxkube simulator:', err instanceof Error ? err.message : err);
    }
  };
  const interval = simOptions ? setInterval(tick, simOptions.tickIntervalMs ?? 1_000) : undefined;
  const base = `${handle.url}${(options.gatewayBase ?? '').replace(/\/+$/, '')}`;
  return {
    url: handle.url,
    port: handle.port,
    model,
    clusters: clusterDirectory(model),
    faults,
    requests,
    ...(simulator ? { simulator } : {}),
    clusterUrl: (name = GLOBAL_CLUSTER) => (name === GLOBAL_CLUSTER ? base : `${base}/kubernetes/${encodeURIComponent(name)}`),
    async close() {
      clearInterval(interval);
      await handle.close();
    },
  };
}
