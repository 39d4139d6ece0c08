/**
 * The driver that performs the effects `transition` asks for: it lists, opens
 * watch streams, arms their deadlines, waits out backoffs and poll intervals
 * and hands cache ops to the sink. It decides nothing itself. It owns exactly
 * one activity at a time (a request, a stream or a timer); starting a new one
 * aborts the previous, and results of an aborted activity are dropped.
 */
import { from, Subscription, type Observable } from 'rxjs';
import { realTimers, type Timers } from '../clock.js';
import type { CacheOp } from '../cache/cacheOp.js';
import { isAbortError, isKubeApiError, KubeApiError } from '../errors/KubeApiError.js';
import type { StatusNotice, Transport } from '../status/queryStatus.js';
import { SLICE_MS, yieldToEventLoop } from '../yieldToEventLoop.js';
import { createBackoff, type Backoff } from './backoff.js';
import type { ListPage, WatchEvent } from './events.js';
import { DEFAULT_BOOKMARK_INTERVAL_MS } from './silence.js';
import { StreamingListSupport } from './streamingListSupport.js';
import { Activity } from './activity.js';
import { transition, type TransitionOptions, type WatchEffect, type WatchInput, type WatchState } from './transition.js';


export interface ListRequest {
  continueToken?: string | undefined;
  /** One full list without `limit` (after an expired continue token). */
  unpaged?: boolean | undefined;
}

export interface WatchStream {
  /** The events of one chunk at a time. */
  batches: AsyncIterable<WatchEvent[]>;
  /** The body came gzip-encoded (Content-Encoding). */
  compressed: boolean;
}

export interface WatchSource {
  /**
   * One page. An Observable (of one page) may answer synchronously, which lets
   * an RxJS scheduler drive the whole machine (createPollObservable's tests).
   */
  list(request: ListRequest, signal: AbortSignal): Promise<ListPage> | Observable<ListPage>;
  watch(resourceVersion: string | undefined, sendInitialEvents: boolean, signal: AbortSignal): Promise<WatchStream>;
}

export interface WatchSink {
  apply(ops: CacheOp[]): void;
  fail(error: KubeApiError): void;
}

export interface RunWatchOptions {
  /** 'stream' (default): list, then watch; 'poll': list every `pollIntervalMs`. */
  transport?: Transport;
  pollIntervalMs?: number;
  /** The watch's own timeoutSeconds; a stream still open this long after it (plus a margin) is cut and resumed. */
  watchTimeoutSeconds?: number;
  /** The version of data the cache already holds for this query: a stream starts watching from it instead of listing. */
  resumeFrom?: string | undefined;
  /** The cluster's streaming-list support; default: off. */
  streamingLists?: StreamingListSupport;
  /** How often the server sends bookmarks; default kube-apiserver's minute. A stream silent for two is stale. */
  bookmarkIntervalMs?: number;
  /** A proxy buffers this cluster's watch responses (the `buffered` effect); default: ignored. */
  onBuffered?: (notice: StatusNotice) => void;
  /** Why a polling query polls although it asked to stream, read at every step. */
  pollNotice?: () => StatusNotice | undefined;
  /** Start asleep (a hidden tab): nothing is requested until `resume()`. */
  paused?: boolean;
  timers?: Timers;
  backoff?: Backoff;
}

export interface WatchHandle {
  stop(): void;
  /** Closes the stream or request and waits, keeping the version to resume from. */
  pause(): void;
  resume(): void;
  readonly state: WatchState;
  /** When the watch last heard from the server (a list, events or a bookmark), on its clock; undefined before that. */
  readonly lastHeardAt: number | undefined;
}

export function runWatch(source: WatchSource, sink: WatchSink, options: RunWatchOptions = {}): WatchHandle {
  const timers = options.timers ?? realTimers;
  const backoff = options.backoff ?? createBackoff(undefined, () => timers.now());
  const streamingLists = options.streamingLists ?? new StreamingListSupport(false);
  const transport = options.transport ?? 'stream';
  const pollIntervalMs = options.pollIntervalMs ?? 10_000;
  const watchTimeoutSeconds = options.watchTimeoutSeconds ?? 59;
  const bookmarkIntervalMs = options.bookmarkIntervalMs ?? DEFAULT_BOOKMARK_INTERVAL_MS;
  let state: WatchState = options.paused ? { kind: 'paused', resumeFrom: options.resumeFrom } : { kind: 'idle' };
  let lastHeardAt: number | undefined;
  let stopped = false;
  const activity = new Activity<WatchInput>(timers, (input) => dispatch(input));
  /** The list of the current activity, ended with it (an Observable list has no other way to stop). */
  let listing: Subscription | undefined;

  // Read at every step: another query of the cluster may have turned streaming lists off meanwhile.
  const transitionOptions = (): TransitionOptions => ({
    transport,
    streamingList: streamingLists.enabled,
    streamingListFallback: streamingLists.fallback,
    pollIntervalMs,
    watchTimeoutSeconds,
    bookmarkIntervalMs,
    pollNotice: options.pollNotice?.(),
    now: timers.now(),
  });

  function dispatch(input: WatchInput): void {
    if (stopped) return;
    const [next, effects] = transition(state, input, transitionOptions());
    state = next;
    for (const effect of effects) {
      // An effect may stop the machine (fail, or the client reacting to `buffered`): nothing after it runs.
      if (stopped) return;
      perform(effect);
    }
  }

  /** Ends the current activity (its request, its list, its timer) and returns the id of the next one. */
  function beginActivity(): { id: number; signal: AbortSignal } {
    listing?.unsubscribe();
    return activity.begin();
  }

  const current = (id: number): boolean => activity.isCurrent(id);
  const setTimer = (ms: number, input: WatchInput): void => activity.setTimer(ms, input);

  function failed(id: number, error: unknown): void {
    if (!current(id) || isAbortError(error)) return;
    dispatch({ type: 'failed', error: isKubeApiError(error) ? error : KubeApiError.client('NetworkError', String(error), error) });
  }

  function perform(effect: WatchEffect): void {
    switch (effect.type) {
      case 'apply':
        sink.apply(effect.ops);
        return;
      case 'fail':
        stop();
        sink.fail(effect.error);
        return;
      case 'fallBack':
        streamingLists.fallBack(effect.notice);
        return;
      case 'buffered':
        options.onBuffered?.(effect.notice);
        return;
      case 'idle':
        beginActivity();
        return;
      case 'silenceCheck':
        setTimer(effect.ms, { type: 'silenceCheck' });
        return;
      case 'backoff':
        beginActivity();
        setTimer(Math.max(backoff.next(effect.retryAfterSeconds), effect.atLeastMs ?? 0), { type: 'retry' });
        return;
      case 'wait':
        beginActivity();
        setTimer(effect.ms, { type: 'retry' });
        return;
      case 'deadline':
        setTimer(effect.ms, { type: 'deadlinePassed' });
        return;
      case 'list': {
        const { id, signal } = beginActivity();
        // Set before subscribing: a list that answers synchronously starts the next activity, which ends this subscription.
        const subscription = (listing = new Subscription());
        subscription.add(
          from(source.list({ continueToken: effect.continueToken, unpaged: effect.unpaged }, signal)).subscribe({
            next: (page) => {
              if (!current(id)) return;
              lastHeardAt = timers.now();
              dispatch({ type: 'listPage', page });
            },
            error: (error: unknown) => failed(id, error),
          }),
        );
        return;
      }
      case 'watch':
        void follow(effect.resourceVersion, effect.sendInitialEvents);
        return;
    }
  }

  async function follow(resourceVersion: string | undefined, sendInitialEvents: boolean): Promise<void> {
    const { id, signal } = beginActivity();
    const startedAt = timers.now();
    try {
      const stream = await source.watch(resourceVersion, sendInitialEvents, signal);
      if (!current(id)) return;
      dispatch({ type: 'streamOpened', compressed: stream.compressed });
      let sliceStartedAt = performance.now();
      for await (const events of stream.batches) {
        if (!current(id)) return;
        lastHeardAt = timers.now();
        dispatch({ type: 'events', events });
        if (performance.now() - sliceStartedAt > SLICE_MS) {
          await yieldToEventLoop();
          sliceStartedAt = performance.now();
        }
      }
      if (current(id)) dispatch({ type: 'streamEnded', lastedMs: timers.now() - startedAt });
    } catch (error) {
      failed(id, error);
    }
  }

  function stop(): void {
    if (stopped) return;
    stopped = true;
    activity.end();
    listing?.unsubscribe();
  }

  // A query opened in a sleeping tab waits, and says so, until resume() (transition's onResume lists or watches then).
  if (options.paused) sink.apply([{ type: 'status', paused: true }]);
  else dispatch({ type: 'start', resumeFrom: options.resumeFrom });
  return {
    stop,
    pause: () => dispatch({ type: 'pause' }),
    resume: () => dispatch({ type: 'resume' }),
    get state() {
      return state;
    },
    get lastHeardAt() {
      return lastHeardAt;
    },
  };
}
