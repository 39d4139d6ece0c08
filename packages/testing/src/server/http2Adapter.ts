// node:http2 in front of the fetch-style core, over TLS with a self-signed
// certificate (selfSignedCertificate.ts), speaking h2 to clients that offer it
// (ALPN) and HTTP/1.1 to the others (allowHTTP1). Like kube-apiserver it lets
// a connection carry 100 concurrent streams
// (staging/src/k8s.io/apiserver/pkg/server/secure_serving.go, the default of
// --http2-max-streams-per-connection). The bridge (respond.ts) keeps its
// invariants per stream: headers go out before the first body byte, a body that errors
// resets only its own stream (the other watches on the connection carry on),
// a client that goes away cancels the body, and close() resolves only when
// every session and socket is gone.
import { createSecureServer, type Http2Session } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import type { ApiCore } from '../api/core.js';
import { respond, type NodeResponse } from './respond.js';
import { selfSignedCertificate } from './selfSignedCertificate.js';

/** kube-apiserver's default SETTINGS_MAX_CONCURRENT_STREAMS. */
export const MAX_CONCURRENT_STREAMS = 100;

export interface Http2ServerHandle {
  host: string;
  port: number;
  /** `https://host:port` */
  url: string;
  close(): Promise<void>;
}

export function listenHttp2(core: ApiCore, options: { host: string; port: number }): Promise<Http2ServerHandle> {
  const { key, cert } = selfSignedCertificate();
  const inFlight = new Set<Promise<void>>();
  const sessions = new Set<Http2Session>();
  const sockets = new Set<Socket>();
  let origin = '';
  const server = createSecureServer({ key, cert, allowHTTP1: true, settings: { maxConcurrentStreams: MAX_CONCURRENT_STREAMS } }, (req, res) => {
    // Typed as h2, but with allowHTTP1 an HTTP/1.1 client gets a ServerResponse: both fit NodeResponse.
    const response = res as unknown as NodeResponse;
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
