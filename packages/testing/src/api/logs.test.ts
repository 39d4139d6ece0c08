import { afterEach, describe, expect, it } from 'vitest';
import { Pods } from '../model/builtinResources.js';
import { podObject, setContainer, writePodLog } from '../logs/podLogs.js';
import { startFakeApiServer, type FakeApiServer } from '../server/startFakeApiServer.js';

let server: FakeApiServer;
afterEach(async () => server?.close());

const T = Date.parse('2026-12-06T07:30:45Z');
const path = (pod: string, query: string) => `/api/v1/namespaces/default/pods/${pod}/log?${query}`;

async function start(containers: Record<string, 'running' | 'waiting' | 'terminated'> = { app: 'running' }) {
  server = await startFakeApiServer();
  server.clusters.global.create(Pods, podObject('default', 'web', containers));
  return server.clusters.global;
}

async function get(pod: string, query: string) {
  const response = await fetch(server.url + path(pod, query));
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

/** Reads a body until `done(textSoFar)`; returns the text. */
async function readUntil(body: ReadableStream<Uint8Array>, done: (text: string) => boolean): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!done(text)) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    text += decoder.decode(value, { stream: true });
  }
  reader.releaseLock();
  return text;
}

describe('the fake pod log endpoint', () => {
  it('sends lines as plain text, with RFC 3339 nanosecond timestamps when asked', async () => {
    const cluster = await start();
    const written = writePodLog(cluster, { namespace: 'default', pod: 'web' }, 'hello\n\u001b[32mgreen\u001b[0m', T + 100);
    expect(written).toEqual(['2026-12-06T07:30:45.1Z hello', '2026-12-06T07:30:45.100000001Z \u001b[32mgreen\u001b[0m']);
    const plain = await get('web', '');
    expect(plain).toMatchObject({ status: 200, type: 'text/plain', text: 'hello\n\u001b[32mgreen\u001b[0m\n' });
    expect((await get('web', 'timestamps=true')).text).toBe(`${written.join('\n')}\n`);
  });

  it('reads sinceTime to the whole second, as the apiserver passes it to the kubelet', async () => {
    const cluster = await start();
    const ref = { namespace: 'default', pod: 'web' };
    writePodLog(cluster, ref, 'before', T - 1);
    writePodLog(cluster, ref, 'early in the second', T + 100);
    writePodLog(cluster, ref, 'late in the second', T + 900);
    const { text } = await get('web', 'sinceTime=2026-12-06T07:30:45.500000000Z');
    expect(text).toBe('early in the second\nlate in the second\n');
  });

  it('applies tailLines and limitBytes (cut mid-line, as the kubelet cuts)', async () => {
    const cluster = await start();
    for (const n of [1, 2, 3, 4]) writePodLog(cluster, { namespace: 'default', pod: 'web' }, `line ${n}`, T + n);
    expect((await get('web', 'tailLines=2')).text).toBe('line 3\nline 4\n');
    expect((await get('web', 'limitBytes=10')).text).toBe('line 1\nlin');
  });

  it('answers 400 with the apiserver\'s messages when the container is missing or unknown', async () => {
    await start({ app: 'running', sidecar: 'running' });
    const missing = await get('web', '');
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.text)).toMatchObject({ kind: 'Status', reason: 'BadRequest', message: 'a container name must be specified for pod web, choose one of: [app sidecar]' });
    const unknown = await get('web', 'container=nope');
    expect(JSON.parse(unknown.text)).toMatchObject({ code: 400, message: 'container nope is not valid for pod web' });
  });

  it('answers 400 "is waiting to start" for a container that has not started, and 404 for a missing pod', async () => {
    await start({ app: 'waiting' });
    const waiting = await get('web', '');
    expect(waiting.status).toBe(400);
    expect(JSON.parse(waiting.text).message).toBe('container "app" in pod "web" is waiting to start: ContainerCreating');
    expect((await get('gone', '')).status).toBe(404);
  });

  it('reads the previous run after a restart, and refuses previous before any', async () => {
    const cluster = await start();
    const ref = { namespace: 'default', pod: 'web' };
    expect(JSON.parse((await get('web', 'previous=true')).text).message).toBe('previous terminated container "app" in pod "web" not found');
    writePodLog(cluster, ref, 'first run', T);
    setContainer(cluster, ref, 'running', { restart: true });
    writePodLog(cluster, ref, 'second run', T + 5000);
    expect((await get('web', 'previous=true')).text).toBe('first run\n');
    expect((await get('web', '')).text).toBe('second run\n');
  });

  it('follows: sends what is written later, and ends when the container stops', async () => {
    const cluster = await start();
    const ref = { namespace: 'default', pod: 'web' };
    writePodLog(cluster, ref, 'one', T);
    const response = await fetch(server.url + path('web', 'follow=true'));
    const body = response.body!;
    const reader = body.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toBe('one\n');
    writePodLog(cluster, ref, 'two', T + 1);
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('two\n');
    setContainer(cluster, ref, 'terminated', { phase: 'Succeeded' });
    expect((await reader.read()).done).toBe(true);
  });

  it('ends a follow when the pod is deleted', async () => {
    const cluster = await start();
    const response = await fetch(server.url + path('web', 'follow=true'));
    cluster.delete(Pods, { namespace: 'default', name: 'web' });
    expect(await response.text()).toBe('');
  });

  it('cuts a stream mid-line (fault cutMidLine)', async () => {
    const cluster = await start();
    for (const n of [1, 2, 3]) writePodLog(cluster, { namespace: 'default', pod: 'web' }, `line ${n}`, T + n);
    server.faults.inject({ kind: 'cutMidLine', afterEvents: 1 }, { resource: 'pods', verb: 'get' });
    const response = await fetch(server.url + path('web', 'follow=true'));
    let text = '';
    await expect(readUntil(response.body!, (t) => ((text = t), false))).rejects.toThrow();
    expect(text).toBe('line 1\nlin');
  });

  it('cuts a stream between two lines of one second (fault logCutMidSecond)', async () => {
    const cluster = await start();
    for (const ms of [100, 1100, 1200, 1300]) writePodLog(cluster, { namespace: 'default', pod: 'web' }, `at ${ms}`, T + ms);
    server.faults.inject({ kind: 'logCutMidSecond', afterLines: 1 }, { resource: 'pods', verb: 'get' });
    const response = await fetch(server.url + path('web', 'follow=true'));
    let text = '';
    await expect(readUntil(response.body!, (t) => ((text = t), false))).rejects.toThrow();
    expect(text).toBe('at 100\nat 1100\n');
  });

  it('stalls a follow (fault logStall): open, silent, while the pod writes on', async () => {
    const cluster = await start();
    const ref = { namespace: 'default', pod: 'web' };
    for (const n of [1, 2, 3]) writePodLog(cluster, ref, `line ${n}`, T + n);
    server.faults.inject({ kind: 'logStall', afterLines: 2 }, { resource: 'pods', verb: 'get' });
    const response = await fetch(server.url + path('web', 'follow=true'));
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('line 1\nline 2\n');
    writePodLog(cluster, ref, 'line 4', T + 4);
    // The next request is served in full while the stalled one is still open and silent.
    expect((await get('web', '')).text).toBe('line 1\nline 2\nline 3\nline 4\n');
    expect(server.requests.all({ open: true }).filter((r) => r.path.endsWith('/log'))).toHaveLength(1);
    await reader.cancel();
  });

  it('rotates the log once the follow caught up (fault logRotation): the follow ends, later reads see the new file only', async () => {
    const cluster = await start();
    const ref = { namespace: 'default', pod: 'web' };
    for (const n of [1, 2, 3]) writePodLog(cluster, ref, `old ${n}`, T + n);
    server.faults.inject({ kind: 'logRotation', afterLines: 2 }, { resource: 'pods', verb: 'get' });
    expect(await (await fetch(server.url + path('web', 'follow=true'))).text()).toBe('old 1\nold 2\nold 3\n');
    writePodLog(cluster, ref, 'new 1', T + 10);
    expect((await get('web', '')).text).toBe('new 1\n');
  });
});

describe('the simulator\'s containers', () => {
  it('write a backlog once their log is opened, then lines every tick: bursts, multi-line traces and ANSI colours', async () => {
    server = await startFakeApiServer({ seedState: true, simulate: { tickIntervalMs: 3_600_000 } });
    const pod = server.clusters.global.list<any>(Pods, { namespace: 'testhl', fieldSelector: 'status.phase=Running' })[0];
    const first = await fetch(`${server.url}/api/v1/namespaces/testhl/pods/${pod.metadata.name}/log?timestamps=true`).then(async (r) => ({ status: r.status, text: await r.text() }));
    expect(first.status).toBe(200);
    const before = first.text.split('\n').length;
    expect(before).toBeGreaterThan(5);
    server.simulator!.tick(10);
    const response = await fetch(`${server.url}/api/v1/namespaces/testhl/pods/${pod.metadata.name}/log`);
    expect(response.status).toBe(200);
    const after = await response.text();
    expect(after).toContain('\u001b[32mINFO\u001b[0m');
    expect(after).toMatch(/\n {4}at handler/);
    expect(after.split('\n').length).toBeGreaterThan(before);
  });
});
