// msw handlers over the same core as the node:http server, for unit tests
// and for running a console entirely in the browser (service worker). Streams
// start with a newline, because msw resolves fetch() only once the first
// body chunk is enqueued; every stream timer is cleared on cancel and on
// request abort (a late enqueue throws ERR_INVALID_STATE).
import { http, type HttpHandler } from 'msw';
import { createApiCore, type ApiCore } from '../api/core.js';
import { FakeModel } from '../model/model.js';
import type { ResourceInfo } from '../model/resources.js';
import type { Clock } from '../model/time.js';
import { WorkloadSimulator, type SimulatorOptions } from '../simulator/simulator.js';

export interface FakeApiHandlersOptions {
  /** Cluster names besides 'global'. */
  clusters?: readonly string[];
  /** Only requests to this origin (and path prefix) are answered; default: any origin. */
  baseUrl?: string;
  /** A base every path may be prefixed with, e.g. '/api-gateway'. */
  gatewayBase?: string;
  /** Share a model (e.g. with a node server or a second set of handlers). */
  model?: FakeModel;
  seed?: number;
  clock?: Clock;
  bookmarkIntervalMs?: number;
  defaultWatchTimeoutSeconds?: number;
  historyLimit?: number;
  resources?: readonly ResourceInfo[];
  /** Seed demo state and return a simulator (call `tick()` yourself, or use `setInterval`). */
  simulate?: boolean | SimulatorOptions;
}

export interface FakeApiHandlers {
  handlers: HttpHandler[];
  model: FakeModel;
  faults: ApiCore['faults'];
  requests: ApiCore['requests'];
  core: ApiCore;
  simulator?: WorkloadSimulator;
  /** Ends every open stream (call in afterEach/afterAll). */
  dispose(): void;
}

export function createFakeApiHandlers(options: FakeApiHandlersOptions = {}): FakeApiHandlers {
  const model =
    options.model ??
    new FakeModel({
      clusters: options.clusters ?? [],
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.historyLimit !== undefined ? { historyLimit: options.historyLimit } : {}),
      ...(options.resources ? { resources: options.resources } : {}),
    });
  if (options.model) for (const c of options.clusters ?? []) model.addCluster(c);
  const base = options.baseUrl ? new URL(options.baseUrl) : undefined;
  const prefix = (base?.pathname ?? '').replace(/\/+$/, '');
  const simulator = options.simulate ? new WorkloadSimulator(model, { seed: options.seed ?? 1, ...(options.simulate === true ? {} : options.simulate) }) : undefined;
  simulator?.seedState();
  const core = createApiCore({
    model,
    primeStreams: true,
    gatewayBase: `${prefix}${(options.gatewayBase ?? '').replace(/\/+$/, '')}`,
    ...(options.bookmarkIntervalMs !== undefined ? { bookmarkIntervalMs: options.bookmarkIntervalMs } : {}),
    ...(options.defaultWatchTimeoutSeconds !== undefined ? { defaultWatchTimeoutSeconds: options.defaultWatchTimeoutSeconds } : {}),
    ...(simulator ? { tick: (n: number) => simulator.tick(n) } : {}),
  });
  const handler = http.all('*', ({ request }) => {
    const url = new URL(request.url);
    if (base && (url.origin !== base.origin || !url.pathname.startsWith(prefix))) return undefined;
    if (!core.owns(url)) return undefined;
    return core.handle(request);
  });
  return {
    handlers: [handler],
    model,
    faults: core.faults,
    requests: core.requests,
    core,
    ...(simulator ? { simulator } : {}),
    dispose: () => core.shutdown(),
  };
}
