/**
 * dispose() ends a client: every live Observable completes, every connection
 * closes, every timer is cleared, and every later call fails with a typed
 * `ClientDisposed` error (on subscribe, or as a rejection), without a request.
 * Against @rxkube/testing's fake apiserver.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Observable } from 'rxjs';
import { startFakeApiServer, type FakeApiServer } from '@rxkube/testing';
import { microtask } from '../cache/schedule.js';
import { Jobs, Pods } from '../resources/builtins.js';
import { until } from '../../../../tests/support/until.js';
import type { Timers } from '../clock.js';
import { createKubeClient, type KubeClient } from './createKubeClient.js';
import type { QueryObserver, QuerySnapshot } from './queryObserver.js';

const DISPOSED = { name: 'KubeApiError', code: 0, reason: 'ClientDisposed', retryable: false };

/** Real timers that remember which ones are still pending. */
function recordingTimers(): Timers & { pending: Set<unknown> } {
  const pending = new Set<unknown>();
  return {
    pending,
    setTimeout: (callback, ms) => {
      const handle = setTimeout(() => {
        pending.delete(handle);
        callback();
      }, ms);
      pending.add(handle);
      return handle;
    },
    clearTimeout: (handle) => {
      pending.delete(handle);
      clearTimeout(handle as ReturnType<typeof setTimeout>);
    },
    now: () => Date.now(),
  };
}

/** How an Observable ended so far. */
function track<T>(observable: Observable<T>) {
  const state = { values: [] as T[], completed: false, error: undefined as unknown };
  const subscription = observable.subscribe({
    next: (value) => state.values.push(value),
    complete: () => (state.completed = true),
    error: (error: unknown) => (state.error = error),
  });
  return Object.assign(state, { subscription });
}

/** The error an Observable reports on subscribe, before any value. */
const errorOf = (observable: Observable<unknown>) => {
  const tracked = track(observable);
  expect(tracked.values).toEqual([]);
  return tracked.error;
};

let server: FakeApiServer;
let client: KubeClient;

beforeEach(async () => {
  server = await startFakeApiServer({ port: 0, seed: 5 });
  server.clusters.global.create('pods', { metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'x' }] } });
});
afterEach(async () => {
  client.dispose();
  await server.close();
});

describe('dispose()', () => {
  it('completes every live Observable, closes every connection and clears every timer', async () => {
    const timers = recordingTimers();
    client = createKubeClient({ baseUrl: server.url, notifySchedule: microtask, gracePeriodMs: 60_000, timers });
    const job = track(client.watchResource({ resource: Jobs, namespace: 'default', name: 'pi' }));
    const pods = track(client.watchResourceList({ resource: Pods, namespace: 'default' }));
    const exported = track(client.streamJson('/v1/export/pods', { query: { timeout: '60s' } }));
    const observer = client.observeResourceList({ resource: Pods });
    const snapshots = track(observer.snapshots());
    let calledBack = 0;
    observer.subscribe(() => (calledBack += 1));
    // Left in its grace period: a timer, and a watch still open.
    client.watchResourceList({ resource: Pods, namespace: 'kube-system' }).subscribe().unsubscribe();
    await until(() => server.requests.openWatches() === 4 && pods.values.length === 1 && exported.values.length === 1);
    server.faults.inject({ kind: 'hang' }, { verb: 'get' });
    const pending = client.getResource({ resource: Pods, namespace: 'default', name: 'web' });
    await until(() => server.requests.count({ verb: 'get' }) === 1);
    expect(timers.pending.size).toBeGreaterThan(0);
    const callbacksBefore = calledBack;

    client.dispose();

    for (const observable of [job, pods, exported, snapshots]) expect(observable).toMatchObject({ completed: true, error: undefined });
    expect(calledBack).toBe(callbacksBefore + 1);
    expect(observer.getSnapshot()).toMatchObject({ data: undefined, status: { phase: 'error' }, error: DISPOSED });
    await expect(pending).rejects.toMatchObject(DISPOSED);
    expect(timers.pending.size).toBe(0);
    expect(client.connections()).toEqual([]);
    await server.requests.waitFor((log) => log.count({ open: true }) === 0);
  });

  it('makes every later call fail with ClientDisposed, without a throw and without a request', async () => {
    client = createKubeClient({ baseUrl: server.url, notifySchedule: microtask, gracePeriodMs: 0 });
    const observer = client.observeResource({ resource: Pods, namespace: 'default', name: 'web' });
    client.dispose();
    client.dispose(); // twice is harmless

    expect(errorOf(client.watchResource({ resource: Pods, namespace: 'default', name: 'web' }))).toMatchObject(DISPOSED);
    expect(errorOf(client.watchResourceList({ resource: Pods }))).toMatchObject(DISPOSED);
    expect(errorOf(client.streamJson('/v1/export/pods'))).toMatchObject(DISPOSED);
    const observers: QueryObserver<unknown>[] = [observer, client.observeResourceList({ resource: Pods })];
    for (const later of observers) {
      const seen: QuerySnapshot<unknown>[] = [];
      later.snapshots().subscribe((snapshot) => seen.push(snapshot));
      expect(later.subscribe(() => undefined)).toBeTypeOf('function');
      expect(seen).toEqual([later.getSnapshot()]);
      expect(later.getSnapshot()).toMatchObject({ status: { phase: 'error' }, error: DISPOSED });
    }
    const calls: Promise<unknown>[] = [
      client.getResource({ resource: Pods, namespace: 'default', name: 'web' }),
      client.listResources({ resource: Pods }),
      client.createResource({ resource: Pods, namespace: 'default', body: { metadata: { name: 'new' } } }),
      client.updateResource({ resource: Pods, namespace: 'default', body: { metadata: { name: 'web' } } }),
      client.patchResource({ resource: Pods, namespace: 'default', name: 'web', patch: {} }),
      client.deleteResource({ resource: Pods, namespace: 'default', name: 'web' }),
    ];
    for (const call of calls) await expect(call).rejects.toMatchObject(DISPOSED);
    client.setDowngradeWatch(true);
    expect(client.connections()).toEqual([]);

    // A request from elsewhere is the later signal: it is the only one the server saw.
    await fetch(`${server.url}/api/v1/namespaces/default/pods`);
    await server.requests.waitFor((log) => log.count() === 1);
    expect(server.requests.all().map((r) => r.path)).toEqual(['/api/v1/namespaces/default/pods']);
  });
});
