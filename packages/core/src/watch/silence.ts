/**
 * What a watch stream's silence means, as pure rules on the watcher's clock.
 *
 * kube-apiserver sends a watch that asked for bookmarks a BOOKMARK roughly
 * every minute (`defaultBookmarkFrequency = time.Minute`,
 * staging/src/k8s.io/apiserver/pkg/storage/cacher/cacher.go) and one 2 s
 * before the watch's deadline (`nextBookmarkTime`, cache_watcher.go in the
 * same folder). So an open stream that asked for bookmarks is never silent for
 * long, and one that ran to its timeout got something before its last seconds.
 *
 * - stale: nothing (no event, no bookmark) for two bookmark intervals: the
 *   connection is dead or held somewhere; cut it and watch again;
 * - buffered: the watch got nothing for as long as a bookmark takes, then
 *   everything at once at its very end: a proxy holds the body until the
 *   response ends (the data is fine, only late by a whole watch). Counted
 *   from the request, not from the headers: a proxy may hold those too (Node's
 *   http-proxy sends them with the first body bytes).
 */
import type { Watching } from './watchState.js';

/** The default bookmark interval of kube-apiserver (cacher.go, above). */
export const DEFAULT_BOOKMARK_INTERVAL_MS = 60_000;

/** Bookmark intervals without anything after which an open stream counts as stale. */
export const STALE_AFTER_BOOKMARK_INTERVALS = 2;

/** How long before its deadline the apiserver sends its last bookmark (cache_watcher.go, nextBookmarkTime). */
export const BOOKMARK_BEFORE_DEADLINE_MS = 2_000;

/**
 * Data that arrives this close to the end of the response arrived with it. A
 * buffering proxy delivers the body and the end in the same read; a server
 * that sends a last event just before its deadline is at least this far off
 * its pre-deadline bookmark.
 */
export const END_BURST_MS = 250;

export interface SilenceOptions {
  /** How often the server sends bookmarks. */
  bookmarkIntervalMs: number;
  watchTimeoutSeconds: number;
}


export function staleAfterMs(options: SilenceOptions): number {
  return STALE_AFTER_BOOKMARK_INTERVALS * options.bookmarkIntervalMs;
}

/** How long a stream may stay quiet before something was due: the periodic bookmark, or the one before the deadline. */
export function quietAllowanceMs(options: SilenceOptions): number {
  const lastBookmarkAt = options.watchTimeoutSeconds * 1000 - BOOKMARK_BEFORE_DEADLINE_MS;
  return lastBookmarkAt > 0 ? Math.min(options.bookmarkIntervalMs, lastBookmarkAt) : options.bookmarkIntervalMs;
}

/** Whether a stream that just ended at `now` got all it ever sent in one burst at its end, after a silence no server keeps. */
export function endedInOneBurst(state: Watching, now: number, options: SilenceOptions): boolean {
  if (state.firstDataAt === undefined) return false;
  return now - state.firstDataAt <= END_BURST_MS && state.firstDataAt - state.startedAt >= quietAllowanceMs(options);
}

/** Whether an open stream has been silent too long, at `now`. */
export function isStale(state: Watching, now: number, options: SilenceOptions): boolean {
  return now - state.heardAt >= staleAfterMs(options);
}
