// @vitest-environment-options {"url": "http://kube.test/"}
// The hooks against @rxkube/testing's fake apiserver, served by msw inside
// happy-dom (the page's fetch is happy-dom's; msw answers it in process).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { StrictMode, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createKubeClient, isKubeApiError, microtask, Pods, type KubeClient, type KubeClientOptions, type ObjectOf, type QuerySnapshot, type Timers } from '@rxkube/core';
import { realTimers } from '@rxkube/core/internal';
import { createFakeApiHandlers, type FakeApiHandlers } from '@rxkube/testing/msw';
import { fakePods } from '../../../tests/support/fakePods.js';
import { until } from '../../../tests/support/until.js';
import { KubeClientProvider, useKubeClient, useWatchResource, useWatchResourceList, useWatchResourceTable } from './index.js';

type Pod = ObjectOf<typeof Pods>;

const BASE = 'http://kube.test';
const msw = setupServer();
let fake: FakeApiHandlers;
let client: KubeClient;

beforeAll(() => msw.listen({ onUnhandledFrame: 'error' }));
beforeEach(() => {
  fake = createFakeApiHandlers({ baseUrl: BASE });
  msw.resetHandlers(...fake.handlers);
});
afterEach(() => {
  cleanup();
  client?.dispose();
  fake.dispose();
  vi.restoreAllMocks();
});
afterAll(() => msw.close());

function newClient(options: KubeClientOptions = {}): KubeClient {
  client = createKubeClient({ baseUrl: BASE, gracePeriodMs: 0, notifySchedule: microtask, ...options });
  return client;
}

const { pods, serve, requests } = fakePods(() => fake);
const fieldSelectorOf = (name: string | null) => (name === null ? undefined : `metadata.name=${name}`);
/** The pod watches opened so far for one object (a name) or for the whole collection (null). */
const watchesOf = (name: string | null) => requests({ watch: true }).filter((r) => r.query.fieldSelector === fieldSelectorOf(name));

let podRenders = 0;
function PodView({ name }: { name: string | null }) {
  podRenders += 1;
  const { data, status } = useWatchResource<Pod>(name === null ? null : { resource: Pods, namespace: 'default', name });
  return <p data-testid={`pod-${name}`}>{data ? `${data.metadata!.name}@${data.metadata!.resourceVersion}` : data === null ? 'absent' : status.phase}</p>;
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
const text = (testId: string) => screen.getByTestId(testId).textContent;

describe('useWatchResource', () => {
  it('shows loading on the first render, then the pod', async () => {
    newClient();
    const rv = serve('a', 'b');
    render(withClient(<PodView name="a" />));
    expect(text('pod-a')).toBe('loading');
    await waitFor(() => expect(text('pod-a')).toBe(`a@${rv.a}`));
  });

  it('re-renders on a live update', async () => {
    newClient();
    const rv = serve('a');
    render(withClient(<PodView name="a" />));
    await waitFor(() => expect(text('pod-a')).toBe(`a@${rv.a}`));
    await until(() => watchesOf('a').length === 1);
    const updated = pods().update<Pod>('pods', { metadata: { name: 'a', namespace: 'default', labels: { app: 'web', tier: 'front' } } });
    await waitFor(() => expect(text('pod-a')).toBe(`a@${updated.metadata!.resourceVersion}`));
    pods().delete('pods', 'default/a');
    await waitFor(() => expect(text('pod-a')).toBe('absent'));
  });

  it('does not re-render a pod view for 1,000 events on other pods', async () => {
    newClient();
    const rv = serve('a');
    render(withClient(<><PodView name="a" /><PodCount /></>));
    await waitFor(() => expect(text('pod-a')).toBe(`a@${rv.a}`));
    await waitFor(() => expect(text('count')).toBe('1 pods'));
    await until(() => watchesOf(null).length === 1 && watchesOf('a').length === 1);
    const before = podRenders;

    serve(...Array.from({ length: 1000 }, (_, i) => `other-${i}`));
    // Generous: a busy machine takes seconds over the 1,000 creations.
    await waitFor(() => expect(text('count')).toBe('1001 pods'), { timeout: 20_000 });
    // The later positive signal: a change of pod a, after all the others, renders the view exactly once more.
    const updated = pods().update<Pod>('pods', { metadata: { name: 'a', namespace: 'default', labels: { app: 'web', tier: 'front' } } });
    await waitFor(() => expect(text('pod-a')).toBe(`a@${updated.metadata!.resourceVersion}`));
    expect(podRenders).toBe(before + 1);
  });

  it('does not resubscribe when re-rendered with equal params', async () => {
    newClient();
    serve('a');
    const observe = vi.spyOn(client, 'observeResourceList');
    const { rerender } = render(withClient(<PodCount labels={{ app: 'web', tier: 'front' }} />));
    await waitFor(() => expect(text('count')).toBe('0 pods'));
    await until(() => requests({ watch: true }).length === 1);
    for (let i = 0; i < 5; i++) {
      rerender(withClient(<PodCount labels={i % 2 ? { app: 'web', tier: 'front' } : { tier: 'front', app: 'web' }} />));
    }
    expect(observe).toHaveBeenCalledTimes(1);

    rerender(withClient(<PodCount labels={{ app: 'db' }} />));
    await until(() => requests({ watch: true, open: true }).length === 1 && requests({ watch: true, open: true })[0]!.query.labelSelector === 'app=db');
    // Exactly one list and one watch per distinct question: the equal re-renders asked for nothing.
    expect(requests({ watch: false }).map((r) => r.query.labelSelector)).toEqual(['app=web,tier=front', 'app=db']);
    expect(requests({ watch: true }).map((r) => r.query.labelSelector)).toEqual(['app=web,tier=front', 'app=db']);
  });

  it('mounts under StrictMode with exactly one watch open', async () => {
    newClient();
    const rv = serve('a');
    render(<StrictMode>{withClient(<PodView name="a" />)}</StrictMode>);
    await waitFor(() => expect(text('pod-a')).toBe(`a@${rv.a}`));
    await until(() => requests({ watch: true }).length === 1);
    expect(requests({ watch: false })).toHaveLength(1);
    expect(requests({ watch: true, open: true })).toHaveLength(1);
    expect(client.connections()).toMatchObject([{ subscribers: 1, fieldSelector: 'metadata.name=a' }]);
  });

  it('opens nothing from render alone (a render React throws away costs no request)', async () => {
    newClient();
    const rv = serve('a', 'b');
    expect(renderToString(withClient(<><PodView name="a" /><PodCount /></>))).toContain('loading');
    // The later positive signal: a mounted view's requests arrive, and they are the only ones.
    render(withClient(<PodView name="b" />));
    await waitFor(() => expect(text('pod-b')).toBe(`b@${rv.b}`));
    expect(requests().map((r) => r.query.fieldSelector)).toEqual(['metadata.name=b', 'metadata.name=b']);
    expect(client.connections()).toMatchObject([{ fieldSelector: 'metadata.name=b' }]);
  });

  it('aborts the watch when the grace period after unmount ends', async () => {
    // Real timers, except the grace period's, which the test fires itself.
    const GRACE = 5_000;
    const graceTimers: (() => void)[] = [];
    const timers: Timers = { ...realTimers, setTimeout: (callback, ms) => (ms === GRACE ? graceTimers.push(callback) : realTimers.setTimeout(callback, ms)) };
    newClient({ gracePeriodMs: GRACE, timers });
    serve('a');
    const { unmount } = render(withClient(<PodView name="a" />));
    await until(() => requests({ watch: true, open: true }).length === 1);
    unmount();
    expect(graceTimers).toHaveLength(1);
    expect(requests({ watch: true, open: true })).toHaveLength(1);
    graceTimers[0]!();
    await until(() => requests({ watch: true, open: true }).length === 0);
    expect(client.connections()).toEqual([]);
  });

  it('surfaces a 403 on the list as an error status with a KubeApiError', async () => {
    newClient();
    msw.use(http.get(`${BASE}/api/v1/namespaces/default/pods`, () => HttpResponse.json({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403, message: 'pods is forbidden' }, { status: 403 }), { once: true }));
    let seen: QuerySnapshot<Pod | null> | undefined;
    function Probe() {
      seen = useWatchResource<Pod>({ resource: Pods, namespace: 'default', name: 'a' });
      return <p data-testid="probe">{seen.status.phase}</p>;
    }
    render(withClient(<Probe />));
    await waitFor(() => expect(text('probe')).toBe('error'));
    expect(isKubeApiError(seen!.error)).toBe(true);
    expect(seen!.error).toMatchObject({ code: 403, reason: 'Forbidden' });
    expect(seen!.status.error).toBe(seen!.error);
    expect(seen!.data).toBeUndefined();
  });

  it('opens nothing while params are null, and starts when they arrive', async () => {
    newClient();
    const rv = serve('a');
    const { rerender } = render(withClient(<PodView name={null} />));
    expect(text('pod-null')).toBe('loading');
    rerender(withClient(<PodView name="a" />));
    await waitFor(() => expect(text('pod-a')).toBe(`a@${rv.a}`));
    // The later positive signal: pod a's list and watch are the first and only requests.
    expect(requests().map((r) => r.query.fieldSelector)).toEqual(['metadata.name=a', 'metadata.name=a']);
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

function PodTable() {
  const { data } = useWatchResourceTable({ resource: Pods, namespace: 'default' });
  if (!data) return <p data-testid="table">loading</p>;
  const head = data.columns.filter((c) => c.priority === 0).map((c) => c.name).join(' ');
  return <p data-testid="table">{[head, ...data.rows.map((row) => `${row.key}:${String(row.cells[2])}`)].join(' | ')}</p>;
}

describe('useWatchResourceTable', () => {
  it("renders the server's columns and a row per pod, updated by the Table watch", async () => {
    serve('a', 'b');
    render(
      <KubeClientProvider client={newClient()}>
        <PodTable />
      </KubeClientProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('table').textContent).toBe('Name Ready Status Restarts Age | default/a:Pending | default/b:Pending'));
    expect(requests({ watch: true })).toHaveLength(1);
    const pod = pods().get<Pod>('pods', 'default/b');
    pods().updateStatus('pods', { ...pod, status: { phase: 'Running' } });
    await waitFor(() => expect(screen.getByTestId('table').textContent).toBe('Name Ready Status Restarts Age | default/a:Pending | default/b:Running'));
  });
});
