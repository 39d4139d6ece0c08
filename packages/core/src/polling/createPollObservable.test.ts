import { Observable, of, type Subscription } from 'rxjs';
import { take } from 'rxjs/operators';
import { TestScheduler } from 'rxjs/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KubeApiError } from '../errors/KubeApiError.js';
import { createPollObservable } from './createPollObservable.js';

const httpError = (code: number, reason: string, retryAfterSeconds?: number) =>
  new KubeApiError({ kind: 'Status', code, reason, message: reason }, retryAfterSeconds === undefined ? {} : { retryAfterSeconds });

/**
 * A request that answers each call, in order, after `latencyMs` of (fake) time
 * (at once for 0) with the next value or error; it records when each call
 * started and its signal.
 */
function scriptedRequest(answers: readonly unknown[], latencyMs = 0) {
  const calls: { at: number; signal: AbortSignal }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const request = (signal: AbortSignal) =>
    new Promise<unknown>((resolve, reject) => {
      const answer = answers[Math.min(calls.length, answers.length - 1)];
      calls.push({ at: Date.now(), signal });
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const settle = () => {
        inFlight -= 1;
        if (answer instanceof Error) reject(answer);
        else resolve(answer);
      };
      if (latencyMs === 0) return settle();
      const timer = setTimeout(settle, latencyMs);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        inFlight -= 1;
      });
    });
  return { request, calls, maxInFlight: () => maxInFlight };
}

describe('createPollObservable with fake timers', () => {
  let subscription: Subscription | undefined;

  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });

  afterEach(() => {
    subscription?.unsubscribe();
    subscription = undefined;
    expect(vi.getTimerCount()).toBe(0);
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('requests at once, then interval ms after each answer, never two at once', async () => {
    const { request, calls, maxInFlight } = scriptedRequest([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }], 300);
    const seen: unknown[] = [];
    subscription = createPollObservable(request, { interval: 1000 }).subscribe((value) => seen.push(value));
    expect(calls.map((call) => call.at)).toEqual([0]);
    await vi.advanceTimersByTimeAsync(3900);
    expect(calls.map((call) => call.at)).toEqual([0, 1300, 2600, 3900]);
    expect(maxInFlight()).toBe(1);
    expect(seen).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('emits only results that changed, by structure', async () => {
    const { request } = scriptedRequest([{ items: [{ a: 1 }] }, { items: [{ a: 1 }] }, { items: [{ a: 2 }] }, { items: [{ a: 2 }] }, { items: [{ a: 1 }] }]);
    const seen: unknown[] = [];
    subscription = createPollObservable(request, 1000).subscribe((value) => seen.push(value));
    await vi.advanceTimersByTimeAsync(4000);
    expect(seen).toEqual([{ items: [{ a: 1 }] }, { items: [{ a: 2 }] }, { items: [{ a: 1 }] }]);
  });

  it('uses a custom isEqual', async () => {
    const { request } = scriptedRequest([{ v: 1, at: 'x' }, { v: 1, at: 'y' }, { v: 2, at: 'z' }]);
    const seen: unknown[] = [];
    subscription = createPollObservable<{ v: number }>(request as never, { interval: 100, isEqual: (a, b) => a.v === b.v }).subscribe((value) => seen.push(value));
    await vi.advanceTimersByTimeAsync(200);
    expect(seen).toEqual([{ v: 1, at: 'x' }, { v: 2, at: 'z' }]);
  });

  it('skips a turn on a transient error and reports it through onError', async () => {
    const unavailable = httpError(503, 'ServiceUnavailable');
    const { request, calls } = scriptedRequest([{ n: 1 }, unavailable, { n: 2 }]);
    const seen: unknown[] = [];
    const errors: unknown[] = [];
    let failure: unknown;
    subscription = createPollObservable(request, { interval: 1000, onError: (error) => errors.push(error) }).subscribe({
      next: (value) => seen.push(value),
      error: (error) => (failure = error),
    });
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls.map((call) => call.at)).toEqual([0, 1000, 2000]);
    expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
    expect(errors).toEqual([unavailable]);
    expect(failure).toBeUndefined();
  });

  it('waits out a Retry-After longer than the interval', async () => {
    const { request, calls } = scriptedRequest([{ n: 1 }, httpError(429, 'TooManyRequests', 5), { n: 2 }, { n: 3 }]);
    subscription = createPollObservable(request, 1000).subscribe();
    await vi.advanceTimersByTimeAsync(7000);
    expect(calls.map((call) => call.at)).toEqual([0, 1000, 6000, 7000]);
  });

  it('backs off while failures go on, doubling from the interval, and returns to the interval after an answer', async () => {
    // The top of each jitter range ([base/2, base]), so that the waits are exact.
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const unavailable = httpError(503, 'ServiceUnavailable');
    const { request, calls } = scriptedRequest([{ n: 1 }, unavailable, unavailable, unavailable, unavailable, { n: 2 }, { n: 3 }]);
    const seen: unknown[] = [];
    subscription = createPollObservable(request, 1000).subscribe((value) => seen.push(value));
    await vi.advanceTimersByTimeAsync(17_000);
    // Waits after each call: 1 s (an answer), then 1, 2, 4 and 8 s (failures), then 1 s again.
    expect(calls.map((call) => call.at)).toEqual([0, 1000, 2000, 4000, 8000, 16_000, 17_000]);
    expect(seen).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('keeps the interval when Retry-After is shorter', async () => {
    const { request, calls } = scriptedRequest([httpError(503, 'ServiceUnavailable', 1), { n: 1 }]);
    subscription = createPollObservable(request, 3000).subscribe();
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls.map((call) => call.at)).toEqual([0, 3000]);
  });

  it('errors the Observable on a failure that will not go away (403) and stops polling', async () => {
    const forbidden = httpError(403, 'Forbidden');
    const { request, calls } = scriptedRequest([{ n: 1 }, forbidden, { n: 2 }]);
    const seen: unknown[] = [];
    const onError = vi.fn();
    let failure: unknown;
    subscription = createPollObservable(request, { interval: 1000, onError }).subscribe({ next: (value) => seen.push(value), error: (error) => (failure = error) });
    await vi.advanceTimersByTimeAsync(5000);
    expect(failure).toBe(forbidden);
    expect(seen).toEqual([{ n: 1 }]);
    expect(calls).toHaveLength(2);
    expect(onError).not.toHaveBeenCalled();
  });

  it('treats errors that are not KubeApiErrors as final unless isTransient says otherwise', async () => {
    const boom = new TypeError('boom');
    let failure: unknown;
    subscription = createPollObservable(scriptedRequest([boom]).request, 1000).subscribe({ error: (error) => (failure = error) });
    await vi.advanceTimersByTimeAsync(0);
    expect(failure).toBe(boom);

    const { request, calls } = scriptedRequest([boom, { n: 1 }]);
    const seen: unknown[] = [];
    subscription = createPollObservable(request, { interval: 1000, isTransient: () => true }).subscribe((value) => seen.push(value));
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(2);
    expect(seen).toEqual([{ n: 1 }]);
  });

  it('aborts the request in flight on unsubscribe and emits nothing after', async () => {
    const { request, calls } = scriptedRequest([{ n: 1 }], 5000);
    const seen: unknown[] = [];
    const sub = createPollObservable(request, 1000).subscribe((value) => seen.push(value));
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls[0]!.signal.aborted).toBe(false);
    sub.unsubscribe();
    expect(calls[0]!.signal.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(seen).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('clears the wait between requests on unsubscribe', async () => {
    const { request, calls } = scriptedRequest([{ n: 1 }]);
    const sub = createPollObservable(request, 10_000).subscribe();
    await vi.advanceTimersByTimeAsync(100);
    expect(vi.getTimerCount()).toBe(1);
    sub.unsubscribe();
    expect(vi.getTimerCount()).toBe(0);
    expect(calls).toHaveLength(1);
  });

  it('accepts a request that returns an Observable', async () => {
    let n = 0;
    const seen: unknown[] = [];
    subscription = createPollObservable(() => of(++n), 500).subscribe((value) => seen.push(value));
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual([1, 2, 3]);
  });
});

const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('createPollObservable with the TestScheduler', () => {
  it('resubscribes interval frames after each answer completes', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const answers = [1, 1, 2];
      let call = 0;
      const request = () => cold('--x|', { x: answers[Math.min(call++, answers.length - 1)] });
      // request 1: 0-3, wait 3, request 2: 6-9 (same value), wait 3, request 3: 12-15 emits at 14
      expectObservable(createPollObservable(request, { interval: 3, scheduler }).pipe(take(2))).toBe('--a-----------(b|)', { a: 1, b: 2 });
    });
  });

  it('skips a turn for a transient error and honours its Retry-After', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const answers = [cold('-a|', { a: 'one' }), cold('-#', undefined, httpError(503, 'ServiceUnavailable', 0.01)), cold('-b|', { b: 'two' })];
      let call = 0;
      const request = () => answers[Math.min(call++, answers.length - 1)]!;
      // 'one' at 1, completes at 2; wait 2; error at 5; wait max(2, 10); 'two' at 16
      expectObservable(createPollObservable(request, { interval: 2, scheduler }).pipe(take(2))).toBe('-a--------------(b|)', { a: 'one', b: 'two' });
    });
  });

  it('errors on a non-retryable failure', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const forbidden = httpError(403, 'Forbidden');
      const request = () => cold('-#', undefined, forbidden);
      expectObservable(createPollObservable(request, { interval: 5, scheduler })).toBe('-#', undefined, forbidden);
    });
  });

  it('unsubscribes the request Observable on unsubscribe', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const answer = cold('-----x|');
      expectObservable(createPollObservable(() => answer, { interval: 5, scheduler }), '^--!').toBe('');
      expectSubscriptions(answer.subscriptions).toBe('^--!');
    });
  });
});

/** The error a poll Observable reports on subscribe, after checking that the call itself did not throw. */
const errorOnSubscribe = (create: () => Observable<unknown>): unknown => {
  let observable: Observable<unknown> | undefined;
  expect(() => (observable = create())).not.toThrow();
  let failure: unknown;
  observable!.subscribe({ error: (error) => (failure = error) }).unsubscribe();
  return failure;
};

const resolveOne = () => Promise.resolve(1);

describe('createPollObservable options', () => {
  it.each([[0], [-1], [Number.NaN], [Number.POSITIVE_INFINITY]])('reports the interval %d as a 400 Invalid on subscribe, without requesting', (interval) => {
    const request = vi.fn(() => Promise.resolve(1));
    for (const options of [interval, { interval }]) {
      expect(errorOnSubscribe(() => createPollObservable(request, options))).toMatchObject({ name: 'KubeApiError', code: 400, reason: 'Invalid' });
    }
    expect(request).not.toHaveBeenCalled();
  });

  it('reports missing options and a request that is not a function on subscribe', () => {
    const request = resolveOne;
    expect(errorOnSubscribe(() => createPollObservable(request, {} as { interval: number }))).toMatchObject({ reason: 'Invalid', message: expect.stringContaining('interval') });
    expect(errorOnSubscribe(() => createPollObservable(request, null as unknown as number))).toMatchObject({ reason: 'Invalid' });
    expect(errorOnSubscribe(() => createPollObservable(undefined as unknown as typeof request, 1000))).toMatchObject({ reason: 'Invalid', message: expect.stringContaining('function') });
  });

  it('does nothing until subscribed', () => {
    const request = vi.fn(() => new Observable<number>());
    createPollObservable(request, 1000);
    expect(request).not.toHaveBeenCalled();
  });
});
