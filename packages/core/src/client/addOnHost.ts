/**
 * What an add-on sees of a client (environment.ts): the client's timers, its
 * ConnectionEnvironment to change, the signals it reports, and for tab
 * sharing its queries and cache; and `attachAddOns`, which builds it for one
 * client. Internal: add-ons come from @rxkube/core/browser.
 */
import type { CacheStore } from '../cache/store.js';
import type { Timers } from '../clock.js';
import type { ConnectionEnvironment } from './connectionPlan.js';
import type { ClientAddOn } from './environment.js';
import type { QueryRegistry, RemoteConnector } from './queryRegistry.js';
import type { QuerySpec } from './querySpec.js';

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

/** The add-ons of a client, attached. */
export interface AttachedAddOns {
  /** `client.setDowngradeWatch(on)` changed the switch: the add-ons that listen hear it (tab sharing tells the other tabs). */
  downgradeSwitched(on: boolean): void;
  /** Stops every add-on, the last attached first. */
  detach(): void;
}

/** Attaches the `environment` option's add-ons to a client's registry and cache. */
export function attachAddOns(
  environment: ClientAddOn | readonly ClientAddOn[] | undefined,
  client: Pick<AddOnHost, 'baseUrl' | 'timers' | 'fixedStreamBudget'>,
  registry: QueryRegistry,
  store: CacheStore,
): AttachedAddOns {
  const downgradeListeners = new Set<(on: boolean) => void>();
  const host: AddOnHost = {
    ...client,
    environment: () => registry.currentEnvironment(),
    setEnvironment: (change) => registry.setEnvironment(change),
    onBufferedStream: (listener) => registry.onBufferedStream(listener),
    onDowngradeSwitch: (listener) => {
      downgradeListeners.add(listener);
      return () => downgradeListeners.delete(listener);
    },
    queries: {
      store,
      acquire: (spec) => registry.acquire(spec),
      release: (key) => registry.release(key),
      serveOtherTabs: (key, serving) => registry.serveOtherTabs(key, serving),
      setRemote: (remote) => registry.setRemote(remote),
    },
  };
  const addOns: readonly ClientAddOn[] = environment === undefined ? [] : 'attach' in environment ? [environment] : environment;
  // ClientAddOn's public type hides the host (it says `never`); the add-ons of @rxkube/core/browser take this one.
  const detachers = addOns.map((addOn) => addOn.attach(host as never));
  return {
    downgradeSwitched: (on) => {
      for (const listener of Array.from(downgradeListeners)) listener(on);
    },
    detach: () => {
      for (const detach of detachers.toReversed()) detach();
      downgradeListeners.clear();
    },
  };
}
