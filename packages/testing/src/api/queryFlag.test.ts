// Boolean query parameters as kube-apiserver reads them, unit and over HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeApiServer, type FakeApiServer } from '../server/startFakeApiServer.js';
import { LineReader } from '../testkit/lineReader.js';
import { queryFlag } from './queryFlag.js';

let server: FakeApiServer | undefined;
const readers: LineReader[] = [];

afterEach(async () => {
  await Promise.all(readers.splice(0).map((r) => r.cancel()));
  await server?.close();
  server = undefined;
});

async function watch(path: string): Promise<LineReader> {
  const response = await fetch(`${server!.url}${path}`);
  const reader = new LineReader(response.body);
  readers.push(reader);
  return reader;
}

const flag = (query: string) => queryFlag(new URLSearchParams(query), 'watch');

describe('queryFlag', () => {
  it('is false only when missing, "false" or "0", in any case', () => {
    expect([flag(''), flag('other=true'), flag('watch=false'), flag('watch=FALSE'), flag('watch=False'), flag('watch=0')]).toEqual([false, false, false, false, false, false]);
  });

  it('is true for anything else, the empty value and "True" included', () => {
    expect([flag('watch=true'), flag('watch=True'), flag('watch=TRUE'), flag('watch=1'), flag('watch'), flag('watch='), flag('watch=yes'), flag('watch=00')]).toEqual([true, true, true, true, true, true, true, true]);
  });

  it('reads the first of repeated values', () => {
    expect([flag('watch=false&watch=true'), flag('watch=True&watch=0')]).toEqual([false, true]);
  });
});

describe('boolean query parameters over HTTP', () => {
  it.each(['watch=True', 'watch=TRUE', 'watch', 'watch=1', 'watch=yes'])('?%s is a watch', async (param) => {
    server = await startFakeApiServer();
    server.clusters.global.create('pods', { metadata: { name: 'a' } });
    const reader = await watch(`/api/v1/namespaces/default/pods?${param}`);
    expect(await reader.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'a' } } });
    expect(server.requests.all()[0]).toMatchObject({ verb: 'watch', watch: true });
  });

  it.each(['watch=false', 'watch=False', 'watch=0'])('?%s is a list', async (param) => {
    server = await startFakeApiServer();
    server.clusters.global.create('pods', { metadata: { name: 'a' } });
    const response = await fetch(`${server.url}/api/v1/namespaces/default/pods?${param}`);
    expect(await response.json()).toMatchObject({ kind: 'PodList', items: [{ metadata: { name: 'a' } }] });
    expect(server.requests.all()[0]).toMatchObject({ verb: 'list', watch: false });
  });

  it('a watch=True from a compacted version gets its 410', async () => {
    server = await startFakeApiServer();
    const cluster = server.clusters.global;
    cluster.create('pods', { metadata: { name: 'a' } });
    const old = cluster.resourceVersion;
    cluster.create('pods', { metadata: { name: 'b' } });
    cluster.compact();
    const reader = await watch(`/api/v1/namespaces/default/pods?watch=True&resourceVersion=${old}`);
    expect(await reader.next()).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } });
  });

  it('reads sendInitialEvents=True and allowWatchBookmarks=True as true', async () => {
    server = await startFakeApiServer();
    server.clusters.global.create('pods', { metadata: { name: 'a' } });
    const reader = await watch('/api/v1/namespaces/default/pods?watch=True&sendInitialEvents=True&allowWatchBookmarks=True&resourceVersionMatch=NotOlderThan');
    const [added, bookmark] = await reader.take(2);
    expect(added).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'a' } } });
    expect(bookmark).toMatchObject({ type: 'BOOKMARK', object: { metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } } });
  });

  it('reads allowWatchBookmarks=0 as false: sendInitialEvents is then refused', async () => {
    server = await startFakeApiServer();
    const response = await fetch(`${server.url}/api/v1/namespaces/default/pods?watch=1&sendInitialEvents=true&allowWatchBookmarks=0&resourceVersionMatch=NotOlderThan`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ message: 'sendInitialEvents requires setting allowWatchBookmarks to true' });
  });
});
