/**
 * The polling fallback for networks whose proxies break long responses:
 * run the request now, then `interval` ms after each answer (never two at
 * once), and emit only results that differ from the last one emitted.
 * Transient failures (a retryable KubeApiError by default) skip a turn and
 * are reported through `onError`; a Retry-After longer than the interval is
 * honoured. Other failures error the Observable, and so does bad input (an
 * interval that is not a positive number): a KubeApiError 400 Invalid on
 * subscribe, never a throw at call time. Unsubscribing aborts the request in
 * flight.
 */
import { asyncScheduler, defer, from, Observable, timer, type SchedulerLike } from 'rxjs';
import { catchError, distinctUntilChanged, filter, finalize, map, repeat } from 'rxjs/operators';
import { isKubeApiError, KubeApiError } from '../errors/KubeApiError.js';
import { deepEqual } from './deepEqual.js';

export interface PollOptions<T> {
  /** Milliseconds between the end of one request and the start of the next. */
  interval: number;
  /** When two results count as the same; structural equality by default. */
  isEqual?: (previous: T, next: T) => boolean;
  /** Whether a failure is transient (skip a turn) rather than final. */
  isTransient?: (error: unknown) => boolean;
  /** Called with each transient failure. */
  onError?: (error: unknown) => void;
  /** For tests: an RxJS scheduler (e.g. the TestScheduler). */
  scheduler?: SchedulerLike;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; retryAfterMs: number };

const transientKubeError = (error: unknown): boolean => isKubeApiError(error) && error.retryable;

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
  const { interval, isEqual = deepEqual, isTransient = transientKubeError, onError, scheduler = asyncScheduler } = options;
  if (typeof request !== 'function') throw KubeApiError.invalid('the poll request must be a function', 'request');
  const once = defer(() => {
    const controller = new AbortController();
    return from(request(controller.signal)).pipe(finalize(() => controller.abort()));
  }).pipe(
    map((value): Outcome<T> => ({ ok: true, value })),
    catchError((error: unknown) => {
      if (!isTransient(error)) throw error;
      onError?.(error);
      const retryAfter = isKubeApiError(error) ? (error.retryAfterSeconds ?? 0) * 1000 : 0;
      return [{ ok: false, retryAfterMs: retryAfter } as Outcome<T>];
    }),
  );

  let nextDelay = interval;
  return once.pipe(
    map((outcome) => {
      nextDelay = outcome.ok ? interval : Math.max(interval, outcome.retryAfterMs);
      return outcome;
    }),
    repeat({ delay: () => timer(nextDelay, scheduler) }),
    filter((outcome): outcome is { ok: true; value: T } => outcome.ok),
    map((outcome) => outcome.value),
    distinctUntilChanged(isEqual),
  );
}
