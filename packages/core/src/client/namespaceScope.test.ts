/**
 * Which namespaces a question covers: one object of a namespaced kind needs
 * its namespace (as getResource does), and a list's `namespace: null` means
 * every namespace, like undefined. Against @rxkube/testing's fake apiserver.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Observable } from 'rxjs';
import { startFakeApiServer, type FakeApiServer } from '@rxkube/testing';
import { microtask } from '../cache/schedule.js';
import { Jobs, Namespaces, Pods } from '../resources/builtins.js';
import { until } from '../../../../tests/support/until.js';
import { createKubeClient, type KubeClient } from './createKubeClient.js';

let server: FakeApiServer;
let client: KubeClient;

beforeEach(async () => {
  server = await startFakeApiServer({ port: 0, seed: 4 });
  client = createKubeClient({ baseUrl: server.url, notifySchedule: microtask, gracePeriodMs: 0 });
});
afterEach(async () => {
  client.dispose();
  await server.close();
});

const firstError = (observable: Observable<unknown>) =>
  new Promise<unknown>((resolve, reject) => observable.subscribe({ next: (value) => reject(new Error(`emitted ${JSON.stringify(value)}`)), error: resolve }));

const createPod = (namespace: string, name: string) =>
  server.clusters.global.create('pods', { metadata: { name, namespace }, spec: { containers: [{ name: 'c', image: 'x' }] } });

const NEEDS_NAMESPACE = { name: 'KubeApiError', code: 400, reason: 'Invalid', status: { details: { causes: [{ field: 'metadata.namespace' }] } } };

describe('one object of a namespaced kind', () => {
  it('is refused without a namespace, before any request, as getResource refuses it', async () => {
    server.clusters.global.create('namespaces', { metadata: { name: 'testhl' } });
    server.clusters.global.create('jobs.batch', { metadata: { name: 'pi', namespace: 'testhl' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'x' }] } } } });

    expect(await firstError(client.watchResource({ resource: Jobs, name: 'pi' }))).toMatchObject(NEEDS_NAMESPACE);
    expect(await firstError(client.watchResource({ resource: Jobs, namespace: null as unknown as string, name: 'pi' }))).toMatchObject(NEEDS_NAMESPACE);
    const observer = client.observeResource({ resource: Jobs, name: 'pi' });
    expect(observer.getSnapshot()).toMatchObject({ data: undefined, status: { phase: 'error' }, error: NEEDS_NAMESPACE });
    await expect(client.getResource({ resource: Jobs, name: 'pi' })).rejects.toMatchObject(NEEDS_NAMESPACE);

    // A later request is the proof that the refused ones never reached the server.
    await client.listResources({ resource: Pods, namespace: 'default' });
    expect(server.requests.all().map((r) => r.path)).toEqual(['/api/v1/namespaces/default/pods']);
  });

  it('of a cluster-scoped kind still needs no namespace', async () => {
    server.clusters.global.create('namespaces', { metadata: { name: 'testhl' } });
    const seen: unknown[] = [];
    client.watchResource({ resource: Namespaces, name: 'testhl' }).subscribe((namespace) => seen.push(namespace?.metadata?.name));
    await until(() => seen.length === 1);
    expect(seen).toEqual(['testhl']);
  });
});

describe('a list with namespace: null', () => {
  it('covers every namespace, shares the query of namespace undefined, and lists across namespaces', async () => {
    createPod('a', 'one');
    createPod('b', 'two');
    const fromNull: string[][] = [];
    const fromUndefined: string[][] = [];
    client.watchResourceList({ resource: Pods, namespace: null }).subscribe((pods) => fromNull.push(pods.map((p) => `${p.metadata!.namespace}/${p.metadata!.name}`)));
    client.watchResourceList({ resource: Pods }).subscribe((pods) => fromUndefined.push(pods.map((p) => `${p.metadata!.namespace}/${p.metadata!.name}`)));
    await until(() => fromNull.length === 1 && fromUndefined.length === 1 && server.requests.openWatches() === 1);
    expect(fromNull[0]).toEqual(['a/one', 'b/two']);
    expect(fromUndefined[0]).toEqual(['a/one', 'b/two']);
    expect(client.connections()).toHaveLength(1);
    expect(server.requests.all({ watch: true })[0]!.path).toBe('/api/v1/pods');

    const observer = client.observeResourceList({ resource: Pods, namespace: null });
    const unsubscribe = observer.subscribe(() => undefined);
    await until(() => observer.getSnapshot().data !== undefined);
    expect(observer.getSnapshot().data?.map((p) => p.metadata!.name)).toEqual(['one', 'two']);
    unsubscribe();

    const listed = await client.listResources({ resource: Pods, namespace: null });
    expect(listed.items.map((p) => p.metadata!.name)).toEqual(['one', 'two']);
    expect(server.requests.all({ verb: 'list' }).at(-1)!.path).toBe('/api/v1/pods');
  });
});
