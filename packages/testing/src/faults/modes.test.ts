// The fake's modes for what real apiservers do that no error code says:
// a watch from a too-old version closed silently (no 410), and API Priority
// and Fairness throttling one kind of request (LISTs) while the rest passes.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeApiControl } from '../control/FakeApiControl.js';
import { startFakeApiServer, type FakeApiServer } from '../server/startFakeApiServer.js';
import { LineReader } from '../testkit/lineReader.js';

let server: FakeApiServer | undefined;
const readers: LineReader[] = [];

afterEach(async () => {
  await Promise.all(readers.splice(0).map((r) => r.cancel()));
  await server?.close();
  server = undefined;
});

async function watch(path: string) {
  const response = await fetch(`${server!.url}${path}`);
  const reader = new LineReader(response.body);
  readers.push(reader);
  return { response, reader };
}

/** A cluster whose history starts after `old`: watching pods or events from `old` is 410 Expired. */
async function startCompacted() {
  server = await startFakeApiServer();
  const cluster = server.clusters.global;
  cluster.create('pods', { metadata: { name: 'a' } });
  cluster.create('events', { metadata: { name: 'e1' }, involvedObject: { kind: 'Pod', name: 'a' }, reason: 'Scheduled' });
  const old = cluster.resourceVersion;
  cluster.create('pods', { metadata: { name: 'b' } });
  cluster.create('events', { metadata: { name: 'e2' }, involvedObject: { kind: 'Pod', name: 'b' }, reason: 'Scheduled' });
  cluster.compact();
  return { cluster, old };
}

describe('silentCloseWhenExpired', () => {
  it('answers a watch from a compacted version with 200 and an empty body that ends at once', async () => {
    const { old } = await startCompacted();
    const rule = server!.faults.inject({ kind: 'silentCloseWhenExpired' }, { resource: 'events', times: 'always' });
    const { response, reader } = await watch(`/api/v1/namespaces/default/events?watch=true&resourceVersion=${old}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await reader.rest()).toEqual([]);
    await server!.requests.waitFor((log) => log.count({ resource: 'events', watch: true, open: false }) === 1);
    expect(server!.requests.all({ resource: 'events' })[0]).toMatchObject({ verb: 'watch', status: 200, closedAt: expect.any(Number) });
    expect(rule.hits).toBe(1);
  });

  it('leaves watches from a version still in the history alone, without using the rule up', async () => {
    const { cluster } = await startCompacted();
    const rule = server!.faults.inject({ kind: 'silentCloseWhenExpired' }, { resource: 'events' });
    const { reader } = await watch(`/api/v1/namespaces/default/events?watch=true&resourceVersion=${cluster.resourceVersion}`);
    cluster.create('events', { metadata: { name: 'e3' }, involvedObject: { kind: 'Pod', name: 'b' }, reason: 'Pulled' });
    expect(await reader.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'e3' } } });
    const streamingList = await watch('/api/v1/namespaces/default/events?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&resourceVersion=1');
    expect((await streamingList.reader.next()).type).toBe('ADDED');
    expect(server!.faults.list()).toEqual([rule]);
    expect(rule.hits).toBe(0);
  });

  it('applies only where it matches: other resources still get their 410', async () => {
    const { old } = await startCompacted();
    server!.faults.inject({ kind: 'silentCloseWhenExpired' }, { resource: 'events', times: 'always' });
    const { response, reader } = await watch(`/api/v1/namespaces/default/pods?watch=true&resourceVersion=${old}`);
    expect(response.status).toBe(200);
    expect(await reader.rest()).toEqual([expect.objectContaining({ type: 'ERROR', object: expect.objectContaining({ code: 410, reason: 'Expired' }) })]);
  });
});

describe('throttling one kind of request', () => {
  it('throttled: LISTs get API Priority and Fairness 429s with Retry-After; watches and gets pass', async () => {
    server = await startFakeApiServer();
    const cluster = server.clusters.global;
    cluster.create('pods', { metadata: { name: 'a' } });
    const rule = server.faults.inject({ kind: 'throttled' }, { verb: 'list', times: 'always' });
    for (const path of ['/api/v1/pods', '/api/v1/namespaces/default/pods?limit=1', '/api/v1/namespaces/default/pods?labelSelector=app%3Dweb']) {
      const list = await fetch(`${server.url}${path}`);
      expect(list.status).toBe(429);
      expect(list.headers.get('retry-after')).toBe('1');
      expect(list.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(list.headers.get('x-kubernetes-pf-prioritylevel-uid')).toBeTruthy();
      expect(await list.text()).toBe('Too many requests, please try again later.\n');
    }
    const get = await fetch(`${server.url}/api/v1/namespaces/default/pods/a`);
    expect(get.status).toBe(200);
    await get.body?.cancel();
    const { response, reader } = await watch('/api/v1/namespaces/default/pods?watch=true');
    expect(response.status).toBe(200);
    expect((await reader.next()).object.metadata.name).toBe('a');
    expect(rule.hits).toBe(3);
    server.faults.remove(rule.id);
    expect((await fetch(`${server.url}/api/v1/pods`)).status).toBe(200);
  });

  it('throttled takes a Retry-After and a count, like every rule', async () => {
    server = await startFakeApiServer();
    server.faults.inject({ kind: 'throttled', retryAfterSeconds: 3 }, { verb: 'list', resource: 'pods', times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${server.url}/api/v1/pods`);
      statuses.push(`${response.status} ${response.headers.get('retry-after')}`);
      await response.body?.cancel();
    }
    expect(statuses).toEqual(['429 3', '429 3', '200 null']);
    expect((await fetch(`${server.url}/api/v1/configmaps`)).status).toBe(200);
  });

  it('tooManyRequests with verb list: a Status 429 for LISTs only', async () => {
    server = await startFakeApiServer();
    server.faults.inject({ kind: 'tooManyRequests', retryAfterSeconds: 2 }, { verb: 'list', times: 'always' });
    const list = await fetch(`${server.url}/api/v1/pods`);
    expect(list.status).toBe(429);
    expect(list.headers.get('retry-after')).toBe('2');
    expect(await list.json()).toMatchObject({ kind: 'Status', code: 429, reason: 'TooManyRequests', details: { retryAfterSeconds: 2 } });
    const { response } = await watch('/api/v1/pods?watch=true');
    expect(response.status).toBe(200);
  });

  it('both modes can be switched on from another process through the control endpoint', async () => {
    const { old } = await startCompacted();
    const control = new FakeApiControl(server!.url);
    await control.injectFault({ kind: 'throttled' }, { verb: 'list', times: 'always' });
    await control.injectFault({ kind: 'silentCloseWhenExpired' }, { watch: true, times: 'always' });
    expect((await fetch(`${server!.url}/api/v1/pods`)).status).toBe(429);
    const { response, reader } = await watch(`/api/v1/pods?watch=true&resourceVersion=${old}`);
    expect(response.status).toBe(200);
    expect(await reader.rest()).toEqual([]);
  });
});
