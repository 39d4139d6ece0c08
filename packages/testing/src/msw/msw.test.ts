// The msw handlers through a real fetch with msw's setupServer.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LineReader } from '../testkit/lineReader.js';
import { createFakeApiHandlers } from './index.js';

const fake = createFakeApiHandlers({ clusters: ['calico3'], baseUrl: 'http://console.test', gatewayBase: '/api-gateway', bookmarkIntervalMs: 20 });
const server = setupServer(...fake.handlers);
const readers: LineReader[] = [];
const base = 'http://console.test/api-gateway';

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(async () => {
  await Promise.all(readers.splice(0).map((r) => r.cancel()));
  fake.faults.clear();
  fake.model.reset();
});
afterAll(() => {
  fake.dispose();
  server.close();
});

describe('createFakeApiHandlers', () => {
  it('answers lists and gets from the shared model', async () => {
    fake.model.cluster('calico3').create('microservices', { metadata: { name: 'asm-cal3', namespace: 'testhl' } });
    const list = await fetch(`${base}/kubernetes/calico3/apis/asm.alauda.io/v1beta3/namespaces/testhl/microservices?fieldSelector=metadata.name%3Dasm-cal3`);
    expect(list.status).toBe(200);
    const body = await list.json();
    expect(body).toMatchObject({ kind: 'MicroServiceList', items: [{ metadata: { name: 'asm-cal3' } }] });
    const missing = await fetch(`${base}/api/v1/namespaces/default/pods/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ kind: 'Status', reason: 'NotFound' });
  });

  it('streams a watch (fetch resolves at once) and stops it on abort without leaking timers', async () => {
    const cluster = fake.model.cluster();
    cluster.create('pods', { metadata: { name: 'a' } });
    const controller = new AbortController();
    const response = await fetch(`${base}/api/v1/namespaces/default/pods?watch=true&allowWatchBookmarks=true&resourceVersion=${cluster.resourceVersion}`, { signal: controller.signal });
    expect(response.status).toBe(200);
    const reader = new LineReader(response.body);
    readers.push(reader);
    cluster.create('pods', { metadata: { name: 'b' } });
    expect(await reader.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'b' } } });
    expect(await reader.next()).toMatchObject({ type: 'BOOKMARK' });
    expect(fake.requests.openWatches()).toBe(1);
    controller.abort();
    await fake.requests.waitFor((log) => log.openWatches() === 0);
    // A timer or change listener that outlived the aborted stream would enqueue into it and throw
    // ERR_INVALID_STATE, failing the run. The later positive signal: a second watch sees two
    // bookmark intervals pass and the next change, so both would have fired by then.
    const second = await fetch(`${base}/api/v1/namespaces/default/pods?watch=true&allowWatchBookmarks=true&resourceVersion=${cluster.resourceVersion}`);
    const later = new LineReader(second.body);
    readers.push(later);
    expect(await later.next()).toMatchObject({ type: 'BOOKMARK' });
    expect(await later.next()).toMatchObject({ type: 'BOOKMARK' });
    cluster.create('pods', { metadata: { name: 'c' } });
    let event = await later.next();
    while (event.type === 'BOOKMARK') event = await later.next();
    expect(event).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'c' } } });
    expect(fake.requests.openWatches()).toBe(1);
  });

  it('applies faults the same way as the node server', async () => {
    fake.faults.inject({ kind: 'tooManyRequests', retryAfterSeconds: 2 });
    const throttled = await fetch(`${base}/api/v1/pods`);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('2');
    fake.faults.inject({ kind: 'errorEvent' }, { watch: true });
    const watch = await fetch(`${base}/api/v1/pods?watch=true`);
    const reader = new LineReader(watch.body);
    readers.push(reader);
    expect(await reader.rest()).toEqual([{ type: 'ERROR', object: expect.objectContaining({ code: 410, reason: 'Expired' }) }]);
  });

  it('passes requests outside the API through (here: unhandled)', () => {
    expect(fake.core.owns(new URL('http://console.test/assets/app.js'))).toBe(false);
    expect(fake.core.owns(new URL(`${base}/api/v1/pods`))).toBe(true);
  });
});
