/**
 * The polling fallback for networks whose proxies break long responses:
 * run the request now, then `interval` ms after each answer (never two at
 * once), and emit only results that differ from the last one emitted.
 *
 * It runs on the watcher's own engine (watch/runWatch.ts in its 'poll' mode,
 * as the client's polling queries do): the request is the list, the
 * `betweenPolls` state waits the interval, and a transient failure (a
 * retryable KubeApiError by default, reported through `onError`) backs off,
 * never sooner than the interval, doubling from it while failures go on
 * (client-go's factor and 30 s cap), and never sooner than a Retry-After.
 * Other failures error the Observable, and so does bad input (an interval
 * that is not a positive number): a KubeApiError 400 Invalid on subscribe,
 * never a throw at call time. Unsubscribing aborts the request in flight.
 */
import { catchError, defer, distinctUntilChanged, endWith, from, ignoreElements, Observable, tap, type SchedulerLike, type Subscription } from 'rxjs';
import { realTimers, type Timers } from '../clock.js';
import { isKubeApiError, KubeApiError } from '../errors/KubeApiError.js';
import { createBackoff, DEFAULT_BACKOFF } from '../watch/backoff.js';
import type { ListPage } from '../watch/events.js';
import { runWatch, type WatchSource } from '../watch/runWatch.js';
import { deepEqual } from './deepEqual.js';

export interface PollOptions<T> {
  /** Milliseconds between the end of one request and the start of the next. */
  interval: number;
  /** When two results count as the same; structural equality by default. */
  isEqual?: (previous: T, next: T) => boolean;
  /** Whether a failure is transient (back off and try again) rather than final. */
  isTransient?: (error: unknown) => boolean;
  /** Called with each transient failure. */
  onError?: (error: unknown) => void;
  /** For tests: an RxJS scheduler (e.g. the TestScheduler). */
  scheduler?: SchedulerLike;
}

const transientKubeError = (error: unknown): boolean => isKubeApiError(error) && error.retryable;

/** What the engine gets for an answer: the values went to the subscriber as they came, the page only says the request is done. */
const ANSWERED: ListPage = Object.freeze({ items: [], resourceVersion: '' });

/** What the engine gets for a final failure: not retryable, so it stops; the subscriber gets the failure itself. */
const FINAL = new KubeApiError({ kind: 'Status', code: 0, reason: 'PollFailed', message: 'the poll request failed for good' });

export function createPollObservable<T>(
  request: (signal: AbortSignal) => Promise<T> | Observable<T>,
  options: number | PollOptions<T>,
): Observable<T> {
  // Checked on subscribe, like every other bad input: an Observable reports errors, it never throws at call time.
  return defer(() => poll(request, pollOptions(options)));
}

function pollOptions<T>(options: number | PollOptions<T>): PollOptions<T> {
  const resolved = typeof options === 'number' ? { interval: options } : options;
  const interval = resolved?.interval;
  if (!(typeof interval === 'number' && interval > 0 && Number.isFinite(interval))) {
    throw KubeApiError.invalid(`poll interval must be a positive number of milliseconds, got ${String(interval)}`, 'interval');
  }
  return resolved;
}

function poll<T>(request: (signal: AbortSignal) => Promise<T> | Observable<T>, options: PollOptions<T>): Observable<T> {
  const { interval, isEqual = deepEqual, isTransient = transientKubeError, onError, scheduler } = options;
  if (typeof request !== 'function') throw KubeApiError.invalid('the poll request must be a function', 'request');
  const timers = scheduler ? schedulerTimers(scheduler) : realTimers;
  return new Observable<T>((subscriber) => {
    let finalError: unknown;
    /** A failure as the engine reads it: retryable (keeping its Retry-After) if transient, else final. */
    const forEngine = (error: unknown): KubeApiError => {
      if (!isTransient(error)) {
        finalError = error;
        return FINAL;
      }
      onError?.(error);
      if (isKubeApiError(error) && error.retryable) return error;
      const retryAfterSeconds = isKubeApiError(error) ? error.retryAfterSeconds : undefined;
      return new KubeApiError({ kind: 'Status', code: 0, reason: 'NetworkError', message: String(error) }, { cause: error, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) });
    };
    const source: WatchSource = {
      list: (_page, signal) =>
        defer(() => from(request(signal))).pipe(
          tap((value) => subscriber.next(value)),
          ignoreElements(),
          endWith(ANSWERED),
          catchError((error: unknown) => {
            throw forEngine(error);
          }),
        ),
      watch: () => Promise.reject(new Error('a poll never watches')),
    };
    const watch = runWatch(
      source,
      { apply: () => undefined, fail: (error) => subscriber.error(finalError ?? error) },
      {
        transport: 'poll',
        pollIntervalMs: interval,
        timers,
        // Back off from the interval itself: the first failure waits one interval (or its Retry-After), the next ones longer.
        backoff: createBackoff({ ...DEFAULT_BACKOFF, initialMs: interval, maxMs: Math.max(DEFAULT_BACKOFF.maxMs, interval) }, () => timers.now()),
      },
    );
    return () => watch.stop();
  }).pipe(distinctUntilChanged(isEqual));
}

/** The engine's clock on an RxJS scheduler. */
function schedulerTimers(scheduler: SchedulerLike): Timers {
  return {
    setTimeout: (callback, ms) => scheduler.schedule(callback, ms),
    clearTimeout: (handle) => (handle as Subscription).unsubscribe(),
    now: () => scheduler.now(),
  };
}
