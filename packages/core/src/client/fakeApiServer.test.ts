/**
 * The client against @rxkube/testing's fake apiserver: a server that kubectl
 * and client-node accept, with its own watch cache, bookmarks, compaction and
 * streaming lists. What the scripted tests show step by step, shown here
 * against a server rxkube did not script.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeApiServer, type FakeApiServer } from '@rxkube/testing';
import { Jobs, Pods } from '../resources/builtins.js';
import { defineResource } from '../resources/resourceType.js';
import { until } from '../../../../tests/support/until.js';
import { createKubeClient, type KubeClient } from './createKubeClient.js';
import { fakeClientOptions } from '../../test/fakeClientOptions.js';

const MicroServices = defineResource({ group: 'asm.alauda.io', version: 'v1beta3', plural: 'microservices', kind: 'MicroService', namespaced: true });
const job = (name: string, completions = 2) => ({
  metadata: { name, namespace: 'testhl' },
  spec: { completions, template: { spec: { containers: [{ name: 'main', image: 'busybox' }], restartPolicy: 'Never' } } },
});

let server: FakeApiServer;
let client: KubeClient;

beforeEach(async () => {
  server = await startFakeApiServer({ port: 0, clusters: ['calico3'], gatewayBase: '/api-gateway', bookmarkIntervalMs: 50, seed: 9 });
});
afterEach(async () => {
  client.dispose();
  await server.close();
});

function connect(options: Parameters<typeof createKubeClient>[0] = {}) {
  client = createKubeClient({ ...fakeClientOptions(server), ...options });
  return client;
}

describe('against the fake apiserver', () => {
  it('follows a Job from creation to Complete through the gateway and a cluster prefix', async () => {
    const cluster = server.clusters.get('calico3');
    const seen: (number | null)[] = [];
    connect({ baseUrl: `${server.url}/api-gateway` })
      .watchResource({ cluster: 'calico3', resource: Jobs, namespace: 'testhl', name: 'pi' })
      .subscribe((j) => seen.push(j ? (j.status?.succeeded ?? 0) : null));
    await until(() => seen.length === 1);
    cluster.create('jobs.batch', job('pi'));
    await until(() => seen.length === 2);
    for (const succeeded of [1, 2]) {
      const current = cluster.get<Record<string, unknown>>('jobs.batch', 'testhl/pi');
      cluster.updateStatus('jobs.batch', { ...current, status: { succeeded } });
    }
    await until(() => seen.at(-1) === 2);
    expect(seen[0]).toBeNull();
    expect(seen).toEqual([...new Set(seen)]); // every emission is a new version
    expect(server.requests.openWatches({ cluster: 'calico3' })).toBe(1);
    expect(server.requests.all({ watch: true })[0]!.query).toMatchObject({ fieldSelector: 'metadata.name=pi', allowWatchBookmarks: 'true', timeoutSeconds: '59' });
  });

  it('relists after a compaction and a restart, and shows what was deleted meanwhile as gone', async () => {
    const cluster = server.clusters.global;
    for (const name of ['a', 'b', 'c']) cluster.create('pods', { metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'x' }] } });
    const names: string[][] = [];
    connect().watchResourceList({ resource: Pods, namespace: 'default' }).subscribe((pods) => names.push(pods.map((p) => p.metadata!.name!)));
    await until(() => names.length === 1 && server.requests.openWatches() === 1);
    server.faults.inject({ kind: 'gone' }, { watch: true });
    server.faults.restart(); // closes the watch; its resourceVersion is now too old
    cluster.delete('pods', 'default/b');
    await until(() => names.at(-1)?.join() === 'a,c');
    expect(server.requests.count({ watch: false, resource: 'pods' })).toBe(2);
  });

  it('uses a streaming list (sendInitialEvents) where the server supports it', async () => {
    server.clusters.get('calico3').create('microservices', { metadata: { name: 'asm-cal3', namespace: 'testhl' } });
    const seen: unknown[] = [];
    connect({ streamingLists: true }).watchResourceList({ cluster: 'calico3', resource: MicroServices, namespace: 'testhl' }).subscribe((list) => seen.push(list));
    await until(() => seen.length === 1);
    expect(server.requests.count({ watch: false })).toBe(0);
    expect(server.requests.all({ watch: true })[0]!.query).toMatchObject({ sendInitialEvents: 'true', resourceVersionMatch: 'NotOlderThan' });
    server.clusters.get('calico3').create('microservices', { metadata: { name: 'second', namespace: 'testhl' } });
    await until(() => seen.length === 2);
  });

  it('reads a gRPC-gateway export stream to its end', async () => {
    server.clusters.global.create('pods', { metadata: { name: 'web-1', namespace: 'testhl' }, spec: { containers: [{ name: 'c', image: 'x' }] } });
    const names: string[] = [];
    await new Promise<void>((resolve, reject) =>
      connect()
        .streamJson<{ pod: { metadata: { name: string } } }>('/v1/export/pods')
        .subscribe({ next: (line) => names.push(line.pod.metadata.name), error: reject, complete: resolve }),
    );
    expect(names).toContain('web-1');
  });
});
