/**
 * The driver that performs the effects `transition` asks for: it lists, opens
 * watch streams, waits out backoffs and hands cache ops to the sink. It owns
 * exactly one activity at a time (a request, a stream or a timer); starting a
 * new one aborts the previous, and results of an aborted activity are dropped.
 */
import { isAbortError, isKubeApiError, KubeApiError } from '../errors/KubeApiError.js';
import { createBackoff, type Backoff } from './backoff.js';
import type { CacheOp, ListPage, WatchEvent } from './events.js';
import { transition, type WatchEffect, type WatchInput, type WatchState } from './transition.js';

export interface WatchSource {
  list(continueToken: string | undefined, signal: AbortSignal): Promise<ListPage>;
  /** Opens a watch; the iterable yields the events of one chunk at a time. */
  watch(resourceVersion: string | undefined, sendInitialEvents: boolean, signal: AbortSignal): Promise<AsyncIterable<WatchEvent[]>>;
}

export interface WatchSink {
  apply(ops: CacheOp[]): void;
  fail(error: KubeApiError): void;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const realTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export interface RunWatchOptions {
  streamingList?: boolean;
  /** The watch's own timeoutSeconds; a stream still open this long after it (plus a margin) is cut and resumed. */
  watchTimeoutSeconds?: number;
  timers?: Timers;
  backoff?: Backoff;
}

export interface WatchHandle {
  stop(): void;
  readonly state: WatchState;
}

/**
 * Margin past timeoutSeconds after which a watch is cut: an answer that never
 * came is a failure (backoff); a stream still open (a proxy holding a dead
 * connection, or a server ignoring timeoutSeconds) just ends there and resumes
 * from its version, as if the server had ended it.
 */
const STALL_MARGIN_MS = 30_000;

export function runWatch(source: WatchSource, sink: WatchSink, options: RunWatchOptions = {}): WatchHandle {
  const timers = options.timers ?? realTimers;
  const backoff = options.backoff ?? createBackoff(undefined, () => timers.now());
  const stallMs = (options.watchTimeoutSeconds ?? 59) * 1000 + STALL_MARGIN_MS;
  let streamingList = options.streamingList ?? false;
  let state: WatchState = { kind: 'idle' };
  let stopped = false;
  let activity = 0;
  let controller: AbortController | undefined;
  let timer: unknown;

  function dispatch(input: WatchInput): void {
    if (stopped) return;
    const [next, effects] = transition(state, input, { streamingList });
    state = next;
    for (const effect of effects) perform(effect);
  }

  /** Ends the current activity and returns the id of the next one. */
  function beginActivity(): { id: number; signal: AbortSignal } {
    controller?.abort();
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
    controller = new AbortController();
    activity += 1;
    return { id: activity, signal: controller.signal };
  }

  function current(id: number): boolean {
    return !stopped && id === activity;
  }

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
      case 'disableStreamingList':
        streamingList = false;
        return;
      case 'backoff': {
        beginActivity();
        timer = timers.setTimeout(() => {
          timer = undefined;
          dispatch({ type: 'retry' });
        }, backoff.next(effect.retryAfterSeconds));
        return;
      }
      case 'list': {
        const { id, signal } = beginActivity();
        source.list(effect.continueToken, signal).then(
          (page) => current(id) && dispatch({ type: 'listPage', page }),
          (error: unknown) => failed(id, error),
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
    const abortController = controller;
    let opened = false;
    timer = timers.setTimeout(() => {
      timer = undefined;
      abortController?.abort();
      if (!current(id)) return;
      if (opened) dispatch({ type: 'streamEnded', lastedMs: timers.now() - startedAt });
      else dispatch({ type: 'failed', error: KubeApiError.client('Timeout', `no answer to the watch within ${stallMs} ms`) });
    }, stallMs);
    try {
      const batches = await source.watch(resourceVersion, sendInitialEvents, signal);
      if (!current(id)) return;
      opened = true;
      dispatch({ type: 'streamOpened' });
      for await (const events of batches) {
        if (!current(id)) return;
        dispatch({ type: 'events', events });
      }
      if (current(id)) dispatch({ type: 'streamEnded', lastedMs: timers.now() - startedAt });
    } catch (error) {
      failed(id, error);
    }
  }

  function stop(): void {
    if (stopped) return;
    stopped = true;
    controller?.abort();
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
  }

  dispatch({ type: 'start' });
  return {
    stop,
    get state() {
      return state;
    },
  };
}
