/**
 * The watcher of one query as a pure state machine, after kube-rs's
 * `watcher.rs`, with the I/O moved out into effects that `runWatch` performs.
 * Streaming and polling are two modes of it: a polling query lists, rests for
 * the poll interval and lists again; both share the listing, the cache ops,
 * the backoff and the clock.
 *
 * Invariants:
 * - a query is listed completely (all pages, or a streaming list up to its
 *   initial-events-end bookmark) before its members are replaced, so a
 *   subscriber never sees a half list, and objects deleted while the watch was
 *   down disappear with the next complete listing;
 * - a streaming list that cannot be trusted to be complete (compressed, ended
 *   or gone quiet before its bookmark, refused) is never shown: the query, and
 *   through the `fallBack` effect its whole cluster, lists with list+watch;
 * - a watch resumes from the last resourceVersion it saw (events and
 *   bookmarks advance it), so a stream the server ends loses nothing and
 *   repeats nothing;
 * - 410 Gone (an HTTP status or an ERROR event) means that version is gone:
 *   list again, after a backoff step so that a compaction does not make every
 *   client relist at the same instant; an expired continue token instead
 *   lists once more at once, in full (client-go's pager, FullListIfExpired);
 * - every other retryable failure backs off and resumes where it was; a failure
 *   that can never succeed ends the machine with `fail`;
 * - an open stream silent for two bookmark intervals is stale: it is cut and
 *   watched again from its version; a stream that got everything in one burst
 *   at its end went through a buffering proxy, and the `buffered` effect moves
 *   the cluster to polling (silence.ts has both rules);
 * - a paused machine has no request, stream or timer; it resumes from its
 *   last version (a 410 then relists), or lists again if it had none.
 */
import { KubeApiError } from '../errors/KubeApiError.js';
import type { KubeObject } from '../resources/resourceType.js';
import type { CacheOp } from '../cache/cacheOp.js';
import type { StatusNotice, Transport } from '../status/queryStatus.js';
import { eventProblem } from './eventProblem.js';
import { INITIAL_EVENTS_END, type ListPage, type WatchEvent } from './events.js';
import { BUFFERING_PROXY, EMPTY_WATCH_RELIST, fallbackNotice, THROTTLED } from './notices.js';
import { endedInOneBurst, isStale, staleAfterMs, STALE_AFTER_BOOKMARK_INTERVALS } from './silence.js';

type Pages = readonly (readonly KubeObject[])[];

export type WatchState =
  /** Not started. */
  | { kind: 'idle' }
  /**
   * A list is under way; `pages` holds the pages read so far. `unpaged` is the
   * one full list (no `limit`) that follows an expired continue token.
   */
  | { kind: 'listing'; continueToken?: string | undefined; pages: Pages; unpaged?: boolean }
  /** A watch with sendInitialEvents=true, collecting its synthetic ADDED events until the end bookmark; `opened` once its headers came. */
  | { kind: 'streamingList'; pages: Pages; opened: boolean }
  /**
   * Following changes after `resourceVersion`. `received`: this stream
   * delivered something; `opened`: its headers came; `emptyStreams`: streams
   * from this same version that ended at once with nothing in them.
   * Times (the clock's): `startedAt` the request, `firstDataAt` this
   * stream's first events, `heardAt` the last time the
   * watch heard anything (data, or the list or failure it started after).
   */
  | {
      kind: 'watching';
      resourceVersion: string;
      received: boolean;
      opened: boolean;
      emptyStreams: number;
      startedAt: number;
      heardAt: number;
      firstDataAt?: number | undefined;
    }
  /** Waiting out a backoff; `resumeFrom` undefined means list again. */
  | { kind: 'backingOff'; resumeFrom?: string | undefined; emptyStreams?: number }
  /** Polling: the last list is shown, the next one starts after the poll interval. */
  | { kind: 'betweenPolls' }
  /** Asleep (a hidden tab): nothing open; `resumeFrom` undefined means list on waking. */
  | { kind: 'paused'; resumeFrom?: string | undefined }
  /** Ended by a failure that retrying cannot fix. */
  | { kind: 'failed'; error: KubeApiError };

export type WatchInput =
  /** `resumeFrom`: the version of data already in the cache (a query that polled until a stream freed up): watch from it, no list. */
  | { type: 'start'; resumeFrom?: string | undefined }
  | { type: 'listPage'; page: ListPage }
  /** A watch answered; `compressed` when its body came gzip-encoded (Content-Encoding). */
  | { type: 'streamOpened'; compressed?: boolean }
  | { type: 'events'; events: readonly WatchEvent[] }
  /** The server ended the response normally (timeoutSeconds, a proxy's cut). */
  | { type: 'streamEnded'; lastedMs: number }
  | { type: 'failed'; error: KubeApiError }
  /** The wait (a backoff, or the poll interval) is over. */
  | { type: 'retry' }
  /** The deadline of the current stream passed. */
  | { type: 'deadlinePassed' }
  /** Time to check whether the open stream went silent. */
  | { type: 'silenceCheck' }
  /** The tab went hidden for its grace period: close everything. */
  | { type: 'pause' }
  /** The tab is visible again. */
  | { type: 'resume' };

export type WatchEffect =
  | { type: 'list'; continueToken?: string | undefined; unpaged?: boolean }
  | { type: 'watch'; resourceVersion?: string | undefined; sendInitialEvents: boolean }
  /** Arms the deadline of the stream just started (or re-arms it); `deadlinePassed` follows unless the activity changes first. */
  | { type: 'deadline'; ms: number }
  | { type: 'apply'; ops: CacheOp[] }
  /** Waits a backoff step (never less than Retry-After or `atLeastMs`), then `retry`. */
  | { type: 'backoff'; retryAfterSeconds?: number | undefined; atLeastMs?: number }
  /** Waits the poll interval, then `retry`. */
  | { type: 'wait'; ms: number }
  /** Checks the open stream for silence in `ms` (`silenceCheck` follows), instead of the deadline, which comes later. */
  | { type: 'silenceCheck'; ms: number }
  /** Ends the current request, stream or timer, and starts nothing. */
  | { type: 'idle' }
  /** Streaming lists cannot be trusted on this cluster: every query of it uses list+watch from now on. */
  | { type: 'fallBack'; notice: StatusNotice }
  /** A proxy buffers this cluster's watch responses: its queries should poll (the client decides how, and when to try streaming again). */
  | { type: 'buffered'; notice: StatusNotice }
  | { type: 'fail'; error: KubeApiError };

export interface TransitionOptions {
  /** 'stream': list, then watch; 'poll': list every `pollIntervalMs`. */
  transport: Transport;
  /** Start with a streaming list (sendInitialEvents=true) instead of a paged list. */
  streamingList: boolean;
  /** Why this cluster no longer uses streaming lists, shown with the query's status. */
  streamingListFallback?: StatusNotice | undefined;
  pollIntervalMs: number;
  /** The watch's own timeoutSeconds; its stall deadline is this plus a margin. */
  watchTimeoutSeconds: number;
  /** How often the server sends bookmarks; silence.ts reads staleness and buffering from it. */
  bookmarkIntervalMs: number;
  /** Why this query polls when a stream was asked for (a buffering proxy), shown with its status. */
  pollNotice?: StatusNotice | undefined;
  /** The clock, now. */
  now: number;
}

type Result = [WatchState, WatchEffect[]];

/** A stream that ends this fast without delivering anything is a failure, not a normal end (client-go does the same). */
export const SHORT_WATCH_MS = 1000;

/** Empty short streams from one version after which the version is taken as stale and the query relists (kubernetes/kubernetes#137089). */
export const EMPTY_STREAMS_BEFORE_RELIST = 3;

/**
 * Margin past timeoutSeconds after which a watch is cut: an answer that never
 * came is a failure (backoff); a stream still open (a proxy holding a dead
 * connection, or a server ignoring timeoutSeconds) just ends there and resumes
 * from its version, as if the server had ended it.
 */
export const STALL_MARGIN_MS = 30_000;

/**
 * How long a streaming list may go without any data before its initial
 * events count as lost: Chromium's fetch delivers only the first member of a
 * multi-member gzip body and then nothing, with no error.
 */
export const STREAMING_LIST_QUIET_MS = 10_000;

export function transition(state: WatchState, input: WatchInput, options: TransitionOptions): Result {
  if (state.kind === 'failed') return [state, []];
  switch (input.type) {
    case 'start':
      return input.resumeFrom !== undefined && options.transport === 'stream' ? watchFrom(input.resumeFrom, options) : startListing(options);
    case 'retry':
      if (state.kind === 'betweenPolls') return startListing(options);
      if (state.kind !== 'backingOff') return [state, []];
      return state.resumeFrom === undefined ? startListing(options) : watchFrom(state.resumeFrom, options, state.emptyStreams);
    case 'listPage':
      return onListPage(state, input.page, options);
    case 'streamOpened':
      return onStreamOpened(state, input.compressed === true, options);
    case 'events':
      return onEvents(state, input.events, options);
    case 'streamEnded':
      return onStreamEnded(state, input.lastedMs, options);
    case 'deadlinePassed':
      return onDeadline(state, options);
    case 'silenceCheck':
      return onSilenceCheck(state, options);
    case 'pause':
      return onPause(state);
    case 'resume':
      return onResume(state, options);
    case 'failed':
      return onFailure(state, input.error, options);
  }
}

function startListing(options: TransitionOptions): Result {
  if (options.transport === 'stream' && options.streamingList) {
    return [{ kind: 'streamingList', pages: [], opened: false }, [{ type: 'watch', sendInitialEvents: true }, quietDeadline()]];
  }
  return [{ kind: 'listing', pages: [] }, [{ type: 'list' }]];
}

/** `heardAt` carries the silence of a previous stream into this one (a normal end or a cut is not news). */
function watchFrom(resourceVersion: string, options: TransitionOptions, emptyStreams = 0, heardAt = options.now): Result {
  return [
    { kind: 'watching', resourceVersion, received: false, opened: false, emptyStreams, startedAt: options.now, heardAt },
    [{ type: 'watch', resourceVersion, sendInitialEvents: false }, stallDeadline(options)],
  ];
}

/** The next check of an open stream: for silence if that comes before its stall deadline, else nothing (the deadline stands). */
function nextSilenceCheck(state: { startedAt: number; heardAt: number }, options: TransitionOptions): WatchEffect[] {
  const staleAt = state.heardAt + staleAfterMs(options);
  const stallAt = state.startedAt + options.watchTimeoutSeconds * 1000 + STALL_MARGIN_MS;
  if (staleAt >= stallAt) return [{ type: 'deadline', ms: Math.max(0, stallAt - options.now) }];
  return [{ type: 'silenceCheck', ms: Math.max(0, staleAt - options.now) }];
}

function stallDeadline(options: TransitionOptions): WatchEffect {
  return { type: 'deadline', ms: options.watchTimeoutSeconds * 1000 + STALL_MARGIN_MS };
}

function quietDeadline(): WatchEffect {
  return { type: 'deadline', ms: STREAMING_LIST_QUIET_MS };
}

function apply(ops: CacheOp[]): WatchEffect {
  return { type: 'apply', ops };
}

/** Live again; a cluster that fell back from streaming lists, or polls behind a buffering proxy, keeps saying so. */
function ready(options: TransitionOptions): CacheOp {
  const notice = options.transport === 'stream' ? options.streamingListFallback : options.pollNotice;
  return notice ? { type: 'status', phase: 'ready', notice } : { type: 'status', phase: 'ready' };
}

function onListPage(state: WatchState, page: ListPage, options: TransitionOptions): Result {
  if (state.kind !== 'listing') return [state, []];
  const pages = [...state.pages, page.items];
  if (page.continueToken && !state.unpaged) {
    return [{ kind: 'listing', continueToken: page.continueToken, pages }, [{ type: 'list', continueToken: page.continueToken }]];
  }
  const listed = apply([{ type: 'replace', objects: pages.flat(), resourceVersion: page.resourceVersion }, ready(options)]);
  if (options.transport === 'poll') return [{ kind: 'betweenPolls' }, [listed, { type: 'wait', ms: options.pollIntervalMs }]];
  const [next, effects] = watchFrom(page.resourceVersion, options);
  return [next, [listed, ...effects]];
}

function onStreamOpened(state: WatchState, compressed: boolean, options: TransitionOptions): Result {
  if (state.kind === 'streamingList') {
    // Chromium decodes only the first gzip member of such a body (one member per flush): the list would come incomplete.
    if (compressed) return fallBack('the streaming list came gzip-compressed, which browsers may truncate');
    return [{ ...state, opened: true }, []];
  }
  if (state.kind !== 'watching') return [state, []];
  const opened = { ...state, opened: true };
  const staleFirst = state.heardAt + staleAfterMs(options) < state.startedAt + options.watchTimeoutSeconds * 1000 + STALL_MARGIN_MS;
  return [opened, [apply([ready(options)]), ...(staleFirst ? nextSilenceCheck(opened, options) : [])]];
}

function onEvents(state: WatchState, events: readonly WatchEvent[], options: TransitionOptions): Result {
  if (state.kind === 'streamingList') return onInitialEvents(state, events, options);
  if (state.kind !== 'watching') return [state, []];
  const ops: CacheOp[] = [];
  let resourceVersion = state.resourceVersion;
  for (const event of events) {
    const problem = eventProblem(event);
    if (problem) {
      if (resourceVersion !== state.resourceVersion) ops.push({ type: 'resourceVersion', resourceVersion });
      return withOpsBefore(ops, onFailure({ ...state, resourceVersion, received: true }, problem, options));
    }
    const object = event.object as KubeObject;
    const version = object.metadata?.resourceVersion;
    if (event.type === 'BOOKMARK') {
      if (version) resourceVersion = version;
      continue;
    }
    ops.push(event.type === 'DELETED' ? { type: 'delete', object } : { type: 'upsert', object });
    if (version) resourceVersion = version;
  }
  if (resourceVersion !== state.resourceVersion) ops.push({ type: 'resourceVersion', resourceVersion });
  const heard = { heardAt: options.now, firstDataAt: state.firstDataAt ?? options.now };
  return [{ ...state, resourceVersion, received: true, opened: true, emptyStreams: 0, ...heard }, ops.length > 0 ? [apply(ops)] : []];
}

function onInitialEvents(state: { kind: 'streamingList'; pages: Pages; opened: boolean }, events: readonly WatchEvent[], options: TransitionOptions): Result {
  const page: KubeObject[] = [];
  for (const event of events) {
    const problem = eventProblem(event);
    if (problem) return onFailure(state, problem, options);
    const object = event.object as KubeObject;
    if (event.type === 'ADDED' || event.type === 'MODIFIED') page.push(object);
    if (event.type === 'BOOKMARK' && object.metadata?.annotations?.[INITIAL_EVENTS_END] === 'true') {
      const resourceVersion = object.metadata.resourceVersion ?? '';
      const objects = [...state.pages, page].flat();
      const ops: CacheOp[] = [{ type: 'replace', objects, resourceVersion }, ready(options)];
      // Events after the bookmark in the same batch belong to the watch that continues on this stream.
      const { now } = options;
      const continued: WatchState = { kind: 'watching', resourceVersion, received: true, opened: true, emptyStreams: 0, startedAt: now, heardAt: now, firstDataAt: now };
      const [next, effects] = onEvents(continued, events.slice(events.indexOf(event) + 1), options);
      return [next, [apply(ops), stallDeadline(options), ...effects]];
    }
  }
  const pages = page.length > 0 ? [...state.pages, page] : state.pages;
  // Any data restarts the quiet deadline; a stream that stops sending before its bookmark is not trusted.
  return [{ ...state, pages }, [quietDeadline()]];
}

/** The ops of the events before a failure in the same batch are applied first. */
function withOpsBefore(ops: CacheOp[], [state, effects]: Result): Result {
  return ops.length === 0 ? [state, effects] : [state, [apply(ops), ...effects]];
}

function onStreamEnded(state: WatchState, lastedMs: number, options: TransitionOptions): Result {
  if (state.kind === 'watching') {
    if (endedInOneBurst(state, options.now, options)) {
      // Watching on would show every change a whole watch late; the client moves the cluster to polling.
      const [next, effects] = watchFrom(state.resourceVersion, options);
      return [next, [{ type: 'buffered', notice: BUFFERING_PROXY }, ...effects]];
    }
    if (state.received || lastedMs >= SHORT_WATCH_MS) return watchFrom(state.resourceVersion, options, 0, state.heardAt);
    const error = KubeApiError.client('NetworkError', `the watch ended after ${lastedMs} ms without any event`);
    const emptyStreams = state.emptyStreams + 1;
    if (emptyStreams >= EMPTY_STREAMS_BEFORE_RELIST) {
      // HTTP 200 and an empty stream, again and again, is how a server outside its watch cache says 410 (kubernetes/kubernetes#137089).
      const status: CacheOp = { type: 'status', phase: 'reconnecting', error, notice: EMPTY_WATCH_RELIST };
      return [{ kind: 'backingOff' }, [apply([status]), backoff(error, options)]];
    }
    const [next, effects] = onFailure(state, error, options);
    return [next.kind === 'backingOff' ? { ...next, emptyStreams } : next, effects];
  }
  if (state.kind === 'streamingList') {
    // A whole response without the initial-events-end bookmark: a server that
    // does not know sendInitialEvents (it sent a plain watch), or a body cut short.
    return fallBack('the streaming list ended without its initial-events-end bookmark');
  }
  return [state, []];
}

function onDeadline(state: WatchState, options: TransitionOptions): Result {
  if (state.kind === 'streamingList' && state.opened) {
    return fallBack(`the streaming list sent nothing for ${STREAMING_LIST_QUIET_MS / 1000} s before its initial-events-end bookmark`);
  }
  if (state.kind === 'watching' && state.opened) return watchFrom(state.resourceVersion, options, 0, state.heardAt);
  if (state.kind === 'watching' || state.kind === 'streamingList') {
    return onFailure(state, KubeApiError.client('Timeout', 'no answer to the watch before its deadline'), options);
  }
  return [state, []];
}

/** An open stream that heard nothing for two bookmark intervals is cut and watched again; otherwise the next check is armed. */
function onSilenceCheck(state: WatchState, options: TransitionOptions): Result {
  if (state.kind !== 'watching' || !state.opened) return [state, []];
  if (!isStale(state, options.now, options)) return [state, nextSilenceCheck(state, options)];
  const seconds = Math.round((options.now - state.heardAt) / 1000);
  const error = KubeApiError.client('Timeout', `the watch sent nothing (no event, no bookmark) for ${seconds} s, over ${STALE_AFTER_BOOKMARK_INTERVALS} bookmark intervals`);
  const [next, effects] = watchFrom(state.resourceVersion, options);
  return [next, [apply([{ type: 'status', phase: 'reconnecting', error, stale: true }]), ...effects]];
}

/** Sleep: nothing stays open; the version to resume from is kept. */
function onPause(state: WatchState): Result {
  if (state.kind === 'idle' || state.kind === 'paused') return [state, []];
  const resumeFrom = state.kind === 'watching' ? state.resourceVersion : state.kind === 'backingOff' ? state.resumeFrom : undefined;
  return [{ kind: 'paused', resumeFrom }, [{ type: 'idle' }, apply([{ type: 'status', paused: true }])]];
}

/** Awake: watch from where it was (a 410 there relists, and the relist replaces the members as a diff), or list. */
function onResume(state: WatchState, options: TransitionOptions): Result {
  if (state.kind !== 'paused') return [state, []];
  const [next, effects] = state.resumeFrom === undefined || options.transport === 'poll' ? startListing(options) : watchFrom(state.resumeFrom, options);
  return [next, [apply([{ type: 'status', paused: false }]), ...effects]];
}

/** Streaming lists are off for this cluster from now on; this query lists at once. */
function fallBack(cause: string): Result {
  const notice = fallbackNotice(cause);
  const pending: CacheOp = { type: 'status', phase: 'reconnecting', notice };
  return [{ kind: 'listing', pages: [] }, [{ type: 'fallBack', notice }, apply([pending]), { type: 'list' }]];
}

function backoff(error: KubeApiError, options: TransitionOptions): WatchEffect {
  // A polling query never asks sooner than its interval, even while it recovers.
  const atLeast = options.transport === 'poll' ? { atLeastMs: options.pollIntervalMs } : {};
  return { type: 'backoff', retryAfterSeconds: error.retryAfterSeconds, ...atLeast };
}

function onFailure(state: WatchState, error: KubeApiError, options: TransitionOptions): Result {
  if (state.kind === 'idle' || state.kind === 'backingOff' || state.kind === 'betweenPolls' || state.kind === 'paused') return [state, []];
  if (state.kind === 'streamingList' && (error.code === 400 || error.code === 422)) {
    // An older server rejects sendInitialEvents.
    return fallBack(`the server refused sendInitialEvents (${error.code} ${error.reason})`);
  }
  if (error.isExpired && state.kind === 'listing' && state.continueToken) {
    // The continue token expired between pages. Starting over from the first
    // page may never finish on a busy collection: client-go's pager lists once
    // in full instead (FullListIfExpired, staging/src/k8s.io/client-go/tools/pager/pager.go).
    return [{ kind: 'listing', pages: [], unpaged: true }, [{ type: 'list', unpaged: true }]];
  }
  if (!error.isExpired && !error.retryable) return [{ kind: 'failed', error }, [{ type: 'fail', error }]];
  const notice = error.code === 429 ? { notice: THROTTLED } : {};
  const reconnecting = apply([{ type: 'status', phase: 'reconnecting', error, ...notice }]);
  const resumeFrom = state.kind === 'watching' && !error.isExpired ? state.resourceVersion : undefined;
  return [{ kind: 'backingOff', resumeFrom }, [reconnecting, backoff(error, options)]];
}
