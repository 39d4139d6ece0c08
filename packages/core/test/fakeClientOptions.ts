import type { FakeApiServer } from '@rxkube/testing';
import { microtask } from '../src/cache/schedule.js';
import type { KubeClientOptions } from '../src/client/options.js';

/** A client of tests against the fake apiserver: flushes in a microtask, no grace period, short backoff. */
export function fakeClientOptions(server: FakeApiServer): KubeClientOptions {
  return { baseUrl: server.url, notifySchedule: microtask, gracePeriodMs: 0, backoff: { initialMs: 20, maxMs: 100 } };
}
