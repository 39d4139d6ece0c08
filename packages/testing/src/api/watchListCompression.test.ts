// The WatchListCompression mode: streaming lists gzip-compressed, one member
// per flush, only for sendInitialEvents=true and only when gzip is accepted.
// Read over node:http to see the bytes on the wire.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { inflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeApiServer, type FakeApiServer } from '../server/startFakeApiServer.js';
import { acceptsGzip } from './watchListCompression.js';

let server: FakeApiServer | undefined;
const open: IncomingMessage[] = [];

afterEach(async () => {
  for (const response of open.splice(0)) response.destroy();
  await server?.close();
  server = undefined;
});

const STREAMING_LIST = '/api/v1/namespaces/default/pods?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan';

/** The decoded text of each gzip member (10-byte header without options, raw deflate, 8-byte trailer). */
function gzipMembers(body: Buffer): string[] {
  const members: string[] = [];
  let at = 0;
  while (at < body.length) {
    if (body[at] !== 0x1f || body[at + 1] !== 0x8b || body[at + 3] !== 0) throw new Error(`no plain gzip member at byte ${at}`);
    const { buffer, engine } = inflateRawSync(body.subarray(at + 10), { info: true }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    members.push(buffer.toString());
    at += 10 + engine.bytesWritten + 8;
  }
  return members;
}

/** GETs `path` and collects raw body bytes until `done(bytes)` or the response ends. */
function rawGet(path: string, headers: Record<string, string>, done: (body: Buffer) => boolean = () => false): Promise<{ headers: IncomingMessage['headers']; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpRequest(`${server!.url}${path}`, { headers }, (response) => {
      open.push(response);
      const chunks: Buffer[] = [];
      const finish = () => resolve({ headers: response.headers, body: Buffer.concat(chunks) });
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (done(Buffer.concat(chunks))) finish();
      });
      response.on('end', finish);
    })
      .on('error', reject)
      .end();
  });
}

const hasBookmarkMember = (body: Buffer) => {
  try {
    return gzipMembers(body).some((m) => m.includes('k8s.io/initial-events-end'));
  } catch {
    return false; // a member still arriving
  }
};

describe('watchListCompression', () => {
  it('sends a streaming list as one gzip member per line when the request accepts gzip', async () => {
    server = await startFakeApiServer({ watchListCompression: true });
    for (const name of ['a', 'b', 'c']) server.clusters.global.create('pods', { metadata: { name } });
    const { headers, body } = await rawGet(STREAMING_LIST, { 'accept-encoding': 'gzip, deflate, br, zstd' }, hasBookmarkMember);
    expect(headers['content-encoding']).toBe('gzip');
    const members = gzipMembers(body).map((m) => JSON.parse(m));
    expect(members.map((e) => `${e.type} ${e.object.metadata.name ?? ''}`.trim())).toEqual(['ADDED a', 'ADDED b', 'ADDED c', 'BOOKMARK']);
    expect(members[3].object.metadata.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
  });

  it('keeps compressing the live part of the same response', async () => {
    server = await startFakeApiServer({ watchListCompression: true });
    server.clusters.global.create('pods', { metadata: { name: 'a' } });
    let created = false;
    const { body } = await rawGet(STREAMING_LIST, { 'accept-encoding': 'gzip' }, (bytes) => {
      if (!created && hasBookmarkMember(bytes)) {
        created = true;
        server!.clusters.global.create('pods', { metadata: { name: 'later' } });
      }
      return created && gzipMembers(bytes).length === 3;
    });
    expect(gzipMembers(body).map((m) => JSON.parse(m).type)).toEqual(['ADDED', 'BOOKMARK', 'ADDED']);
  });

  it('is decoded whole by fetch in Node', async () => {
    server = await startFakeApiServer({ watchListCompression: true, defaultWatchTimeoutSeconds: 1 });
    for (const name of ['a', 'b']) server.clusters.global.create('pods', { metadata: { name } });
    const response = await fetch(`${server.url}${STREAMING_LIST}&timeoutSeconds=1`);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    const lines = (await response.text()).trim().split('\n').map((l) => JSON.parse(l).type);
    expect(lines).toEqual(['ADDED', 'ADDED', 'BOOKMARK']);
  });

  it.each([
    ['no Accept-Encoding', STREAMING_LIST, {}],
    ['gzip refused with q=0', STREAMING_LIST, { 'accept-encoding': 'gzip;q=0, identity' }],
    ['a watch without sendInitialEvents', '/api/v1/namespaces/default/pods?watch=true&allowWatchBookmarks=true', { 'accept-encoding': 'gzip' }],
  ])('sends plain lines for %s', async (_case, path, headers) => {
    server = await startFakeApiServer({ watchListCompression: true });
    server.clusters.global.create('pods', { metadata: { name: 'a' } });
    const { headers: got, body } = await rawGet(path, headers, (bytes) => bytes.toString().includes('"ADDED"'));
    expect(got['content-encoding']).toBeUndefined();
    expect(JSON.parse(body.toString().trim().split('\n')[0]!)).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'a' } } });
  });

  it('is off by default', async () => {
    server = await startFakeApiServer();
    server.clusters.global.create('pods', { metadata: { name: 'a' } });
    const { headers } = await rawGet(STREAMING_LIST, { 'accept-encoding': 'gzip' }, (bytes) => bytes.length > 0);
    expect(headers['content-encoding']).toBeUndefined();
  });
});

describe('acceptsGzip', () => {
  it('reads Accept-Encoding with q-values', () => {
    expect([acceptsGzip('gzip, deflate, br, zstd'), acceptsGzip('GZIP'), acceptsGzip('*'), acceptsGzip('br;q=1, gzip;q=0.5')]).toEqual([true, true, true, true]);
    expect([acceptsGzip(null), acceptsGzip(''), acceptsGzip('identity'), acceptsGzip('gzip;q=0'), acceptsGzip('deflate, x-gzip2')]).toEqual([false, false, false, false, false]);
  });
});
