// @vitest-environment-options {"url": "http://kube.test/"}
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { StrictMode, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { createKubeClient, isKubeApiError, microtask, Pods, type KubeClient, type KubeClientOptions, type ObjectOf, type QuerySnapshot, type Timers } from '@rxkube/core';
import { realTimers } from '@rxkube/core/internal';
import { BASE, createScriptedApi, pod, until } from '../../core/src/test-support/scriptedApi.js';
import { KubeClientProvider, useKubeClient, useWatchResource, useWatchResourceList } from './index.js';

type Pod = ObjectOf<typeof Pods>;

const api = createScriptedApi();
let client: KubeClient;

beforeAll(() => api.server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  cleanup();
  client?.dispose();
  api.endAll();
  api.requests.length = 0;
  api.watches.length = 0;
  vi.restoreAllMocks();
});
afterAll(() => api.server.close());

function newClient(options: KubeClientOptions = {}): KubeClient {
  client = createKubeClient({ baseUrl: BASE, gracePeriodMs: 0, notifySchedule: microtask, ...options });
  return client;
}

/** Lists answer with the pods the request's field selector names (all of `pods` without one). */
function serve(pods: Record<string, unknown>[]) {
  api.setDefaultList((url) => {
    const name = /metadata\.name=(.*)/.exec(url.searchParams.get('fieldSelector') ?? '')?.[1];
    return { items: pods.filter((p) => !name || (p.metadata as { name: string }).name === name), resourceVersion: '100' };
  });
}

const watchOf = (name: string | null) => api.watches.find((w) => (w.request.url.searchParams.get('fieldSelector') ?? null) === (name && `metadata.name=${name}`));

let podRenders = 0;
function PodView({ name }: { name: string | null }) {
  podRenders += 1;
  const { data, status } = useWatchResource<Pod>(name === null ? null : { resource: Pods, namespace: 'default', name });
  return <p data-testid="pod">{data ? `${data.metadata!.name}@${data.metadata!.resourceVersion}` : data === null ? 'absent' : status.phase}</p>;
}

function PodCount({ labels }: { labels?: Record<string, string> }) {
  const { data } = useWatchResourceList<Pod>({ resource: Pods, namespace: 'default', labelSelector: labels });
  return <p data-testid="count">{data ? `${data.length} pods` : 'loading'}</p>;
}

function Orphan() {
  useKubeClient();
  return null;
}

const withClient = (node: ReactNode) => <KubeClientProvider client={client}>{node}</KubeClientProvider>;

describe('useWatchResource', () => {
  it('shows loading on the first render, then the pod', async () => {
    newClient();
    serve([pod('a', '1'), pod('b', '2')]);
    render(withClient(<PodView name="a" />));
    expect(screen.getByTestId('pod').textContent).toBe('loading');
    await waitFor(() => expect(screen.getByTestId('pod').textContent).toBe('a@1'));
  });

  it('re-renders on a live update', async () => {
    newClient();
    serve([pod('a', '1')]);
    render(withClient(<PodView name="a" />));
    await until(() => watchOf('a') !== undefined);
    watchOf('a')!.send({ type: 'MODIFIED', object: pod('a', '7') });
    await waitFor(() => expect(screen.getByTestId('pod').textContent).toBe('a@7'));
    watchOf('a')!.send({ type: 'DELETED', object: pod('a', '8') });
    await waitFor(() => expect(screen.getByTestId('pod').textContent).toBe('absent'));
  });

  it.each([1, 10])('does not re-render a pod view for 1,000 events on other pods in %i chunk(s)', async (chunks) => {
    newClient();
    serve([pod('a', '1')]);
    render(withClient(<><PodView name="a" /><PodCount /></>));
    await waitFor(() => expect(screen.getByTestId('pod').textContent).toBe('a@1'));
    await waitFor(() => expect(screen.getByTestId('count').textContent).toBe('1 pods'));
    await until(() => watchOf(null) !== undefined && watchOf('a') !== undefined);
    const before = podRenders;

    const lines = Array.from({ length: 1000 }, (_, i) => `${JSON.stringify({ type: 'ADDED', object: pod(`other-${i}`, String(200 + i)) })}\n`);
    const size = lines.length / chunks;
    for (let i = 0; i < chunks; i++) watchOf(null)!.sendRaw(lines.slice(i * size, (i + 1) * size).join(''));

    await waitFor(() => expect(screen.getByTestId('count').textContent).toBe('1001 pods'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(podRenders).toBe(before);
    expect(screen.getByTestId('pod').textContent).toBe('a@1');
  });

  it('does not resubscribe when re-rendered with equal params', async () => {
    newClient();
    serve([pod('a', '1')]);
    const observe = vi.spyOn(client, 'observeResourceList');
    const { rerender } = render(withClient(<PodCount labels={{ app: 'web', tier: 'front' }} />));
    await waitFor(() => expect(screen.getByTestId('count').textContent).toBe('1 pods'));
    await until(() => api.watches.length === 1);
    for (let i = 0; i < 5; i++) {
      rerender(withClient(<PodCount labels={i % 2 ? { app: 'web', tier: 'front' } : { tier: 'front', app: 'web' }} />));
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(observe).toHaveBeenCalledTimes(1);
    expect(api.lists()).toHaveLength(1);
    expect(api.watches).toHaveLength(1);
    expect(api.openWatches()).toHaveLength(1);

    rerender(withClient(<PodCount labels={{ app: 'db' }} />));
    await until(() => api.watches.length === 2 && api.openWatches().length === 1);
    expect(api.lists()).toHaveLength(2);
    expect(api.openWatches()[0]!.request.url.searchParams.get('labelSelector')).toBe('app=db');
  });

  it('mounts under StrictMode with exactly one watch open', async () => {
    newClient();
    serve([pod('a', '1')]);
    render(<StrictMode>{withClient(<PodView name="a" />)}</StrictMode>);
    await waitFor(() => expect(screen.getByTestId('pod').textContent).toBe('a@1'));
    await until(() => api.watches.length === 1);
    expect(api.lists()).toHaveLength(1);
    expect(api.openWatches()).toHaveLength(1);
    expect(client.connections()).toMatchObject([{ subscribers: 1, fieldSelector: 'metadata.name=a' }]);
  });

  it('opens nothing from render alone (a render React throws away costs no request)', async () => {
    newClient();
    serve([pod('a', '1')]);
    expect(renderToString(withClient(<><PodView name="a" /><PodCount /></>))).toContain('loading');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(api.requests).toHaveLength(0);
    expect(client.connections()).toEqual([]);
  });

  it('aborts the watch when the grace period after unmount ends', async () => {
    // Real timers, except the grace period's, which the test fires itself.
    const GRACE = 5_000;
    const graceTimers: (() => void)[] = [];
    const timers: Timers = { ...realTimers, setTimeout: (callback, ms) => (ms === GRACE ? graceTimers.push(callback) : realTimers.setTimeout(callback, ms)) };
    newClient({ gracePeriodMs: GRACE, timers });
    serve([pod('a', '1')]);
    const { unmount } = render(withClient(<PodView name="a" />));
    await until(() => api.openWatches().length === 1);
    unmount();
    expect(graceTimers).toHaveLength(1);
    expect(api.openWatches()).toHaveLength(1);
    graceTimers[0]!();
    await until(() => api.openWatches().length === 0);
    expect(client.connections()).toEqual([]);
  });

  it('surfaces a 403 on the list as an error status with a KubeApiError', async () => {
    newClient();
    api.answerNextList(() => Response.json({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403, message: 'pods is forbidden' }, { status: 403 }));
    let seen: QuerySnapshot<Pod | null> | undefined;
    function Probe() {
      seen = useWatchResource<Pod>({ resource: Pods, namespace: 'default', name: 'a' });
      return <p data-testid="pod">{seen.status.phase}</p>;
    }
    render(withClient(<Probe />));
    await waitFor(() => expect(screen.getByTestId('pod').textContent).toBe('error'));
    expect(isKubeApiError(seen!.error)).toBe(true);
    expect(seen!.error).toMatchObject({ code: 403, reason: 'Forbidden' });
    expect(seen!.status.error).toBe(seen!.error);
    expect(seen!.data).toBeUndefined();
  });

  it('opens nothing while params are null, and starts when they arrive', async () => {
    newClient();
    serve([pod('a', '1')]);
    const { rerender } = render(withClient(<PodView name={null} />));
    expect(screen.getByTestId('pod').textContent).toBe('loading');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(api.requests).toHaveLength(0);
    rerender(withClient(<PodView name="a" />));
    await waitFor(() => expect(screen.getByTestId('pod').textContent).toBe('a@1'));
  });
});

describe('useKubeClient', () => {
  it('throws a clear error outside a provider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => render(<Orphan />)).toThrow(/KubeClientProvider/);
  });

  it('returns the provided client', () => {
    newClient();
    let seen: KubeClient | undefined;
    function Reader() {
      seen = useKubeClient();
      return null;
    }
    render(withClient(<Reader />));
    expect(seen).toBe(client);
  });
});
