/**
 * Freshness against @rxkube/testing's fake apiserver over real HTTP: a silent
 * stream is marked stale and watched again; a buffering proxy sends the
 * cluster to polling, with the notice, and a probe later streams again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeApiServer, type FakeApiServer } from '@rxkube/testing';
import { proxyBuffering } from '../browser/proxyBuffering.js';
import { Pods } from '../resources/builtins.js';
import { until } from '../../../../tests/support/until.js';
import { createKubeClient, type KubeClient } from './createKubeClient.js';
import type { KubeClientOptions } from './options.js';
import type { QueryStatus } from '../status/queryStatus.js';
import { fakeClientOptions } from '../../test/fakeClientOptions.js';

let running: FakeApiServer | undefined;
let client: KubeClient | undefined;

afterEach(async () => {
  client?.dispose();
  await running?.close();
  running = client = undefined;
});

async function start(bookmarkIntervalMs: number, options: KubeClientOptions) {
  const server = await startFakeApiServer({ port: 0, clusters: ['global'], bookmarkIntervalMs });
  running = server;
  server.clusters.global.create(Pods, { metadata: { name: 'a', namespace: 'default' } });
  client = createKubeClient({ ...fakeClientOptions(server), ...options });
  const statuses: QueryStatus[] = [];
  const observer = client.observeResourceList({ resource: Pods, namespace: 'default' });
  observer.snapshots().subscribe((snapshot) => statuses.push(snapshot.status));
  return { server, client, observer, statuses };
}

describe('freshness against the fake apiserver', () => {
  it('marks a stream that sends nothing for two bookmark intervals stale, and watches again from its version', async () => {
    // The server sends no bookmark in this test's lifetime; the client expects one every 150 ms.
    const { server, statuses } = await start(600_000, { bookmarkIntervalMs: 150 });
    await until(() => server.requests.count({ watch: true }) >= 2);
    const [first, second] = server.requests.all({ watch: true });
    expect(second!.query.resourceVersion).toBe(first!.query.resourceVersion);
    await until(() => first!.closedAt !== undefined);
    expect(statuses.map((s) => s.freshness)).toEqual(expect.arrayContaining(['resyncing', 'live', 'stale']));
    expect(statuses.find((s) => s.freshness === 'stale')?.error?.reason).toBe('Timeout');
  });

  it('stays live, with one status object, while events and bookmarks flow; their time is read from lastEventAt', async () => {
    const { server, observer, statuses } = await start(50, {});
    await until(() => statuses.at(-1)?.freshness === 'live');
    const live = statuses.at(-1);
    const before = observer.lastEventAt() ?? 0;
    server.clusters.global.create(Pods, { metadata: { name: 'b', namespace: 'default' } });
    await until(() => (observer.getSnapshot().data?.length ?? 0) === 2);
    await until(() => (observer.lastEventAt() ?? 0) > before);
    expect(observer.getSnapshot().status).toBe(live);
    expect(client!.connections()[0]).toMatchObject({ freshness: 'live', since: live!.since, lastEventAt: observer.lastEventAt() });
  });

  it('detects a buffering proxy at the end of the first watch, polls with the notice, and streams again after the probe', async () => {
    // Watches of 1 s; the client allows 800 ms without a bookmark (the fake sends one every 100 ms), so a
    // stream whose first bytes come with its end, after a second, went through a buffering proxy.
    const { server, statuses } = await start(100, { watchTimeoutSeconds: 1, bookmarkIntervalMs: 800, environment: proxyBuffering({ bufferingProbeMs: 1_500 }), pollInterval: 200 });
    const rule = server.faults.inject({ kind: 'bufferingProxy' }, { watch: true, times: 'always' });
    await until(() => statuses.at(-1)?.transport === 'poll' && statuses.at(-1)?.phase === 'polling', 10_000);
    expect(statuses.at(-1)).toMatchObject({ freshness: 'polling', notice: { reason: 'BufferingProxy' } });
    const firstWatch = server.requests.all({ watch: true })[0]!;
    const detectedAfter = Date.now() - firstWatch.openedAt;
    console.log(`buffering proxy: detected ${detectedAfter} ms after the first watch opened (watchTimeoutSeconds: 1)`);
    expect(server.requests.count({ watch: true })).toBe(1);
    await until(() => server.requests.count({ verb: 'list' }) >= 3);

    server.faults.remove(rule.id);
    await until(() => server.requests.openWatches() === 1, 10_000);
    await until(() => statuses.at(-1)?.transport === 'stream' && statuses.at(-1)?.freshness === 'live');
    expect(statuses.at(-1)?.notice).toBeUndefined();
  });
});
