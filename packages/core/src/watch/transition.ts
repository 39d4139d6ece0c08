/**
 * The watcher of one query as a pure state machine, after kube-rs's
 * `watcher.rs`, with the I/O moved out into effects that `runWatch` performs.
 *
 * Invariants:
 * - a query is listed completely (all pages, or a streaming list up to its
 *   initial-events-end bookmark) before its members are replaced, so a
 *   subscriber never sees a half list, and objects deleted while the watch was
 *   down disappear with the next complete listing;
 * - a watch resumes from the last resourceVersion it saw (events and
 *   bookmarks advance it), so a stream the server ends loses nothing and
 *   repeats nothing;
 * - 410 Gone (an HTTP status or an ERROR event) means that version is gone:
 *   list again, after a backoff step so that a compaction does not make every
 *   client relist at the same instant;
 * - every other retryable failure backs off and resumes where it was; a failure
 *   that can never succeed ends the machine with `fail`.
 */
import { KubeApiError, type Status } from '../errors/KubeApiError.js';
import type { KubeObject } from '../resources/resourceType.js';
import { INITIAL_EVENTS_END, type CacheOp, type ListPage, type WatchEvent } from './events.js';

export type WatchState =
  /** Not started. */
  | { kind: 'idle' }
  /** A paged list is under way; `pages` holds the pages read so far. */
  | { kind: 'listing'; continueToken?: string | undefined; pages: readonly (readonly KubeObject[])[] }
  /** A watch with sendInitialEvents=true, collecting its synthetic ADDED events until the end bookmark. */
  | { kind: 'streamingList'; pages: readonly (readonly KubeObject[])[] }
  /** Following changes after `resourceVersion`; `received` is whether this stream delivered anything. */
  | { kind: 'watching'; resourceVersion: string; received: boolean }
  /** Waiting out a backoff; `resumeFrom` undefined means list again. */
  | { kind: 'backingOff'; resumeFrom?: string | undefined }
  /** Ended by a failure that retrying cannot fix. */
  | { kind: 'failed'; error: KubeApiError };

export type WatchInput =
  | { type: 'start' }
  | { type: 'listPage'; page: ListPage }
  | { type: 'streamOpened' }
  | { type: 'events'; events: readonly WatchEvent[] }
  /** The server ended the response normally (timeoutSeconds, a proxy's cut). */
  | { type: 'streamEnded'; lastedMs: number }
  | { type: 'failed'; error: KubeApiError }
  | { type: 'retry' };

export type WatchEffect =
  | { type: 'list'; continueToken?: string | undefined }
  | { type: 'watch'; resourceVersion?: string | undefined; sendInitialEvents: boolean }
  | { type: 'apply'; ops: CacheOp[] }
  | { type: 'backoff'; retryAfterSeconds?: number | undefined }
  /** The server refused sendInitialEvents: use list+watch from now on. */
  | { type: 'disableStreamingList' }
  | { type: 'fail'; error: KubeApiError };

export interface TransitionOptions {
  /** Start with a streaming list (sendInitialEvents=true) instead of a paged list. */
  streamingList: boolean;
}

type Result = [WatchState, WatchEffect[]];

/** A stream that ends this fast without delivering anything is a failure, not a normal end (client-go does the same). */
export const SHORT_WATCH_MS = 1000;

export function transition(state: WatchState, input: WatchInput, options: TransitionOptions): Result {
  if (state.kind === 'failed') return [state, []];
  switch (input.type) {
    case 'start':
      return startListing(options);
    case 'retry':
      if (state.kind !== 'backingOff') return [state, []];
      return state.resumeFrom === undefined ? startListing(options) : watchFrom(state.resumeFrom);
    case 'listPage':
      return onListPage(state, input.page);
    case 'streamOpened':
      return state.kind === 'watching' ? [state, [apply([{ type: 'status', phase: 'ready' }])]] : [state, []];
    case 'events':
      return onEvents(state, input.events);
    case 'streamEnded':
      return onStreamEnded(state, input.lastedMs);
    case 'failed':
      return onFailure(state, input.error, options);
  }
}

function startListing(options: TransitionOptions): Result {
  if (options.streamingList) {
    return [{ kind: 'streamingList', pages: [] }, [{ type: 'watch', sendInitialEvents: true }]];
  }
  return [{ kind: 'listing', pages: [] }, [{ type: 'list' }]];
}

function watchFrom(resourceVersion: string): Result {
  return [{ kind: 'watching', resourceVersion, received: false }, [{ type: 'watch', resourceVersion, sendInitialEvents: false }]];
}

function apply(ops: CacheOp[]): WatchEffect {
  return { type: 'apply', ops };
}

function onListPage(state: WatchState, page: ListPage): Result {
  if (state.kind !== 'listing') return [state, []];
  const pages = [...state.pages, page.items];
  if (page.continueToken) {
    return [{ kind: 'listing', continueToken: page.continueToken, pages }, [{ type: 'list', continueToken: page.continueToken }]];
  }
  const [next, effects] = watchFrom(page.resourceVersion);
  const listed: CacheOp[] = [{ type: 'replace', objects: pages.flat(), resourceVersion: page.resourceVersion }, { type: 'status', phase: 'ready' }];
  return [next, [apply(listed), ...effects]];
}

function onEvents(state: WatchState, events: readonly WatchEvent[]): Result {
  if (state.kind === 'streamingList') return onInitialEvents(state, events);
  if (state.kind !== 'watching') return [state, []];
  const ops: CacheOp[] = [];
  let resourceVersion = state.resourceVersion;
  for (const event of events) {
    const problem = eventProblem(event);
    if (problem) {
      if (resourceVersion !== state.resourceVersion) ops.push({ type: 'resourceVersion', resourceVersion });
      return withOpsBefore(ops, onFailure({ kind: 'watching', resourceVersion, received: true }, problem, { streamingList: false }));
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
  return [{ kind: 'watching', resourceVersion, received: true }, ops.length > 0 ? [apply(ops)] : []];
}

function onInitialEvents(state: { kind: 'streamingList'; pages: readonly (readonly KubeObject[])[] }, events: readonly WatchEvent[]): Result {
  const page: KubeObject[] = [];
  for (const event of events) {
    const problem = eventProblem(event);
    if (problem) return onFailure(state, problem, { streamingList: true });
    const object = event.object as KubeObject;
    if (event.type === 'ADDED' || event.type === 'MODIFIED') page.push(object);
    if (event.type === 'BOOKMARK' && object.metadata?.annotations?.[INITIAL_EVENTS_END] === 'true') {
      const resourceVersion = object.metadata.resourceVersion ?? '';
      const objects = [...state.pages, page].flat();
      const ops: CacheOp[] = [{ type: 'replace', objects, resourceVersion }, { type: 'status', phase: 'ready' }];
      // Events after the bookmark in the same batch belong to the watch that continues on this stream.
      const [next, effects] = onEvents({ kind: 'watching', resourceVersion, received: true }, events.slice(events.indexOf(event) + 1));
      return [next, [apply(ops), ...effects]];
    }
  }
  return [{ kind: 'streamingList', pages: page.length > 0 ? [...state.pages, page] : state.pages }, []];
}

/** A typed error for an event the store cannot use, or an ERROR event's Status. */
function eventProblem(event: WatchEvent): KubeApiError | undefined {
  if (typeof event !== 'object' || event === null || typeof event.object !== 'object' || event.object === null) {
    return KubeApiError.client('MalformedStream', 'a watch event without an object');
  }
  switch (event.type) {
    case 'ADDED':
    case 'MODIFIED':
    case 'DELETED':
    case 'BOOKMARK':
      return undefined;
    case 'ERROR': {
      const status = event.object as Partial<Status>;
      const code = typeof status.code === 'number' ? status.code : 500;
      // details carries retryAfterSeconds (e.g. a 504 ResourceVersionTooLarge asks for 1 s), which the backoff honours.
      const details = typeof status.details === 'object' && status.details !== null ? { details: status.details } : {};
      return new KubeApiError({ kind: 'Status', code, reason: status.reason ?? 'InternalError', message: status.message ?? 'watch ERROR event', ...details });
    }
    default:
      return KubeApiError.client('MalformedStream', `unknown watch event type ${JSON.stringify((event as { type: unknown }).type)}`);
  }
}

/** The ops of the events before a failure in the same batch are applied first. */
function withOpsBefore(ops: CacheOp[], [state, effects]: Result): Result {
  return ops.length === 0 ? [state, effects] : [state, [apply(ops), ...effects]];
}

function onStreamEnded(state: WatchState, lastedMs: number): Result {
  if (state.kind === 'watching') {
    if (!state.received && lastedMs < SHORT_WATCH_MS) {
      return onFailure(state, KubeApiError.client('NetworkError', `the watch ended after ${lastedMs} ms without any event`), { streamingList: false });
    }
    return watchFrom(state.resourceVersion);
  }
  if (state.kind === 'streamingList') {
    // A whole response without the initial-events-end bookmark: the server
    // does not know sendInitialEvents (it sent a plain watch), so list+watch.
    return [{ kind: 'listing', pages: [] }, [{ type: 'disableStreamingList' }, { type: 'list' }]];
  }
  return [state, []];
}

function onFailure(state: WatchState, error: KubeApiError, options: TransitionOptions): Result {
  if (state.kind === 'idle' || state.kind === 'backingOff') return [state, []];
  const reconnecting = apply([{ type: 'status', phase: 'reconnecting', error }]);
  const backoff: WatchEffect = { type: 'backoff', retryAfterSeconds: error.retryAfterSeconds };
  if (state.kind === 'streamingList' && options.streamingList && (error.code === 400 || error.code === 422)) {
    // An older server rejects sendInitialEvents; fall back to list+watch at once.
    return [{ kind: 'listing', pages: [] }, [{ type: 'disableStreamingList' }, { type: 'list' }]];
  }
  if (error.isExpired) {
    if (state.kind === 'listing' && state.continueToken) {
      // The continue token expired between pages: the list starts over.
      return [{ kind: 'listing', pages: [] }, [{ type: 'list' }]];
    }
    return [{ kind: 'backingOff' }, [reconnecting, backoff]];
  }
  if (!error.retryable) return [{ kind: 'failed', error }, [{ type: 'fail', error }]];
  const resumeFrom = state.kind === 'watching' ? state.resourceVersion : undefined;
  return [{ kind: 'backingOff', resumeFrom }, [reconnecting, backoff]];
}
