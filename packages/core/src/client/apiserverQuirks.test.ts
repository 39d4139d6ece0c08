/**
 * What real apiservers and browsers do that a well-behaved server does not,
 * against @rxkube/testing's fake apiserver over real HTTP: continue tokens
 * that expire under churn, stale versions answered with empty streams instead
 * of 410, throttled lists, and streaming lists that cannot be trusted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeApiServer, type FakeApiServer } from '@rxkube/testing';
import type { Timers } from '../clock.js';
import { realTimers } from '../clock.js';
import { Pods } from '../resources/builtins.js';
import type { QueryStatus } from '../status/queryStatus.js';
import { until } from '../../../../tests/support/until.js';
import { createKubeClient, type KubeClient } from './createKubeClient.js';
import type { KubeClientOptions } from './options.js';
import { fakeClientOptions } from '../../test/fakeClientOptions.js';

let server: FakeApiServer;
let client: KubeClient;

beforeEach(async () => {
  server = await startFakeApiServer({ port: 0, clusters: ['calico3'] });
});
afterEach(async () => {
  client.dispose();
  await server.close();
});

function connect(options: KubeClientOptions = {}): KubeClient {
  client = createKubeClient({ ...fakeClientOptions(server), ...options });
  return client;
}

const podNamed = (name: string, namespace = 'default') => ({ metadata: { name, namespace }, spec: { containers: [{ name: 'c', image: 'x' }] } });

function createPods(count: number, cluster = server.clusters.global): void {
  for (let i = 0; i < count; i++) cluster.create('pods', podNamed(`pod-${String(i).padStart(3, '0')}`));
}

/** Every request goes through `wrap` after the fake answered it. */
function wrappedFetch(wrap: (url: URL, response: Response) => Response): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    return wrap(url, response);
  };
}

/** Every status the query went through, in order. */
function statuses(observe: () => { snapshots(): { subscribe(next: (s: { status: QueryStatus; data: unknown }) => void): unknown } }) {
  const seen: { status: QueryStatus; data: unknown }[] = [];
  observe().snapshots().subscribe((snapshot) => seen.push(snapshot));
  return seen;
}

describe('a paged list that outlives its continue token (issue 11.5)', () => {
  it('lists once in full after the token expires, where paging could never finish under churn', async () => {
    createPods(12);
    const cluster = server.clusters.global;
    let churned = 0;
    // After every page: one more pod, then a compaction, so that every continue token is already expired when used.
    const fetch = wrappedFetch((url, response) => {
      if (url.searchParams.has('limit') && url.searchParams.get('watch') !== 'true') {
        cluster.create('pods', podNamed(`churn-${churned++}`));
        server.faults.compact();
      }
      return response;
    });
    const lists: number[] = [];
    connect({ fetch, listPageSize: 5 }).watchResourceList({ resource: Pods, namespace: 'default' }).subscribe((pods) => lists.push(pods.length));
    await until(() => lists.length === 1);
    const requests = server.requests.all({ resource: 'pods', watch: false });
    expect(requests.map((r) => [r.query.limit, r.status])).toEqual([
      ['5', 200],
      ['5', 410],
      [undefined, 200],
    ]);
    expect(lists).toEqual([12 + churned]);
  });

  it('does the same for a one-shot listResources', async () => {
    createPods(12);
    const fetch = wrappedFetch((url, response) => {
      if (url.searchParams.has('limit')) {
        server.clusters.global.create('pods', podNamed(url.searchParams.has('continue') ? 'churn-next' : 'churn-first'));
        server.faults.compact();
      }
      return response;
    });
    const { items } = await connect({ fetch, listPageSize: 5 }).listResources({ resource: Pods, namespace: 'default' });
    expect(items).toHaveLength(14); // 12, and one pod after each of the two pages
    expect(server.requests.all({ resource: 'pods' }).map((r) => [r.query.limit, r.status])).toEqual([
      ['5', 200],
      ['5', 410],
      [undefined, 200],
    ]);
  });
});

describe('a stale version answered with empty streams instead of 410 (issue 11.3)', () => {
  it('relists after three short empty streams from the same version, with a notice, and recovers', async () => {
    createPods(2);
    const rule = server.faults.inject({ kind: 'endWatchAfter', events: 0 }, { watch: true, times: 3 });
    const seen = statuses(() => connect().observeResourceList({ resource: Pods, namespace: 'default' }));
    await until(() => server.requests.count({ resource: 'pods', watch: false }) === 2 && server.requests.openWatches() === 1);
    const watches = server.requests.all({ resource: 'pods', watch: true });
    const listedAt = server.requests.all({ resource: 'pods', watch: false })[0]!.query.resourceVersion;
    expect(listedAt).toBeUndefined();
    expect(watches.slice(0, 3).map((w) => w.query.resourceVersion)).toEqual(Array(3).fill(watches[0]!.query.resourceVersion));
    expect(rule.hits).toBe(3);
    const relisting = seen.find((s) => s.status.notice?.reason === 'EmptyWatchRelist');
    expect(relisting?.status.phase).toBe('reconnecting');
    expect(relisting?.data).toHaveLength(2);
    await until(() => seen.at(-1)!.status.phase === 'ready');
    expect(seen.at(-1)!.status.notice).toBeUndefined();
  });
});

describe('a compacted version answered with empty streams instead of 410 (issue 11.3, the fake in that mode)', () => {
  it('relists from the current version after three such streams, and shows every change made meanwhile', async () => {
    createPods(2);
    // Watch requests wait at this gate while it is closed: the changes below happen while the query is not watching.
    let gate: Promise<void> | undefined;
    // oxlint-disable-next-line unicorn/consistent-function-scoping -- reassigned below to the gate's resolve
    let open: () => void = () => undefined;
    const gated: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (gate && url.searchParams.get('watch') === 'true') await gate;
      return fetch(input, init);
    };
    const seen = statuses(() => connect({ fetch: gated }).observeResourceList({ resource: Pods, namespace: 'default' }));
    await until(() => seen.at(-1)?.status.phase === 'ready' && server.requests.openWatches() === 1);
    server.faults.inject({ kind: 'silentCloseWhenExpired' }, { resource: 'pods', times: 'always' });
    gate = new Promise((resolve) => (open = resolve));
    server.faults.restart(); // ends the watch; its resumption waits at the gate
    server.clusters.global.delete('pods', 'default/pod-000');
    server.clusters.global.create('pods', podNamed('pod-new'));
    server.faults.compact(); // the query's version is now older than the history
    gate = undefined;
    open();
    await until(() => seen.some((snapshot) => snapshot.status.notice?.reason === 'EmptyWatchRelist'));
    await until(() => seen.at(-1)?.status.phase === 'ready' && server.requests.openWatches() === 1);
    const names = (seen.at(-1)!.data as { metadata: { name: string } }[]).map((pod) => pod.metadata.name);
    expect(names).toEqual(['pod-001', 'pod-new']);
    const emptyStreams = server.requests.all({ resource: 'pods', watch: true }).filter((request) => request.status === 200 && request.closedAt !== undefined);
    expect(emptyStreams.length).toBeGreaterThanOrEqual(3);
  });
});

describe('a throttled list (issue 11.4)', () => {
  it.each([
    ['with a Status body', { kind: 'tooManyRequests', retryAfterSeconds: 3 }],
    ['in plain text, as API Priority and Fairness answers', { kind: 'throttled', retryAfterSeconds: 3 }],
  ] as const)('waits at least Retry-After, keeps the last data with a Throttled status, and recovers: 429 %s', async (_, fault) => {
    createPods(3);
    // Waits of a second or more are held until the test lets them go; shorter ones (the backoff here) run.
    const held: { ms: number; run: () => void }[] = [];
    const timers: Timers = {
      ...realTimers,
      setTimeout: (callback, ms) => {
        if (ms < 1_000 || ms >= 60_000) return realTimers.setTimeout(callback, ms);
        const wait = { ms, run: callback };
        held.push(wait);
        return wait;
      },
      clearTimeout: (handle) => (held.includes(handle as (typeof held)[number]) ? held.splice(held.indexOf(handle as (typeof held)[number]), 1) : realTimers.clearTimeout(handle)),
    };
    const seen = statuses(() => connect({ timers }).observeResourceList({ resource: Pods, namespace: 'default' }));
    await until(() => seen.at(-1)?.status.phase === 'ready' && server.requests.openWatches() === 1);
    server.faults.inject(fault, { verb: 'list' });
    server.faults.inject({ kind: 'gone' }, { watch: true });
    server.faults.restart(); // the watch ends; resuming it gets 410; the relist gets 429
    await until(() => seen.at(-1)?.status.notice?.reason === 'Throttled');
    expect(seen.at(-1)!.status.phase).toBe('reconnecting');
    expect(seen.at(-1)!.data).toHaveLength(3);
    expect(held.map((wait) => wait.ms)).toEqual([3_000]);
    const listsBefore = server.requests.count({ resource: 'pods', watch: false });
    expect(server.requests.all({ resource: 'pods', watch: false }).at(-1)!.status).toBe(429);
    held.shift()!.run();
    await until(() => seen.at(-1)?.status.phase === 'ready');
    expect(server.requests.count({ resource: 'pods', watch: false })).toBe(listsBefore + 1);
    expect(seen.at(-1)!.status.notice).toBeUndefined();
  });
});

describe('streaming lists that cannot be trusted (issue 11.2)', () => {
  const gzipped = wrappedFetch((url, response) => {
    if (url.searchParams.get('sendInitialEvents') !== 'true') return response;
    // What a 1.37 server sends a browser: the same events, declared gzip-compressed.
    const headers = new Headers(response.headers);
    headers.set('content-encoding', 'gzip');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  });

  it('falls back to list+watch for the whole cluster when the streaming list comes gzip-compressed, and says so', async () => {
    createPods(2);
    createPods(1, server.clusters.get('calico3'));
    const c = connect({ fetch: gzipped, streamingLists: true });
    const seen = statuses(() => c.observeResourceList({ resource: Pods, namespace: 'default' }));
    await until(() => seen.at(-1)?.status.phase === 'ready' && server.requests.openWatches() === 1);
    expect(seen.at(-1)!.data).toHaveLength(2);
    expect(seen.at(-1)!.status.notice).toMatchObject({ reason: 'StreamingListFallback', message: expect.stringContaining('gzip') });
    expect(seen.some((s) => s.status.phase === 'ready' && s.status.notice === undefined)).toBe(false);
    expect(server.requests.all({ watch: true, cluster: 'global' }).map((r) => r.query.sendInitialEvents)).toEqual(['true', undefined]);

    // Another query of the same cluster lists at once; another cluster still streams its list.
    const other = statuses(() => c.observeResourceList({ resource: Pods, namespace: 'kube-system' }));
    const elsewhere = statuses(() => c.observeResourceList({ cluster: 'calico3', resource: Pods, namespace: 'default' }));
    await until(() => other.at(-1)?.status.phase === 'ready' && elsewhere.at(-1)?.status.phase === 'ready' && server.requests.openWatches() === 3);
    expect(other.at(-1)!.status.notice?.reason).toBe('StreamingListFallback');
    expect(server.requests.all({ watch: true, cluster: 'global' }).filter((r) => r.query.sendInitialEvents === 'true')).toHaveLength(1);
    expect(server.requests.all({ watch: true, cluster: 'calico3' })[0]!.query.sendInitialEvents).toBe('true');
    expect(c.connections().find((info) => info.namespace === 'kube-system')?.notice?.reason).toBe('StreamingListFallback');
  });

  it('never shows a streaming list that ended before its initial-events-end bookmark', async () => {
    createPods(3);
    server.faults.inject({ kind: 'endWatchAfter', events: 1 }, { watch: true });
    const seen = statuses(() => connect({ streamingLists: true }).observeResourceList({ resource: Pods, namespace: 'default' }));
    await until(() => seen.at(-1)?.status.phase === 'ready');
    expect(seen.filter((s) => s.data !== undefined).map((s) => (s.data as unknown[]).length)).toEqual([3]);
    expect(seen.at(-1)!.status.notice?.reason).toBe('StreamingListFallback');
    expect(server.requests.count({ resource: 'pods', watch: false })).toBe(1);
  });
});
