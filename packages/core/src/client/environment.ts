/**
 * What a browser add-on sees of a client. The engine knows no browser: page
 * visibility and tab sleep, the protocol budget, proxy buffering and tab
 * sharing live in add-ons (`@rxkube/core/browser`) that a console passes as
 * `environment`, as TanStack Query's focusManager and onlineManager own one
 * browser signal each and the core only asks them. Each add-on turns its
 * signal into a change of the client's ConnectionEnvironment
 * (connectionPlan.ts); the client then reconciles every query's connection.
 * A Node script passes none, and its bundle holds none of their code.
 */
import type { CacheStore } from '../cache/store.js';
import type { Timers } from '../clock.js';
import type { ConnectionEnvironment } from './connectionPlan.js';
import type { RemoteConnector } from './queryRegistry.js';
import type { QuerySpec } from './querySpec.js';

/**
 * A browser add-on from `@rxkube/core/browser`, for `createKubeClient({ environment })`.
 * Its `attach` takes the engine's AddOnHost, which is not public: the type
 * says `never` so that the host can change without changing the public surface.
 */
export interface ClientAddOn {
  /** Starts the add-on for one client; the function returned stops it (the client's dispose calls it). */
  attach(host: never): () => void;
}

export interface AddOnHost {
  /** The client's baseUrl ('' for the page's origin). */
  readonly baseUrl: string;
  /** The client's clock and timers (virtual in tests). */
  readonly timers: Timers;
  /** The caller set `maxWatchStreams`: a budget of the protocol must leave it. */
  readonly fixedStreamBudget: boolean;
  environment(): ConnectionEnvironment;
  /** Changes part of the environment; every query's connection follows at once. */
  setEnvironment(change: Partial<Omit<ConnectionEnvironment, 'followsAnotherTab'>>): void;
  /** Calls `listener` each time a watch finds its stream held back by a buffering proxy. */
  onBufferedStream(listener: (cluster: string | undefined) => void): () => void;
  /** Calls `listener` after each `client.setDowngradeWatch(on)` call that changed the switch. */
  onDowngradeSwitch(listener: (on: boolean) => void): () => void;
  /** The client's queries, for an add-on that shares them with other tabs. */
  readonly queries: SharedQueries;
}

/** What tab sharing needs of a client: its queries and its cache. */
export interface SharedQueries {
  readonly store: CacheStore;
  acquire(spec: QuerySpec): void;
  release(key: string): void;
  /** Other tabs start or stop reading `key` through this one: it stays awake while this tab sleeps. */
  serveOtherTabs(key: string, serving: boolean): void;
  /** Every query connects through another tab (a connector), or through the apiserver again (undefined). */
  setRemote(remote: RemoteConnector | undefined): void;
}

/** The add-ons of an `environment` option, as a list. */
export function addOnsOf(environment: ClientAddOn | readonly ClientAddOn[] | undefined): readonly ClientAddOn[] {
  if (environment === undefined) return [];
  return 'attach' in environment ? [environment] : environment;
}
