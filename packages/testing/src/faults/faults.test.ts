// Each fault over real HTTP, as a client would meet it.
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

async function start() {
  server = await startFakeApiServer({ clusters: ['calico3'] });
  for (const name of ['a', 'b', 'c']) server.clusters.global.create('pods', { metadata: { name } });
  return server;
}

async function open(path: string) {
  const response = await fetch(`${server!.url}${path}`);
  const reader = new LineReader(response.body);
  readers.push(reader);
  return { response, reader };
}

describe('answer faults', () => {
  it('410 at the next watch only, then normal again', async () => {
    await start();
    server!.faults.inject({ kind: 'gone' }, { watch: true });
    const list = await fetch(`${server!.url}/api/v1/pods`);
    expect(list.status).toBe(200);
    await list.body?.cancel();
    const gone = await fetch(`${server!.url}/api/v1/pods?watch=true`);
    expect(gone.status).toBe(410);
    expect(await gone.json()).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
    const { response } = await open('/api/v1/pods?watch=true');
    expect(response.status).toBe(200);
  });

  it('429 with Retry-After, 500, and an HTML login page with status 200', async () => {
    await start();
    server!.faults.inject({ kind: 'tooManyRequests', retryAfterSeconds: 7 });
    server!.faults.inject({ kind: 'serverError' }, { verb: 'list', resource: 'pods' });
    const throttled = await fetch(`${server!.url}/api/v1/pods`);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('7');
    expect(await throttled.json()).toMatchObject({ reason: 'TooManyRequests', details: { retryAfterSeconds: 7 } });
    const failed = await fetch(`${server!.url}/api/v1/pods`);
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ reason: 'InternalError', code: 500 });
    server!.faults.inject({ kind: 'htmlLogin' }, { cluster: 'calico3' });
    const html = await fetch(`${server!.url}/kubernetes/calico3/api/v1/pods`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await html.text()).toContain('<form');
    expect((await fetch(`${server!.url}/api/v1/pods`)).status).toBe(200);
  });

  it('applies to as many requests as `times` says, or always', async () => {
    await start();
    const rule = server!.faults.inject({ kind: 'serverError' }, { times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${server!.url}/api/v1/pods`)).status);
    expect(statuses).toEqual([500, 500, 200]);
    expect(rule.hits).toBe(2);
    server!.faults.inject({ kind: 'serverError' }, { times: 'always', resource: 'configmaps' });
    for (let i = 0; i < 3; i++) expect((await fetch(`${server!.url}/api/v1/configmaps`)).status).toBe(500);
    server!.faults.clear();
    expect((await fetch(`${server!.url}/api/v1/configmaps`)).status).toBe(200);
  });

  it('hangs a request until the client gives up', async () => {
    await start();
    server!.faults.inject({ kind: 'hang' });
    const controller = new AbortController();
    const pending = fetch(`${server!.url}/api/v1/pods`, { signal: controller.signal });
    let settled = false;
    void pending.finally(() => (settled = true)).catch(() => undefined);
    await server!.requests.waitFor((log) => log.count({ resource: 'pods', open: true }) === 1);
    // The later positive signal: a request sent after it is answered, while the hung one still is not.
    expect((await fetch(`${server!.url}/api/v1/pods`)).status).toBe(200);
    expect(settled).toBe(false);
    expect(server!.requests.count({ resource: 'pods', open: true })).toBe(1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await server!.requests.waitFor((log) => log.count({ resource: 'pods', open: true }) === 0);
  });
});

describe('stream faults', () => {
  it('ends a watch normally after N events', async () => {
    await start();
    server!.faults.inject({ kind: 'endWatchAfter', events: 2 });
    const { reader } = await open('/api/v1/pods?watch=true');
    expect((await reader.rest()).map((e) => e.object.metadata.name)).toEqual(['a', 'b']);
  });

  it('cuts the connection mid-line', async () => {
    await start();
    server!.faults.inject({ kind: 'cutMidLine', afterEvents: 1 }, { watch: true });
    const { reader } = await open('/api/v1/pods?watch=true');
    expect((await reader.next()).object.metadata.name).toBe('a');
    await expect(reader.next()).rejects.toThrow();
  });

  it('sends a malformed line, then carries on', async () => {
    await start();
    server!.faults.inject({ kind: 'malformedLine', afterEvents: 1 });
    const { reader } = await open('/api/v1/pods?watch=true');
    await reader.next();
    const bad = await reader.nextLine();
    expect(() => JSON.parse(bad!)).toThrow();
    expect((await reader.next()).object.metadata.name).toBe('b');
  });

  it('sends an ERROR 410 event mid-stream and ends', async () => {
    await start();
    server!.faults.inject({ kind: 'errorEvent', afterEvents: 2 });
    const { reader } = await open('/api/v1/pods?watch=true');
    const events = await reader.rest();
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'ADDED', 'ERROR']);
    expect(events[2].object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
  });

  it('cuts a plain list body in half', async () => {
    await start();
    server!.faults.inject({ kind: 'cutMidLine' }, { verb: 'list' });
    const response = await fetch(`${server!.url}/api/v1/pods`);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });
});

describe('transport faults', () => {
  it('a buffering proxy delivers the body only when the response ends', async () => {
    await start();
    server!.faults.inject({ kind: 'bufferingProxy' });
    const { reader } = await open('/api/v1/pods?watch=true&timeoutSeconds=1');
    await expect(reader.next(300)).rejects.toThrow(/no line/);
    const events = await reader.rest(3_000);
    expect(events.map((e) => e.object.metadata.name)).toEqual(['a', 'b', 'c']);
  });

  it('cuts connections after a duration', async () => {
    await start();
    server!.faults.inject({ kind: 'cutAfter', ms: 200 }, { times: 'always', watch: true });
    const started = Date.now();
    const { reader } = await open('/api/v1/pods?watch=true');
    await reader.take(3);
    await expect(reader.next(3_000)).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    await server!.requests.waitFor((log) => log.openWatches() === 0);
  });
});

describe('history faults', () => {
  it('compaction makes an older resourceVersion 410', async () => {
    await start();
    const rv = server!.clusters.global.resourceVersion;
    server!.clusters.global.create('pods', { metadata: { name: 'd' } });
    server!.faults.compact();
    const { reader } = await open(`/api/v1/pods?watch=true&resourceVersion=${rv}`);
    expect(await reader.next()).toMatchObject({ type: 'ERROR', object: { code: 410 } });
  });

  it('a restart closes open watches and loses history', async () => {
    await start();
    const rv = server!.clusters.global.resourceVersion;
    const { reader } = await open(`/api/v1/pods?watch=true&resourceVersion=${rv}`);
    server!.clusters.global.create('pods', { metadata: { name: 'd' } });
    expect((await reader.next()).object.metadata.name).toBe('d');
    server!.faults.restart();
    expect(await reader.next()).toBeUndefined();
    const again = await open(`/api/v1/pods?watch=true&resourceVersion=${rv}`);
    expect(await again.reader.next()).toMatchObject({ type: 'ERROR', object: { code: 410 } });
  });
});
