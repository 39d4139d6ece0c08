import type { Hooks } from 'ky';
import type { Schedule } from '../cache/schedule.js';
import type { BackoffPolicy } from '../watch/backoff.js';
import type { ClusterPrefix } from '../urls/resourcePath.js';
import type { Timers } from '../clock.js';
import type { ClientAddOn } from './environment.js';

export interface KubeClientOptions {
  /** '' (default) for the page's own origin; an absolute URL in Node; may include a gateway path such as '/api-gateway'. */
  baseUrl?: string;
  /** Path of a workload cluster; default `/kubernetes/{cluster}`. */
  clusterPrefix?: ClusterPrefix;
  fetch?: typeof fetch;
  /** ky hooks, e.g. `beforeRequest` adding an Authorization or CSRF header. */
  hooks?: Hooks;
  /** Headers sent only with requests to the given cluster (undefined: the global cluster). */
  clusterHeaders?: (cluster: string | undefined) => Record<string, string> | undefined;
  /**
   * The console's DOWNGRADE_WATCH_ENABLED: calls that pass `downgradePolling`
   * poll instead of watching. Switch it later with `client.setDowngradeWatch(on)`.
   */
  downgradeWatch?: boolean;
  /** timeoutSeconds of every watch request; default 59 (proxies cut near 60 s). */
  watchTimeoutSeconds?: number;
  /** Interval for `downgradePolling: true`, in ms; default 10 000. */
  pollInterval?: number;
  /** How long a watch stays open after its last subscriber leaves, in ms; default 2 000. */
  gracePeriodMs?: number;
  /**
   * Most watch streams open at once; queries beyond poll (every `pollInterval`)
   * until a stream frees up. Default: unlimited, or in a browser with the
   * `protocolBudget()` add-on, 5 over HTTP/1.1 and 90 over HTTP/2 or HTTP/3.
   * A value given here is kept whatever the protocol.
   */
  maxWatchStreams?: number;
  /**
   * Browser add-ons (`@rxkube/core/browser`): `browserEnvironment()` for all of
   * them (hidden tabs sleep, a stream budget that follows the protocol,
   * buffering-proxy detection, optional tab sharing), or any of them alone.
   * Default: none; a Node script pays nothing for them.
   */
  environment?: ClientAddOn | readonly ClientAddOn[];
  /** Start watches with a streaming list (sendInitialEvents=true) where the server supports it; default false. */
  streamingLists?: boolean;
  /** Page size of lists; default 500. */
  listPageSize?: number;
  /**
   * How often the server sends watch bookmarks, in ms; default 60 000, as
   * kube-apiserver does. A stream that sends nothing (no event, no bookmark)
   * for two intervals is marked stale and watched again; one that sends
   * nothing for an interval, then everything at its end, is taken as a
   * buffering proxy.
   */
  bookmarkIntervalMs?: number;
  /** Deadline of a plain request; default 30 000 ms. */
  requestTimeoutMs?: number;
  /** When subscribers are notified: an animation frame in a browser, a 16 ms window elsewhere by default. */
  notifySchedule?: Schedule;
  /**
   * Deep-freeze every object handed out, so that a mutation anywhere in it
   * throws instead of changing what other subscribers see. Default: on in
   * development builds (`process.env.NODE_ENV !== 'production'`); production
   * builds freeze each object's sections (the object, metadata, labels,
   * annotations, spec, status), since deep freezing costs a quarter to half of
   * the parsing time. Arrays are frozen in every build.
   */
  freezeObjects?: boolean;
  /** Retry delays of watches; default client-go's (800 ms doubling to 30 s, reset after 2 min). */
  backoff?: Partial<BackoffPolicy>;
  /** For tests: the clock and timers of watches and grace periods. */
  timers?: Timers;
}

export interface ResolvedOptions {
  clusterPrefix?: ClusterPrefix | undefined;
  /** The switch the client starts with; the live one is the registry's environment (`setDowngradeWatch`). */
  downgradeWatch: boolean;
  watchTimeoutSeconds: number;
  pollInterval: number;
  gracePeriodMs: number;
  streamingLists: boolean;
  listPageSize: number;
  bookmarkIntervalMs: number;
  backoff: BackoffPolicy;
  timers: Timers;
}
