/**
 * Shared set-up of the client tests: a scripted HTTP server and clients per
 * test (a fresh server, so that a request still in flight from the previous
 * test's client can never be mistaken for one of this test's), and timers that run every wait at once while recording
 * what was asked for, so backoff and Retry-After can be checked without sleeps.
 */
import { afterEach, beforeEach } from 'vitest';
import { microtask } from '../src/cache/schedule.js';
import { createKubeClient, type KubeClient } from '../src/client/createKubeClient.js';
import type { KubeClientOptions } from '../src/client/options.js';
import type { Timers } from '../src/clock.js';
import { startScriptedServer, type ScriptedServer } from './scriptedServer.js';

export function useScriptedApi() {
  // Filled in beforeEach; tests only touch it once the server is up.
  const api = {} as ScriptedServer;
  const clients: KubeClient[] = [];
  const delays: number[] = [];
  let skipped = 0;

  /**
   * Backoff waits (under a minute) are shortened to a few ms; longer ones (the
   * stall watchdog) keep their length. Every requested length is in `delays`.
   */
  const fastTimers: Timers = {
    setTimeout: (callback, ms) => {
      delays.push(ms);
      return setTimeout(callback, ms < 60_000 ? Math.min(ms, 5) : ms);
    },
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    now: () => Date.now() + skipped,
  };
  /** Moves fastTimers' clock forward, as if `ms` had passed. */
  const advanceClock = (ms: number) => {
    skipped += ms;
  };

  beforeEach(async () => {
    Object.assign(api, await startScriptedServer());
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.dispose();
    await api.close();
    delays.length = 0;
    skipped = 0;
  });

  function newClient(options: KubeClientOptions = {}): KubeClient {
    const client = createKubeClient({ baseUrl: api.url, gracePeriodMs: 0, notifySchedule: microtask, ...options });
    clients.push(client);
    return client;
  }

  return { api, newClient, fastTimers, delays, advanceClock };
}
