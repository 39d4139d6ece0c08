// Watch semantics over real HTTP on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeApiServer, type FakeApiServer } from '../server/startFakeApiServer.js';
import { LineReader } from '../testkit/lineReader.js';

let server: FakeApiServer | undefined;
const readers: LineReader[] = [];

afterEach(async () => {
  await Promise.all(readers.splice(0).map((r) => r.cancel()));
  await server?.close();
  server = undefined;
});

async function watch(path: string): Promise<{ response: Response; reader: LineReader }> {
  const response = await fetch(`${server!.url}${path}`);
  const reader = new LineReader(response.body);
  readers.push(reader);
  return { response, reader };
}

const names = (events: any[]) => events.map((e) => `${e.type} ${e.object.metadata.name ?? ''}`.trim());

describe('watch', () => {
  it('starts with synthetic ADDED events when resourceVersion is unset, then follows changes live', async () => {
    server = await startFakeApiServer();
    const cluster = server.clusters.global;
    cluster.create('pods', { metadata: { name: 'a', labels: { app: 'web' } } });
    const { response, reader } = await watch('/api/v1/namespaces/default/pods?watch=true&labelSelector=app%3Dweb');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(names([await reader.next()])).toEqual(['ADDED a']);
    cluster.create('pods', { metadata: { name: 'b', labels: { app: 'web' } } });
    cluster.create('pods', { metadata: { name: 'other', labels: { app: 'db' } } });
    cluster.patch('pods', 'default/a', { metadata: { labels: { v: '2' } } });
    cluster.patch('pods', 'default/b', { metadata: { labels: { app: 'db' } } });
    cluster.delete('pods', 'default/a');
    expect(names(await reader.take(4))).toEqual(['ADDED b', 'MODIFIED a', 'DELETED b', 'DELETED a']);
  });

  it('resumes from a resourceVersion without losing or repeating a change', async () => {
    server = await startFakeApiServer();
    const cluster = server.clusters.global;
    cluster.create('pods', { metadata: { name: 'a' } });
    const first = await watch('/api/v1/namespaces/default/pods?watch=true');
    const added = await first.reader.next();
    cluster.patch('pods', 'default/a', { metadata: { labels: { step: '1' } } });
    const modified = await first.reader.next();
    await first.reader.cancel();
    cluster.patch('pods', 'default/a', { metadata: { labels: { step: '2' } } });
    cluster.create('pods', { metadata: { name: 'b' } });
    const resumed = await watch(`/api/v1/namespaces/default/pods?watch=true&resourceVersion=${modified.object.metadata.resourceVersion}`);
    const events = await resumed.reader.take(2);
    expect(names([added, modified, ...events])).toEqual(['ADDED a', 'MODIFIED a', 'MODIFIED a', 'ADDED b']);
    expect(events[0].object.metadata.labels.step).toBe('2');
    const versions = [added, modified, ...events].map((e) => Number(e.object.metadata.resourceVersion));
    expect(versions.toSorted((x, y) => x - y)).toEqual(versions);
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('sends an ERROR 410 Expired event for a resourceVersion older than the window, then ends', async () => {
    server = await startFakeApiServer({ historyLimit: 2 });
    const cluster = server.clusters.global;
    const old = cluster.resourceVersion;
    for (const n of ['a', 'b', 'c']) cluster.create('pods', { metadata: { name: n } });
    const { response, reader } = await watch(`/api/v1/pods?watch=true&resourceVersion=${old}`);
    expect(response.status).toBe(200);
    expect(await reader.next()).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
    expect(await reader.next()).toBeUndefined();
  });

  it('with sendInitialEvents ends the initial state with an annotated BOOKMARK at the current version', async () => {
    server = await startFakeApiServer();
    const cluster = server.clusters.global;
    cluster.create('jobs', { metadata: { name: 'j1' } });
    cluster.create('jobs', { metadata: { name: 'j2' } });
    const { reader } = await watch('/apis/batch/v1/namespaces/default/jobs?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true');
    const [a, b, bookmark] = await reader.take(3);
    expect(names([a, b])).toEqual(['ADDED j1', 'ADDED j2']);
    expect(bookmark).toMatchObject({
      type: 'BOOKMARK',
      object: { kind: 'Job', apiVersion: 'batch/v1', metadata: { resourceVersion: cluster.resourceVersion, annotations: { 'k8s.io/initial-events-end': 'true' } } },
    });
    const invalid = await fetch(`${server.url}/apis/batch/v1/jobs?watch=true&sendInitialEvents=true`);
    expect(invalid.status).toBe(400);
    await invalid.body?.cancel();
  });

  it('sends periodic BOOKMARKs when allowed and ends the response after timeoutSeconds', async () => {
    server = await startFakeApiServer({ bookmarkIntervalMs: 50 });
    const started = Date.now();
    const { reader } = await watch(`/api/v1/pods?watch=true&allowWatchBookmarks=true&timeoutSeconds=1&resourceVersion=${server.clusters.global.resourceVersion}`);
    const bookmark = await reader.next();
    expect(bookmark).toMatchObject({ type: 'BOOKMARK', object: { kind: 'Pod', metadata: { resourceVersion: server.clusters.global.resourceVersion } } });
    const rest = await reader.rest(3_000);
    expect(rest.every((e) => e.type === 'BOOKMARK')).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    await server.requests.waitFor((log) => log.openWatches() === 0);
  });

  it('answers the deprecated /watch/ paths and single-object watches', async () => {
    server = await startFakeApiServer({ clusters: ['calico3'] });
    const cluster = server.clusters.get('calico3');
    cluster.create('microservices', { metadata: { name: 'asm-cal3', namespace: 'testhl' } });
    cluster.create('microservices', { metadata: { name: 'other', namespace: 'testhl' } });
    const { reader } = await watch('/kubernetes/calico3/apis/asm.alauda.io/v1beta3/watch/namespaces/testhl/microservices/asm-cal3');
    expect(names([await reader.next()])).toEqual(['ADDED asm-cal3']);
    cluster.patch('microservices', 'testhl/other', { spec: { v: 1 } });
    cluster.patch('microservices', 'testhl/asm-cal3', { spec: { v: 2 } });
    expect(names([await reader.next()])).toEqual(['MODIFIED asm-cal3']);
    expect(server.requests.openWatches({ cluster: 'calico3', resource: 'microservices' })).toBe(1);
  });

  it('closes open watches when the cluster restarts, and counts them in the request log', async () => {
    server = await startFakeApiServer();
    const first = await watch('/api/v1/pods?watch=true');
    await watch('/api/v1/namespaces/default/configmaps?watch=true');
    expect(server.requests.openWatches()).toBe(2);
    expect(server.requests.openWatches({ resource: 'pods' })).toBe(1);
    server.faults.restart();
    expect(await first.reader.next()).toBeUndefined();
    await server.requests.waitFor((log) => log.openWatches() === 0);
    const record = server.requests.all({ resource: 'pods', watch: true })[0]!;
    expect(record.closedAt).toBeGreaterThanOrEqual(record.openedAt);
  });

  it('marks a watch closed when the client goes away', async () => {
    server = await startFakeApiServer();
    const controller = new AbortController();
    const response = await fetch(`${server.url}/api/v1/pods?watch=true`, { signal: controller.signal });
    expect(response.status).toBe(200);
    expect(server.requests.openWatches()).toBe(1);
    controller.abort();
    await server.requests.waitFor((log) => log.openWatches() === 0);
  });
});
