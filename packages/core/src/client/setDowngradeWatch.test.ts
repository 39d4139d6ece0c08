/**
 * Switching downgradeWatch at runtime: queries that asked for
 * downgradePolling move between streaming and polling under the same key,
 * keeping their data (no empty emission, unchanged objects identical); the
 * others keep their watch. Against @rxkube/testing's fake apiserver.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeApiServer, type FakeApiServer } from '@rxkube/testing';
import type { ObjectOf } from '../resources/resourceType.js';
import { microtask } from '../cache/schedule.js';
import { Pods } from '../resources/builtins.js';
import { until } from '../../../../tests/support/until.js';
import { createKubeClient, type KubeClient } from './createKubeClient.js';

let server: FakeApiServer;
let client: KubeClient;

beforeEach(async () => {
  server = await startFakeApiServer({ port: 0, seed: 6 });
  for (const [namespace, name] of [['default', 'a'], ['default', 'b'], ['other', 'x']] as const) {
    server.clusters.global.create('pods', { metadata: { name, namespace }, spec: { containers: [{ name: 'c', image: 'x' }] } });
  }
});
afterEach(async () => {
  client.dispose();
  await server.close();
});

type Pod = ObjectOf<typeof Pods>;

const setPhase = (namespace: string, name: string, phase: string) => {
  const pod = server.clusters.global.get<Pod>('pods', `${namespace}/${name}`);
  server.clusters.global.updateStatus('pods', { ...pod, status: { phase } });
};
const byName = (pods: readonly Pod[], name: string) => pods.find((pod) => pod.metadata?.name === name);

describe('setDowngradeWatch', () => {
  it('moves the queries that asked for downgradePolling to polling and back, keeping their data; others keep their watch', async () => {
    client = createKubeClient({ baseUrl: server.url, notifySchedule: microtask, gracePeriodMs: 0 });
    const polled: (readonly Pod[])[] = [];
    client.watchResourceList({ resource: Pods, namespace: 'default', downgradePolling: { interval: 30 } }).subscribe((pods) => polled.push(pods));
    const observer = client.observeResourceList({ resource: Pods, namespace: 'default', downgradePolling: { interval: 30 } });
    const stopObserving = observer.subscribe(() => undefined);
    const streamed: (readonly Pod[])[] = [];
    client.watchResourceList({ resource: Pods, namespace: 'other' }).subscribe((pods) => streamed.push(pods));
    await until(() => polled.length === 1 && streamed.length === 1 && server.requests.openWatches() === 2);
    const [otherWatch] = server.requests.all({ watch: true, namespace: 'other' });
    const before = observer.getSnapshot();

    client.setDowngradeWatch(true);
    expect(observer.getSnapshot().data).toBe(before.data); // no blank while the first poll is out
    await server.requests.waitFor((log) => log.openWatches({ namespace: 'default' }) === 0 && log.count({ verb: 'list', namespace: 'default' }) >= 3);
    expect(client.connections().map((c) => [c.namespace, c.transport])).toEqual([['default', 'poll'], ['other', 'stream']]);
    expect(observer.getSnapshot().status).toMatchObject({ phase: 'polling', transport: 'poll' });

    setPhase('default', 'b', 'Running');
    await until(() => polled.length === 2);
    expect(byName(polled[1]!, 'a')).toBe(byName(polled[0]!, 'a'));
    expect(byName(polled[1]!, 'b')?.status?.phase).toBe('Running');
    expect(server.requests.count({ watch: true, namespace: 'default' })).toBe(1); // the first watch only

    client.setDowngradeWatch(false);
    await server.requests.waitFor((log) => log.openWatches({ namespace: 'default' }) === 1);
    expect(client.connections().map((c) => [c.namespace, c.transport])).toEqual([['default', 'stream'], ['other', 'stream']]);
    setPhase('default', 'a', 'Running');
    await until(() => polled.length === 3);
    expect(byName(polled[2]!, 'b')).toBe(byName(polled[1]!, 'b'));
    expect(byName(polled[2]!, 'a')?.status?.phase).toBe('Running');
    expect(polled.every((pods) => pods.length === 2)).toBe(true);
    await until(() => observer.getSnapshot().status.phase === 'ready');

    // The query that never asked for polling kept its one watch through both switches.
    expect(server.requests.all({ watch: true, namespace: 'other' })).toEqual([otherWatch]);
    expect(otherWatch!.closedAt).toBeUndefined();
    expect(streamed).toHaveLength(1);
    stopObserving();
  });

  it('gives a query switched back to streaming a stream only within maxWatchStreams', async () => {
    client = createKubeClient({ baseUrl: server.url, notifySchedule: microtask, gracePeriodMs: 0, downgradeWatch: true, maxWatchStreams: 1, pollInterval: 30 });
    client.watchResourceList({ resource: Pods, namespace: 'default', downgradePolling: true }).subscribe();
    client.watchResourceList({ resource: Pods, namespace: 'other', downgradePolling: true }).subscribe();
    await server.requests.waitFor((log) => log.count({ verb: 'list', namespace: 'other' }) >= 2);
    expect(server.requests.count({ watch: true })).toBe(0);

    client.setDowngradeWatch(false);
    await server.requests.waitFor((log) => log.openWatches() === 1);
    expect(client.connections().map((c) => [c.namespace, c.transport])).toEqual([['default', 'stream'], ['other', 'poll']]);
  });
});
