/**
 * Backoff: with the server unreachable for 10 minutes (virtual time), each
 * watch's request count stays within its backoff budget, and once the server
 * is back each watch recovers within one backoff step. 401 and 403 end the
 * subscription after one request instead of retrying in a loop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeClient, KubeApiError, microtask, Pods, type KubeClient } from '@rxkube/core';
import { DEFAULT_BACKOFF } from '@rxkube/core/internal';
import { startFakeApiServer, type FakeApiServer } from '@rxkube/testing';
import { report } from './support/summary.js';
import { VirtualClock, settle } from './support/virtualClock.js';
import { until } from '../support/until.js';

let server: FakeApiServer;
beforeAll(async () => {
  server = await startFakeApiServer({ port: 0, seedState: true, seed: 3 });
});
afterAll(() => server.close());

/** The most and the fewest attempts the policy allows in `windowMs`: every delay at the bottom, or the top, of its range. */
function attemptBudget(windowMs: number): { most: number; fewest: number } {
  const count = (fraction: number) => {
    let elapsed = 0;
    let attempts = 1; // the request that found the server gone
    for (let step = 0; ; step++) {
      elapsed += Math.min(DEFAULT_BACKOFF.initialMs * DEFAULT_BACKOFF.factor ** step, DEFAULT_BACKOFF.maxMs) * fraction;
      if (elapsed > windowMs) return attempts;
      attempts += 1;
    }
  };
  return { most: count(0.5), fewest: count(1) };
}

/**
 * fetch through a switchable outage: while `down`, new requests fail as a
 * refused connection would, and open streams break as a dropped one would.
 */
function outageFetch() {
  const state = { down: false, attempts: new Map<string, number>(), streams: new Set<ReadableStreamDefaultController<Uint8Array>>() };
  const fetchThrough: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const key = `${url.pathname}?${url.searchParams.get('labelSelector') ?? ''}${url.searchParams.get('fieldSelector') ?? ''}`;
    if (state.down) {
      state.attempts.set(key, (state.attempts.get(key) ?? 0) + 1);
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
    }
    const response = await fetch(input, init);
    if (!response.body) return response;
    const reader = response.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => void state.streams.add(controller),
      pull: async (controller) => {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return {
    state,
    fetch: fetchThrough,
    goDown() {
      state.down = true;
      for (const stream of state.streams) {
        try {
          stream.error(new TypeError('terminated', { cause: new Error('other side closed') }));
        } catch {
          // already closed
        }
      }
      state.streams.clear();
    },
  };
}

describe('backoff', () => {
  it('stays within its backoff budget through a 10-minute outage and recovers within one step', async () => {
    const clock = new VirtualClock();
    const outage = outageFetch();
    const client: KubeClient = createKubeClient({ baseUrl: server.url, fetch: outage.fetch, timers: clock, notifySchedule: microtask, gracePeriodMs: 0 });
    const questions = [
      client.observeResourceList({ resource: Pods, namespace: 'default' }),
      client.observeResourceList({ resource: Pods, namespace: 'testhl', labelSelector: { app: 'web' } }),
      client.observeResource({ resource: Pods, namespace: 'kube-system', name: 'coredns' }),
    ];
    const unsubscribers = questions.map((q) => q.subscribe(() => undefined));
    try {
      await until(() => questions.every((q) => q.getSnapshot().status.phase === 'ready'), 5_000);

      const outageMs = 10 * 60_000;
      outage.goDown();
      await settle();
      await clock.advance(outageMs);
      const budget = attemptBudget(outageMs);
      const attempts = [...outage.state.attempts.values()];
      expect(attempts).toHaveLength(questions.length);
      for (const count of attempts) {
        expect(count).toBeLessThanOrEqual(budget.most);
        expect(count).toBeGreaterThanOrEqual(budget.fewest);
      }
      expect(questions.every((q) => q.getSnapshot().status.phase === 'reconnecting')).toBe(true);

      outage.state.down = false;
      const backAt = clock.now();
      // Each watch waits out one backoff timer, then watches again. Virtual time moves from one pending
      // timer to the next, within one step (the longest delay the policy can ask for); after each, the
      // real loopback I/O it started is awaited by its positive signal: that many more watches are ready.
      const readyCount = () => questions.filter((q) => q.getSnapshot().status.phase === 'ready').length;
      for (let next = clock.nextAt(); readyCount() < questions.length && next !== undefined && next - backAt <= DEFAULT_BACKOFF.maxMs; next = clock.nextAt()) {
        const expected = readyCount() + clock.dueBy(next);
        await clock.advance(next - clock.now());
        await until(() => readyCount() >= Math.min(expected, questions.length), 5_000, () => `${readyCount()} of ${expected} watches ready after the timers due at ${next - backAt} ms`);
      }
      const recoveredInMs = clock.now() - backAt;
      expect(questions.map((q) => q.getSnapshot().status.phase)).toEqual(['ready', 'ready', 'ready']);
      expect(recoveredInMs).toBeLessThanOrEqual(DEFAULT_BACKOFF.maxMs);
      report('backoff', {
        outageMinutes: 10,
        watches: questions.length,
        attemptsPerWatch: attempts.join('/'),
        budgetMost: budget.most,
        budgetFewest: budget.fewest,
        recoveredWithinMs: recoveredInMs,
      });
    } finally {
      unsubscribers.forEach((u) => u());
      client.dispose();
    }
  });

  it.each([
    [401, 'Unauthorized'],
    [403, 'Forbidden'],
  ])('does not retry %i in a loop', async (code, reason) => {
    const clock = new VirtualClock();
    let requests = 0;
    const client = createKubeClient({
      baseUrl: server.url,
      timers: clock,
      notifySchedule: microtask,
      fetch: async () => {
        requests += 1;
        return Response.json({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message: `${reason.toLowerCase()}` }, { status: code });
      },
    });
    const error = await new Promise<unknown>((resolve) => client.watchResourceList({ resource: Pods }).subscribe({ error: resolve }));
    await clock.advance(10 * 60_000);
    expect(error).toBeInstanceOf(KubeApiError);
    expect((error as KubeApiError).code).toBe(code);
    expect(requests).toBe(1);
    client.dispose();
  });
});
