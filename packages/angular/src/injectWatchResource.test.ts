import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
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
import { createKubeClient, isKubeApiError, microtask, Pods, type KubeClient, type KubeClientOptions, type ObjectOf, type Timers, type WatchResourceParams } from '@rxkube/core';
import { realTimers } from '@rxkube/core/internal';
import { BASE, createScriptedApi, pod, until } from '../../core/src/test-support/scriptedApi.js';
import { injectKubeClient, injectWatchResource, injectWatchResourceList, provideKubeClient } from './index.js';

type Pod = ObjectOf<typeof Pods>;

const api = createScriptedApi();
let client: KubeClient | undefined;
let injector: EnvironmentInjector | undefined;

beforeAll(() => api.server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  if (injector && !injector.destroyed) injector.destroy();
  client?.dispose();
  injector = client = undefined;
  api.endAll();
  api.requests.length = 0;
  api.watches.length = 0;
});
afterAll(() => api.server.close());

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

/** Lists answer with the pods the request's field selector names (all of `pods` without one). */
function serve(pods: Record<string, unknown>[]) {
  api.setDefaultList((url) => {
    const name = /metadata\.name=(.*)/.exec(url.searchParams.get('fieldSelector') ?? '')?.[1];
    return { items: pods.filter((p) => !name || (p.metadata as { name: string }).name === name), resourceVersion: '100' };
  });
}

const watchOf = (name: string) => api.watches.find((w) => w.request.url.searchParams.get('fieldSelector') === `metadata.name=${name}`);
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
    serve([pod('a', '1')]);
    const pod$ = runInInjectionContext(withClient(), () => injectWatchResource(podParams('a')));
    expect(pod$()).toMatchObject({ data: undefined, status: { phase: 'loading' } });
    await until(() => versionOf(pod$().data) === 'a@1');
    expect(pod$().status.phase).toBe('ready');
    watchOf('a')!.send({ type: 'MODIFIED', object: pod('a', '7') });
    await until(() => versionOf(pod$().data) === 'a@7');
    watchOf('a')!.send({ type: 'DELETED', object: pod('a', '8') });
    await until(() => pod$().data === null);
  });

  it('keeps the same snapshot while nothing changed', async () => {
    serve([pod('a', '1')]);
    const pod$ = runInInjectionContext(withClient(), () => injectWatchResource(podParams('a')));
    await until(() => pod$().data !== undefined);
    const first = pod$();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(pod$()).toBe(first);
  });

  it('switches to the other object when the params signal changes, and aborts the old watch after the grace period', async () => {
    const grace = manualGrace(5_000);
    serve([pod('a', '1'), pod('b', '2')]);
    const params = signal<WatchResourceParams<Pod> | null>(podParams('a'));
    const env = withClient({ gracePeriodMs: 5_000, timers: grace.timers });
    const observe = vi.spyOn(client!, 'observeResource');
    const pod$ = runInInjectionContext(env, () => injectWatchResource(params));
    await until(() => versionOf(pod$().data) === 'a@1' && watchOf('a') !== undefined);

    params.set({ namespace: 'default', name: 'a', resource: Pods }); // equal by value: nothing changes
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(observe).toHaveBeenCalledTimes(1);
    expect(api.lists()).toHaveLength(1);

    params.set(podParams('b'));
    expect(pod$().data).toBeUndefined();
    await until(() => versionOf(pod$().data) === 'b@2' && watchOf('b') !== undefined);
    expect(observe).toHaveBeenCalledTimes(2);
    expect(watchOf('a')!.request.aborted).toBe(false);
    expect(grace.pending).toHaveLength(1);
    grace.pending[0]!();
    await until(() => watchOf('a')!.request.aborted);
    expect(api.openWatches().map((w) => w.request.url.searchParams.get('fieldSelector'))).toEqual(['metadata.name=b']);
  });

  it('opens nothing while the params are null', async () => {
    serve([pod('a', '1')]);
    const params = signal<WatchResourceParams<Pod> | null>(null);
    const pod$ = runInInjectionContext(withClient(), () => injectWatchResource(params));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(pod$()).toMatchObject({ data: undefined, status: { phase: 'loading' } });
    expect(api.requests).toHaveLength(0);
    params.set(podParams('a'));
    await until(() => versionOf(pod$().data) === 'a@1');
  });

  it('aborts the watch when the injector is destroyed and the grace period ends', async () => {
    const grace = manualGrace(5_000);
    serve([pod('a', '1')]);
    const env = withClient({ gracePeriodMs: 5_000, timers: grace.timers });
    const pod$ = runInInjectionContext(env, () => injectWatchResource(podParams('a')));
    await until(() => pod$().data !== undefined && api.openWatches().length === 1);
    env.destroy();
    expect(client!.connections()).toMatchObject([{ subscribers: 0 }]);
    expect(api.openWatches()).toHaveLength(1);
    expect(grace.pending).toHaveLength(1);
    grace.pending[0]!();
    await until(() => api.openWatches().length === 0);
    expect(client!.connections()).toEqual([]);
  });

  it('surfaces a 403 on the list as an error status with a KubeApiError', async () => {
    api.answerNextList(() => Response.json({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403, message: 'pods is forbidden' }, { status: 403 }));
    const pod$ = runInInjectionContext(withClient(), () => injectWatchResource(podParams('a')));
    await until(() => pod$().status.phase === 'error');
    expect(isKubeApiError(pod$().error)).toBe(true);
    expect(pod$().error).toMatchObject({ code: 403, reason: 'Forbidden' });
  });
});

describe('injectWatchResourceList', () => {
  it('shows the list, then each change', async () => {
    serve([pod('b', '2'), pod('a', '1')]);
    const pods$ = runInInjectionContext(withClient(), () => injectWatchResourceList<Pod>({ resource: Pods, namespace: 'default', labelSelector: { app: 'web' } }));
    await until(() => pods$().data?.length === 2);
    expect(pods$().data!.map((p) => p.metadata!.name)).toEqual(['a', 'b']);
    expect(api.requests[0]!.url.searchParams.get('labelSelector')).toBe('app=web');
    await until(() => api.watches.length === 1);
    api.watches[0]!.send({ type: 'ADDED', object: pod('c', '3') });
    await until(() => pods$().data?.length === 3);
  });
});

describe('provideKubeClient', () => {
  it('builds a client from options and disposes it with the injector', async () => {
    serve([pod('a', '1')]);
    // A long grace period: only disposing the client can close the watch this soon.
    const env = newInjector([provideKubeClient(options({ gracePeriodMs: 60_000 }))]);
    const pod$ = runInInjectionContext(env, () => injectWatchResource(podParams('a')));
    await until(() => pod$().data !== undefined && api.openWatches().length === 1);
    const owned = runInInjectionContext(env, () => injectKubeClient());
    env.destroy();
    await until(() => api.openWatches().length === 0);
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
