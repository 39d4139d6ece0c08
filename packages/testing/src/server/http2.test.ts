// The fake over node:http2: h2 with many watches on one connection, HTTP/1.1
// for clients that do not offer h2, and static pages beside the API.
import { request as httpsRequest } from 'node:https';
import { connect, type ClientHttp2Session } from 'node:http2';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeApiServer, type FakeApiServer } from './startFakeApiServer.js';

let server: FakeApiServer | undefined;
let session: ClientHttp2Session | undefined;

afterEach(async () => {
  session?.destroy();
  session = undefined;
  await server?.close();
  server = undefined;
});

/** Opens a stream on the h2 session; resolves with the status and a function that reads the next data chunk. */
function h2Get(path: string): Promise<{ status: number; settings: number | undefined; nextChunk: () => Promise<string> }> {
  return new Promise((resolve, reject) => {
    const stream = session!.request({ ':path': path });
    const chunks: string[] = [];
    const waiting: Array<(chunk: string) => void> = [];
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (waiting.length > 0 ? waiting.shift()!(chunk) : chunks.push(chunk)));
    stream.on('error', reject);
    stream.on('response', (headers) =>
      resolve({
        status: Number(headers[':status']),
        settings: session!.remoteSettings.maxConcurrentStreams,
        nextChunk: () => (chunks.length > 0 ? Promise.resolve(chunks.shift()!) : new Promise((r) => waiting.push(r))),
      }),
    );
  });
}

describe('the fake apiserver over HTTP/2', () => {
  it('multiplexes watches on one connection, announcing 100 concurrent streams as kube-apiserver does', async () => {
    server = await startFakeApiServer({ http2: true });
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    session = connect(server.url, { rejectUnauthorized: false });
    const pods = await h2Get('/api/v1/namespaces/default/pods');
    expect(pods.status).toBe(200);
    expect(pods.settings).toBe(100);
    const first = await h2Get('/api/v1/namespaces/a/pods?watch=true');
    const second = await h2Get('/api/v1/namespaces/b/pods?watch=true');
    expect([first.status, second.status]).toEqual([200, 200]);
    await server.requests.waitFor((log) => log.openWatches() === 2);
    server.clusters.global.create('pods', { metadata: { name: 'p', namespace: 'b' } });
    expect(JSON.parse(await second.nextChunk())).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'p' } } });
  });

  it('answers HTTP/1.1 clients on the same port', async () => {
    server = await startFakeApiServer({ http2: true });
    const { status, alpn } = await new Promise<{ status: number; alpn: string | false | null }>((resolve, reject) => {
      const req = httpsRequest(`${server!.url}/api/v1/namespaces`, { rejectUnauthorized: false }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, alpn: (res.socket as import('node:tls').TLSSocket).alpnProtocol });
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
    expect(alpn).not.toBe('h2');
  });

  it('serves static pages at their exact paths, and the API everywhere else', async () => {
    server = await startFakeApiServer({ pages: { '/': { contentType: 'text/html', body: '<p>hello</p>' } } });
    const page = await fetch(`${server.url}/`);
    expect([page.status, page.headers.get('content-type'), await page.text()]).toEqual([200, 'text/html', '<p>hello</p>']);
    expect((await fetch(`${server.url}/api/v1/namespaces`)).status).toBe(200);
    expect((await fetch(`${server.url}/index.html`)).status).toBe(404);
  });
});
