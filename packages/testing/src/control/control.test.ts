// The control endpoint through FakeApiControl, as a test in another process would use it.
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeApiServer, type FakeApiServer } from '../server/startFakeApiServer.js';
import { LineReader } from '../testkit/lineReader.js';
import { FakeApiControl } from './FakeApiControl.js';

let server: FakeApiServer | undefined;
const readers: LineReader[] = [];
afterEach(async () => {
  await Promise.all(readers.splice(0).map((r) => r.cancel()));
  await server?.close();
  server = undefined;
});

describe('the /__rxkube/ control endpoint', () => {
  it('creates, patches, lists and deletes objects in any cluster', async () => {
    server = await startFakeApiServer({ clusters: ['calico3'], gatewayBase: '/api-gateway' });
    const control = new FakeApiControl(`${server.url}/api-gateway`);
    await control.create('pods', { metadata: { name: 'a', namespace: 'testhl' } }, 'calico3');
    const patched = await control.patch<any>('pods', { cluster: 'calico3', namespace: 'testhl', name: 'a' }, { metadata: { labels: { x: 'y' } } });
    expect(patched.metadata.labels).toEqual({ x: 'y' });
    expect((await control.list('pods', { cluster: 'calico3' })).map((p) => p.metadata.name)).toEqual(['a']);
    expect(server.clusters.get('calico3').get<any>('pods', 'testhl/a').metadata.labels.x).toBe('y');
    await control.delete('pods', { cluster: 'calico3', namespace: 'testhl', name: 'a' });
    expect(await control.list('pods', { cluster: 'calico3' })).toEqual([]);
    await expect(control.get('pods', { name: 'nope' })).rejects.toThrow(/404.*not found/);
  });

  it('switches faults and reports the request log with open watch counts', async () => {
    server = await startFakeApiServer();
    const control = new FakeApiControl(server.url);
    const rule = await control.injectFault({ kind: 'serverError' }, { verb: 'list', times: 'always' });
    expect((await control.faults()).map((f) => f.id)).toEqual([rule.id]);
    expect((await fetch(`${server.url}/api/v1/pods`)).status).toBe(500);
    await control.removeFault(rule.id);
    expect((await fetch(`${server.url}/api/v1/pods`)).status).toBe(200);

    const watch = await fetch(`${server.url}/api/v1/namespaces/default/pods?watch=true`);
    readers.push(new LineReader(watch.body));
    await control.waitForOpenWatches(1, { resource: 'pods' });
    const records = await control.requests({ watch: true });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ method: 'GET', cluster: 'global', resource: 'pods', namespace: 'default', watch: true, query: { watch: 'true' } });
    expect(records[0]!.closedAt).toBeUndefined();
    await control.restart();
    await control.waitForOpenWatches(0);
    expect((await control.requests({ watch: true }))[0]!.closedAt).toBeGreaterThan(0);
  });

  it('compacts and resets', async () => {
    server = await startFakeApiServer();
    const control = new FakeApiControl(server.url);
    const before = server.clusters.global.resourceVersion;
    await control.create('configmaps', { metadata: { name: 'c' } });
    await control.compact();
    expect(server.clusters.global.changesSince(Number(before))).toBeUndefined();
    await control.reset();
    expect(server.clusters.global.list('configmaps')).toEqual([]);
    expect(server.clusters.global.list<any>('namespaces').map((n) => n.metadata.name)).toEqual(['default', 'kube-public', 'kube-system']);
  });
});
