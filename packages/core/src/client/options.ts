import type { Hooks } from 'ky';
import type { Schedule } from '../cache/schedule.js';
import type { BackoffPolicy } from '../watch/backoff.js';
import type { ClusterPrefix } from '../urls/resourcePath.js';
import type { Timers } from '../clock.js';
import type { PageVisibility } from './pageVisibility.js';

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
   * until a stream frees up. Default in a browser: 5 while the API is reached
   * over HTTP/1.1 (6 connections per origin, one stays free for other
   * requests), 90 once a response shows HTTP/2 or HTTP/3 (kube-apiserver
   * allows 100 concurrent streams per connection); unlimited elsewhere.
   * A value given here is kept whatever the protocol.
   */
  maxWatchStreams?: number;
  /**
   * Share one set of connections among the tabs of this console (same origin
   * and baseUrl): one tab, elected with Web Locks, holds the watches and sends
   * the other tabs the changes of their queries over a BroadcastChannel; when
   * it closes, another tab takes over from the versions it holds. Default
   * false. No effect in Node, nor where BroadcastChannel or navigator.locks
   * are missing (an insecure context).
   */
  shareAcrossTabs?: boolean;
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
  /** How long a tab stays hidden before its watches close (status `paused`), in ms; default 60 000; Infinity never. */
  hiddenTabGraceMs?: number;
  /** After a buffering proxy sent a cluster to polling, how long before it tries streaming again, in ms; default 300 000. */
  bufferingProbeMs?: number;
  /** Whether the page is hidden; default: the document's in a browser, none elsewhere. */
  visibility?: PageVisibility;
  /** Deadline of a plain request; default 30 000 ms. */
  requestTimeoutMs?: number;
  /** When subscribers are notified: an animation frame in a browser, a 16 ms window elsewhere by default. */
  notifySchedule?: Schedule;
  /**
   * Deep-freeze every object and array handed out, so that a mutation throws
   * instead of changing what other subscribers see. Default: on in development
   * builds (`process.env.NODE_ENV !== 'production'`), off in production builds,
   * where it would cost about half of the parsing time.
   */
  freezeObjects?: boolean;
  /** Retry delays of watches; default client-go's (800 ms doubling to 30 s, reset after 2 min). */
  backoff?: Partial<BackoffPolicy>;
  /** For tests: the clock and timers of watches and grace periods. */
  timers?: Timers;
}

export interface ResolvedOptions {
  clusterPrefix?: ClusterPrefix | undefined;
  /** Changed at runtime by `setDowngradeWatch`; specs read it through their `transport`. */
  downgradeWatch: boolean;
  watchTimeoutSeconds: number;
  pollInterval: number;
  gracePeriodMs: number;
  maxWatchStreams: number;
  streamingLists: boolean;
  listPageSize: number;
  bookmarkIntervalMs: number;
  hiddenTabGraceMs: number;
  bufferingProbeMs: number;
  visibility: PageVisibility | undefined;
  backoff: BackoffPolicy;
  timers: Timers;
}
