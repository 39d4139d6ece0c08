/**
 * Single objects served by a list query that is already open, against the
 * fake apiserver: no connection of their own while the list runs, a watch of
 * their own without a gap or a repeat once it ends.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeApiServer, type FakeApiServer } from '@rxkube/testing';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { microtask } from '../cache/schedule.js';
import { Pods } from '../resources/builtins.js';
import { until } from '../../../../tests/support/until.js';
import { createKubeClient, type KubeClient } from './createKubeClient.js';

let server: FakeApiServer;
let client: KubeClient;

const pod = (name: string, image = 'v1') => ({ metadata: { name, namespace: 'testhl' }, spec: { containers: [{ name: 'c', image }] } });
const imageOf = (p: Pod | null) => (p ? (p.spec?.containers[0]?.image ?? '?') : null);

beforeEach(async () => {
  server = await startFakeApiServer({ port: 0, clusters: [], bookmarkIntervalMs: 50, seed: 3 });
  for (const name of ['a', 'b', 'c']) server.clusters.global.create('pods', pod(name));
  client = createKubeClient({ baseUrl: server.url, notifySchedule: microtask, gracePeriodMs: 0 });
});
afterEach(async () => {
  client.dispose();
  await server.close();
});

const update = (name: string, image: string) => {
  const current = server.clusters.global.get<Pod>('pods', `testhl/${name}`);
  server.clusters.global.update('pods', { ...current, spec: { containers: [{ name: 'c', image }] } });
};
const nameRequests = (name: string) => server.requests.all().filter((r) => r.query['fieldSelector'] === `metadata.name=${name}`);
const ownWatches = (name: string) => nameRequests(name).filter((r) => r.query['watch'] === 'true');

describe('a single object covered by an open list query', () => {
  it('opens no connection of its own and follows only its object', async () => {
    const lists: (readonly Pod[])[] = [];
    const list = client.watchResourceList({ resource: Pods, namespace: 'testhl' }).subscribe((pods) => lists.push(pods));
    await until(() => lists.length === 1);
    const seen: (string | null)[] = [];
    const one = client.watchResource({ resource: Pods, namespace: 'testhl', name: 'b' }).subscribe((p) => seen.push(imageOf(p)));
    let notifications = 0;
    const stopCounting = client.observeResource({ resource: Pods, namespace: 'testhl', name: 'b' }).subscribe(() => (notifications += 1));
    expect(seen).toEqual(['v1']);
    update('a', 'v2');
    update('c', 'v2');
    update('b', 'v3');
    await until(() => lists.at(-1)?.every((p) => p.spec?.containers[0]?.image !== 'v1') === true);
    expect(seen).toEqual(['v1', 'v3']);
    expect(notifications).toBe(1);
    server.clusters.global.delete('pods', 'testhl/b');
    await until(() => seen.length === 3);
    expect(seen).toEqual(['v1', 'v3', null]);
    expect(nameRequests('b')).toEqual([]);
    expect(client.connections().find((c) => c.fieldSelector === 'metadata.name=b')?.coveredBy).toBeDefined();
    stopCounting();
    one.unsubscribe();
    list.unsubscribe();
  });

  it('moves to a watch of its own when the list query ends, with no gap and no repeated emission', async () => {
    // A backoff long enough to change the object while no watch is open, however slow the machine.
    client.dispose();
    client = createKubeClient({ baseUrl: server.url, notifySchedule: microtask, gracePeriodMs: 0, backoff: { initialMs: 2_000 } });
    const list = client.watchResourceList({ resource: Pods }).subscribe();
    await until(() => server.requests.openWatches() === 1);
    const seen: (string | null)[] = [];
    const one = client.watchResource({ resource: Pods, namespace: 'testhl', name: 'b' }).subscribe((p) => seen.push(imageOf(p)));
    expect(seen).toEqual(['v1']);
    // The object's own first watch is refused: it waits a backoff step before watching again.
    server.faults.inject({ kind: 'serverError' }, { watch: true, times: 1 });
    list.unsubscribe();
    await until(() => ownWatches('b').some((r) => r.status === 500) && server.requests.openWatches() === 0);
    // The gap: the list's watch is closed and the object's own is not open yet.
    update('b', 'v2');
    expect(server.requests.openWatches()).toBe(0);
    await until(() => seen.length === 2);
    expect(seen).toEqual(['v1', 'v2']);
    // The watch that brought v2 started from the version the list had left, before v2.
    const resumed = ownWatches('b').find((r) => r.status === 200);
    expect(Number(resumed?.query['resourceVersion'])).toBeLessThan(Number(server.clusters.global.get<Pod>('pods', 'testhl/b')!.metadata!.resourceVersion));
    // No repeat: the next change is the next emission.
    update('b', 'v3');
    await until(() => seen.length >= 3);
    expect(seen).toEqual(['v1', 'v2', 'v3']);
    expect(client.connections()).toMatchObject([{ fieldSelector: 'metadata.name=b', coveredBy: undefined, phase: 'ready' }]);
    one.unsubscribe();
  });

  it('is not covered by a list with a selector, which may not show it', async () => {
    const list = client.watchResourceList({ resource: Pods, namespace: 'testhl', labelSelector: { app: 'web' } }).subscribe();
    await until(() => client.connections()[0]?.phase === 'ready');
    const seen: (string | null)[] = [];
    const one = client.watchResource({ resource: Pods, namespace: 'testhl', name: 'a' }).subscribe((p) => seen.push(imageOf(p)));
    await until(() => seen.length === 1);
    expect(seen).toEqual(['v1']);
    expect(nameRequests('a').length).toBeGreaterThan(0);
    one.unsubscribe();
    list.unsubscribe();
  });
});
