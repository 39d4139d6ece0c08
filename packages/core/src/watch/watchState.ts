/**
 * The watcher's states, inputs and effects (see transition.ts). Types only, so
 * that every file of the machine, and silence.ts, can name them without
 * importing the machine.
 */
import type { KubeApiError } from '../errors/KubeApiError.js';
import type { KubeObject } from '../resources/resourceType.js';
import type { CacheOp } from '../cache/cacheOp.js';
import type { StatusNotice, Transport } from '../status/queryStatus.js';
import type { ListPage, WatchEvent } from './events.js';

export type Pages = readonly (readonly KubeObject[])[];

export type WatchState =
  /** Not started: `start` lists, or watches from a version the cache already holds. */
  | { kind: 'idle' }
  /**
   * A list is under way (listing.ts); `pages` holds the pages read so far.
   * `unpaged` is the one full list (no `limit`) that follows an expired
   * continue token.
   */
  | { kind: 'listing'; continueToken?: string | undefined; pages: Pages; unpaged?: boolean }
  /**
   * A watch with sendInitialEvents=true (streamingList.ts), collecting its
   * synthetic ADDED events until the initial-events-end bookmark; `opened`
   * once its headers came.
   */
  | { kind: 'streamingList'; pages: Pages; opened: boolean }
  /**
   * Following changes after `resourceVersion` (watching.ts). `received`: this
   * stream delivered something; `opened`: its headers came; `emptyStreams`:
   * streams from this same version that ended at once with nothing in them.
   * Times (the clock's): `startedAt` the request, `firstDataAt` this
   * stream's first events, `heardAt` the last time the
   * watch heard anything (data, or the list or failure it started after).
   */
  | Watching
  /** Waiting out a backoff (waiting.ts); `resumeFrom` undefined means list again. */
  | { kind: 'backingOff'; resumeFrom?: string | undefined; emptyStreams?: number }
  /** Polling (waiting.ts): the last list is shown, the next one starts after the poll interval. */
  | { kind: 'betweenPolls' }
  /** Asleep, a hidden tab (paused.ts): nothing open; `resumeFrom` undefined means list on waking. */
  | { kind: 'paused'; resumeFrom?: string | undefined }
  /** Ended by a failure that retrying cannot fix; every input is ignored. */
  | { kind: 'failed'; error: KubeApiError };

export interface Watching {
  kind: 'watching';
  resourceVersion: string;
  received: boolean;
  opened: boolean;
  emptyStreams: number;
  startedAt: number;
  heardAt: number;
  firstDataAt?: number | undefined;
}

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

/** The next state and the effects that lead to it, in order. */
export type Transition = [WatchState, WatchEffect[]];
