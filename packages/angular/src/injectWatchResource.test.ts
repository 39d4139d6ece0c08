import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createEnvironmentInjector,
  Injector,
  provideZonelessChangeDetection,
  runInInjectionContext,
  signal,
  ɵINJECTOR_SCOPE,
  type EnvironmentInjector,
  type EnvironmentProviders,
  type Provider,
} from '@angular/core';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createKubeClient, isKubeApiError, microtask, Pods, type KubeClient, type KubeClientOptions, type ObjectOf, type Timers, type WatchResourceParams } from '@rxkube/core';
import { realTimers } from '@rxkube/core/internal';
import { createFakeApiHandlers, type FakeApiHandlers } from '@rxkube/testing/msw';
import { fakePods } from '../../../tests/support/fakePods.js';
import { until } from '../../../tests/support/until.js';
import { injectKubeClient, injectWatchResource, injectWatchResourceList, injectWatchResourceTable, provideKubeClient } from './index.js';

// The bindings against @rxkube/testing's fake apiserver, served in process by msw.
type Pod = ObjectOf<typeof Pods>;

const BASE = 'http://kube.test';
const msw = setupServer();
let fake: FakeApiHandlers;
let client: KubeClient | undefined;
let injector: EnvironmentInjector | undefined;

beforeAll(() => msw.listen({ onUnhandledFrame: 'error' }));
beforeEach(() => {
  fake = createFakeApiHandlers({ baseUrl: BASE });
  msw.resetHandlers(...fake.handlers);
});
afterEach(() => {
  if (injector && !injector.destroyed) injector.destroy();
  client?.dispose();
  injector = client = undefined;
  fake.dispose();
});
afterAll(() => msw.close());

const options = (extra: KubeClientOptions = {}): KubeClientOptions => ({ baseUrl: BASE, gracePeriodMs: 0, notifySchedule: microtask, ...extra });

function newInjector(providers: (Provider | EnvironmentProviders)[]): EnvironmentInjector {
  injector = createEnvironmentInjector(
    [{ provide: ɵINJECTOR_SCOPE, useValue: 'root' }, provideZonelessChangeDetection(), ...providers],
    Injector.NULL as EnvironmentInjector,
  );
  return injector;
}

/** An injector providing a client the test owns. */
function withClient(extra: KubeClientOptions = {}): EnvironmentInjector {
  client = createKubeClient(options(extra));
  return newInjector([provideKubeClient(client)]);
}

const { pods, serve, requests } = fakePods(() => fake);
/** The pod watches for one object, opened so far (or only the open ones). */
const watchesOf = (name: string, open?: boolean) => requests({ watch: true, ...(open === undefined ? {} : { open }) }).filter((r) => r.query.fieldSelector === `metadata.name=${name}`);
const podParams = (name: string): WatchResourceParams<Pod> => ({ resource: Pods, namespace: 'default', name });
const versionOf = (value: Pod | null | undefined) => value && `${value.metadata!.name}@${value.metadata!.resourceVersion}`;

/**
 * Real timers, except the grace period's, which the test fires itself. Besides
 * making "after the grace period" observable, this keeps aborts out of timer
 * callbacks: under msw 3 + Node's fetch (undici), aborting a streaming response
 * synchronously inside a setTimeout/setImmediate callback trips undici's
 * `assert(!this.aborted)` as an uncaught exception (an interceptor quirk; the
 * same abort from a promise continuation is clean).
 */
function manualGrace(ms: number) {
  const pending: (() => void)[] = [];
  const timers: Timers = { ...realTimers, setTimeout: (callback, delay) => (delay === ms ? pending.push(callback) : realTimers.setTimeout(callback, delay)) };
  return { timers, pending };
}

describe('injectWatchResource', () => {
  it('shows loading, then the pod, then each update', async () => {
    const rv = serve('a');
    const pod$ = runInInjectionContext(withClient(), () => injectWatchResource(podParams('a')));
    expect(pod$()).toMatchObject({ data: undefined, status: { phase: 'loading' } });
    await until(() => versionOf(pod$().data) === `a@${rv.a}`);
    expect(pod$().status.phase).toBe('ready');
    await until(() => watchesOf('a').length === 1);
    const updated = pods().update<Pod>('pods', { metadata: { name: 'a', namespace: 'default', labels: { app: 'web', tier: 'front' } } });
    await until(() => versionOf(pod$().data) === `a@${updated.metadata!.resourceVersion}`);
    pods().delete('pods', 'default/a');
    await until(() => pod$().data === null);
  });

  it('keeps the same snapshot while nothing changed', async () => {
    serve('a', 'b');
    const pod$ = runInInjectionContext(withClient(), () => injectWatchResource(podParams('a')));
    await until(() => pod$().data !== undefined && watchesOf('a').length === 1);
    const first = pod$();
    // The later positive signal: a list of every pod sees pod b change after pod a's view got its snapshot.
    const all$ = runInInjectionContext(injector!, () => injectWatchResourceList<Pod>({ resource: Pods, namespace: 'default' }));
    await until(() => all$().data?.length === 2);
    const b = pods().update<Pod>('pods', { metadata: { name: 'b', namespace: 'default', labels: { app: 'db' } } });
    await until(() => all$().data?.some((p) => p.metadata!.resourceVersion === b.metadata!.resourceVersion) === true);
    expect(pod$()).toBe(first);
  });

  it('switches to the other object when the params signal changes, and aborts the old watch after the grace period', async () => {
    const grace = manualGrace(5_000);
    const rv = serve('a', 'b');
    const params = signal<WatchResourceParams<Pod> | null>(podParams('a'));
    const env = withClient({ gracePeriodMs: 5_000, timers: grace.timers });
    const observe = vi.spyOn(client!, 'observeResource');
    const pod$ = runInInjectionContext(env, () => injectWatchResource(params));
    await until(() => versionOf(pod$().data) === `a@${rv.a}` && watchesOf('a').length === 1);

    params.set({ namespace: 'default', name: 'a', resource: Pods }); // equal by value: nothing changes
    // Reading the snapshot recomputes the key at once: the same key keeps the observer.
    expect(versionOf(pod$().data)).toBe(`a@${rv.a}`);
    expect(observe).toHaveBeenCalledTimes(1);

    params.set(podParams('b'));
    expect(pod$().data).toBeUndefined();
    await until(() => versionOf(pod$().data) === `b@${rv.b}` && watchesOf('b').length === 1);
    // One observer and one list per object: the equal params asked for nothing.
    expect(observe).toHaveBeenCalledTimes(2);
    expect(requests({ watch: false }).map((r) => r.query.fieldSelector)).toEqual(['metadata.name=a', 'metadata.name=b']);
    expect(watchesOf('a', true)).toHaveLength(1);
    expect(grace.pending).toHaveLength(1);
    grace.pending[0]!();
    await until(() => watchesOf('a', true).length === 0);
    expect(requests({ watch: true, open: true }).map((r) => r.query.fieldSelector)).toEqual(['metadata.name=b']);
  });

  it('opens nothing while the params are null', async () => {
    const rv = serve('a');
    const params = signal<WatchResourceParams<Pod> | null>(null);
    const pod$ = runInInjectionContext(withClient(), () => injectWatchResource(params));
    expect(pod$()).toMatchObject({ data: undefined, status: { phase: 'loading' } });
    params.set(podParams('a'));
    await until(() => versionOf(pod$().data) === `a@${rv.a}` && watchesOf('a').length === 1);
    // The later positive signal: pod a's list and watch are the first and only requests.
    expect(requests().map((r) => r.query.fieldSelector)).toEqual(['metadata.name=a', 'metadata.name=a']);
  });

  it('aborts the watch when the injector is destroyed and the grace period ends', async () => {
    const grace = manualGrace(5_000);
    serve('a');
    const env = withClient({ gracePeriodMs: 5_000, timers: grace.timers });
    const pod$ = runInInjectionContext(env, () => injectWatchResource(podParams('a')));
    await until(() => pod$().data !== undefined && requests({ watch: true, open: true }).length === 1);
    env.destroy();
    expect(client!.connections()).toMatchObject([{ subscribers: 0 }]);
    expect(requests({ watch: true, open: true })).toHaveLength(1);
    expect(grace.pending).toHaveLength(1);
    grace.pending[0]!();
    await until(() => requests({ watch: true, open: true }).length === 0);
    expect(client!.connections()).toEqual([]);
  });

  it('surfaces a 403 on the list as an error status with a KubeApiError', async () => {
    msw.use(http.get(`${BASE}/api/v1/namespaces/default/pods`, () => HttpResponse.json({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403, message: 'pods is forbidden' }, { status: 403 }), { once: true }));
    const pod$ = runInInjectionContext(withClient(), () => injectWatchResource(podParams('a')));
    await until(() => pod$().status.phase === 'error');
    expect(isKubeApiError(pod$().error)).toBe(true);
    expect(pod$().error).toMatchObject({ code: 403, reason: 'Forbidden' });
  });
});

describe('injectWatchResourceList', () => {
  it('shows the list, then each change', async () => {
    serve('b', 'a');
    const pods$ = runInInjectionContext(withClient(), () => injectWatchResourceList<Pod>({ resource: Pods, namespace: 'default', labelSelector: { app: 'web' } }));
    await until(() => pods$().data?.length === 2);
    expect(pods$().data!.map((p) => p.metadata!.name)).toEqual(['a', 'b']);
    expect(requests()[0]!.query.labelSelector).toBe('app=web');
    await until(() => requests({ watch: true }).length === 1);
    serve('c');
    await until(() => pods$().data?.length === 3);
  });
});

describe('injectWatchResourceTable', () => {
  it("shows the server's columns and a row per pod, then each change", async () => {
    serve('b', 'a');
    const table$ = runInInjectionContext(withClient(), () => injectWatchResourceTable({ resource: Pods, namespace: 'default' }));
    await until(() => table$().data?.rows.length === 2);
    expect(table$().data!.columns.filter((c) => c.priority === 0).map((c) => c.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    expect(table$().data!.rows.map((row) => row.cells[0])).toEqual(['a', 'b']);
    await until(() => requests({ watch: true }).length === 1);
    serve('c');
    await until(() => table$().data?.rows.length === 3);
  });
});

describe('provideKubeClient', () => {
  it('builds a client from options and disposes it with the injector', async () => {
    serve('a');
    // A long grace period: only disposing the client can close the watch this soon.
    const env = newInjector([provideKubeClient(options({ gracePeriodMs: 60_000 }))]);
    const pod$ = runInInjectionContext(env, () => injectWatchResource(podParams('a')));
    await until(() => pod$().data !== undefined && requests({ watch: true, open: true }).length === 1);
    const owned = runInInjectionContext(env, () => injectKubeClient());
    env.destroy();
    await until(() => requests({ watch: true, open: true }).length === 0);
    expect(owned.connections()).toEqual([]);
  });

  it('hands out a client passed in and leaves it open', () => {
    const env = withClient();
    expect(runInInjectionContext(env, () => injectKubeClient())).toBe(client);
    const dispose = vi.spyOn(client!, 'dispose');
    env.destroy();
    expect(dispose).not.toHaveBeenCalled();
  });

  it('explains a missing provider', () => {
    const env = newInjector([]);
    expect(() => runInInjectionContext(env, () => injectKubeClient())).toThrow(/provideKubeClient/);
  });

  it('refuses to run outside an injection context', () => {
    expect(() => injectWatchResource(podParams('a'))).toThrow(/injection context/);
  });
});
