// node:http2 in front of the fetch-style core, over TLS with a self-signed
// certificate (selfSignedCertificate.ts), speaking h2 to clients that offer it
// (ALPN) and HTTP/1.1 to the others (allowHTTP1). Like kube-apiserver it lets
// a connection carry 100 concurrent streams
// (staging/src/k8s.io/apiserver/pkg/server/secure_serving.go, the default of
// --http2-max-streams-per-connection). Same invariants as nodeAdapter.ts,
// per stream: headers go out before the first body byte, a body that errors
// resets only its own stream (the other watches on the connection carry on),
// a client that goes away cancels the body, and close() resolves only when
// every session and socket is gone.
import { createSecureServer, type Http2ServerRequest, type Http2Session } from 'node:http2';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ApiCore } from '../api/core.js';
import { selfSignedCertificate } from './selfSignedCertificate.js';

/** kube-apiserver's default SETTINGS_MAX_CONCURRENT_STREAMS. */
export const MAX_CONCURRENT_STREAMS = 100;

/** Headers HTTP/2 forbids (RFC 9113 section 8.2.2); node:http2 throws on them. */
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

type Req = Http2ServerRequest | IncomingMessage;
/** What respond() uses of an Http2ServerResponse, or of a ServerResponse for an HTTP/1.1 client. */
interface Res {
  readonly destroyed: boolean;
  readonly headersSent: boolean;
  readonly socket: unknown;
  on(event: 'close', listener: () => void): unknown;
  writeHead(status: number, headers: Record<string, string>): unknown;
  flushHeaders?(): void;
  write(chunk: Uint8Array): unknown;
  end(): unknown;
  destroy(): unknown;
}

export interface Http2ServerHandle {
  host: string;
  port: number;
  /** `https://host:port` */
  url: string;
  close(): Promise<void>;
}

async function toRequest(req: Req, origin: string, signal: AbortSignal): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    // Pseudo-headers (:method, :path, :authority, :scheme) are no header names for fetch.
    if (!name.startsWith(':')) headers.append(name, req.rawHeaders[i + 1]!);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD' && chunks.length > 0;
  return new Request(new URL(req.url ?? '/', origin), { method, headers, signal, ...(hasBody ? { body: Buffer.concat(chunks) } : {}) });
}

function responseHeaders(response: Response, h2: boolean): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of response.headers) if (!h2 || !CONNECTION_HEADERS.has(name)) headers[name] = value;
  return headers;
}

async function respond(core: ApiCore, req: Req, res: Res, origin: string): Promise<void> {
  const h2 = req.httpVersionMajor === 2;
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  const response = await core.handle(await toRequest(req, origin, abort.signal));
  if (res.destroyed) {
    await response.body?.cancel().catch(() => {});
    return;
  }
  res.writeHead(response.status, responseHeaders(response, h2));
  if (!response.body || req.method === 'HEAD') {
    res.end();
    return;
  }
  res.flushHeaders?.();
  const reader = response.body.getReader();
  res.on('close', () => {
    reader.cancel().catch(() => {});
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) return;
      res.write(value);
    }
    res.end();
  } catch {
    // A cut: over h2 only this stream is reset; over HTTP/1.1 the connection drops mid-body.
    if (h2) res.destroy();
    else if (res.socket) (res.socket as Socket).destroySoon();
    else res.destroy();
  }
}

export function listenHttp2(core: ApiCore, options: { host: string; port: number }): Promise<Http2ServerHandle> {
  const { key, cert } = selfSignedCertificate();
  const inFlight = new Set<Promise<void>>();
  const sessions = new Set<Http2Session>();
  const sockets = new Set<Socket>();
  let origin = '';
  const server = createSecureServer({ key, cert, allowHTTP1: true, settings: { maxConcurrentStreams: MAX_CONCURRENT_STREAMS } }, (req, res) => {
    // Typed as h2, but with allowHTTP1 an HTTP/1.1 client gets a ServerResponse: both fit Res.
    const response = res as unknown as Res;
    const done = respond(core, req, response, origin).catch(() => {
      if (response.headersSent) return void response.destroy();
      response.writeHead(500, {});
      response.end();
    });
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  });
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      origin = `https://${options.host}:${port}`;
      let closing: Promise<void> | undefined;
      resolve({
        host: options.host,
        port,
        url: origin,
        close: () =>
          (closing ??= (async () => {
            const stopped = new Promise<void>((r) => server.close(() => r()));
            core.shutdown();
            // Let ended streams write their last chunk before the sessions go (bounded: a stuck client must not hold close()).
            let timer: ReturnType<typeof setTimeout> | undefined;
            await Promise.race([Promise.allSettled(inFlight), new Promise((r) => (timer = setTimeout(r, 1_000)))]);
            clearTimeout(timer);
            for (const session of sessions) session.destroy();
            for (const socket of sockets) socket.destroy();
            await stopped;
          })()),
      });
    });
  });
}
