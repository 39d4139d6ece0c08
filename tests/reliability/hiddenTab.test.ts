/**
 * A hidden tab sleeps: on virtual time, a client whose page is hidden keeps
 * working through the grace period (60 s), then closes its watch stream and
 * stops polling; over the next 10 virtual minutes it makes no request at all
 * (counted in the fake apiserver's request log). Visible again, it resumes the
 * watch from its last resourceVersion and polls at once: a change made while
 * it slept shows, and unchanged objects keep their identity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigMaps, createKubeClient, microtask, Pods, type KubeClient, type KubeObject } from '@rxkube/core';
import { tabSleep, type PageVisibility } from '@rxkube/core/browser';
import { startFakeApiServer, type FakeApiServer } from '@rxkube/testing';
import { report } from './support/summary.js';
import { VirtualClock } from './support/virtualClock.js';
import { until } from '../support/until.js';

/** A page whose visibility the test switches, as `visibilitychange` does in a browser. */
class TestVisibility implements PageVisibility {
  hidden = false;
  private readonly listeners = new Set<() => void>();
  subscribe(listener: () => void) {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
  set(hidden: boolean) {
    this.hidden = hidden;
    for (const listener of this.listeners) listener();
  }
}

const GRACE_MS = 60_000;
const ASLEEP_MS = 10 * 60_000;

let server: FakeApiServer;
let client: KubeClient;
const clock = new VirtualClock();
const visibility = new TestVisibility();

beforeAll(async () => {
  server = await startFakeApiServer({ port: 0, clusters: ['global'], bookmarkIntervalMs: 60_000 });
  for (const name of ['a', 'b', 'c']) server.clusters.global.create(Pods, { metadata: { name, namespace: 'default', labels: { app: 'web' } } });
  server.clusters.global.create(ConfigMaps, { metadata: { name: 'settings', namespace: 'default' }, data: { mode: 'one' } });
  // One stream: the pods watch; the config maps poll over the budget, so both transports are counted.
  client = createKubeClient({ baseUrl: server.url, timers: clock, environment: tabSleep({ visibility, hiddenTabGraceMs: GRACE_MS }), maxWatchStreams: 1, pollInterval: 10_000, notifySchedule: microtask, gracePeriodMs: 0 });
});
afterAll(async () => {
  client.dispose();
  await server.close();
});

/** Moves the virtual clock in one-second steps, so that polls and their answers interleave as they would. */
async function pass(ms: number) {
  for (let step = 0; step < ms; step += 1_000) await clock.advance(1_000);
}

describe('a hidden tab', () => {
  it('makes no request after the grace period, and catches up as a diff when visible again', async () => {
    const pods = client.observeResourceList<KubeObject>({ resource: Pods, namespace: 'default' });
    const maps = client.observeResourceList<KubeObject>({ resource: ConfigMaps, namespace: 'default' });
    pods.subscribe(() => undefined);
    maps.subscribe(() => undefined);
    await until(() => pods.getSnapshot().status.freshness === 'live' && maps.getSnapshot().status.freshness === 'polling', 5_000);
    await until(() => server.requests.openWatches() === 1, 5_000);

    visibility.set(true);
    const hiddenAt = server.requests.count();
    await pass(GRACE_MS - 1_000);
    expect(server.requests.openWatches()).toBe(1);
    await pass(1_000);
    // The stream closed at the server: a positive signal that the client let go.
    await server.requests.waitFor((log) => log.openWatches() === 0);
    const asleepAt = server.requests.count();
    expect(pods.getSnapshot().status).toMatchObject({ freshness: 'paused', since: clock.now() });
    expect(maps.getSnapshot().status.freshness).toBe('paused');

    const before = pods.getSnapshot().data!;
    const lastVersion = server.clusters.global.resourceVersion;
    const b = server.clusters.global.get<KubeObject>(Pods, { namespace: 'default', name: 'b' })!;
    server.clusters.global.update(Pods, { ...b, metadata: { ...b.metadata, labels: { app: 'api' } } });
    server.clusters.global.patch(ConfigMaps, 'default/settings', { data: { mode: 'two' } });
    await pass(ASLEEP_MS);
    const asleepRequests = server.requests.count() - asleepAt;

    visibility.set(false);
    await until(() => pods.getSnapshot().data?.find((p) => p.metadata?.name === 'b')?.metadata?.labels?.app === 'api', 5_000);
    await until(() => (maps.getSnapshot().data?.[0] as { data?: { mode?: string } } | undefined)?.data?.mode === 'two', 5_000);
    const [resumedWatch] = server.requests.all({ watch: true }).slice(-1);
    expect(resumedWatch?.query.resourceVersion).toBe(String(lastVersion));
    const after = pods.getSnapshot().data!;
    expect(after.find((p) => p.metadata?.name === 'a')).toBe(before.find((p) => p.metadata?.name === 'a'));
    expect(after.find((p) => p.metadata?.name === 'c')).toBe(before.find((p) => p.metadata?.name === 'c'));
    expect(pods.getSnapshot().status.freshness).toBe('live');

    expect(asleepRequests).toBe(0);
    report('hidden-tab', { graceRequests: asleepAt - hiddenAt, asleepMinutes: ASLEEP_MS / 60_000, requestsAfterGrace: asleepRequests });
  });
});
