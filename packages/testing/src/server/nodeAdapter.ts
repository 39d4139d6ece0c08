// node:http in front of the fetch-style core. Invariants: response headers
// are flushed before the first body byte (a watch client sees 200 at once);
// a body that errors cuts the connection (the client sees a broken chunked
// response, as when a proxy drops it); a client that goes away cancels the
// body (which ends the watch and its timers); close() resolves only when
// every connection is gone.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ApiCore } from '../api/core.js';

export interface NodeServerHandle {
  server: Server;
  host: string;
  port: number;
  url: string;
  close(): Promise<void>;
}

async function toRequest(req: IncomingMessage, origin: string, signal: AbortSignal): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD' && chunks.length > 0;
  return new Request(new URL(req.url ?? '/', origin), { method, headers, signal, ...(hasBody ? { body: Buffer.concat(chunks) } : {}) });
}

async function respond(core: ApiCore, req: IncomingMessage, res: ServerResponse, origin: string): Promise<void> {
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  const response = await core.handle(await toRequest(req, origin, abort.signal));
  if (res.destroyed) {
    await response.body?.cancel().catch(() => {});
    return;
  }
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body || req.method === 'HEAD') {
    res.end();
    return;
  }
  res.flushHeaders();
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
    // A cut: what was written still reaches the client, then the connection drops mid-body.
    const socket = res.socket;
    if (socket) socket.destroySoon();
    else res.destroy();
  }
}

export function listen(core: ApiCore, options: { host: string; port: number }): Promise<NodeServerHandle> {
  const inFlight = new Set<Promise<void>>();
  const sockets = new Set<Socket>();
  let origin = '';
  const server = createServer((req, res) => {
    const done = respond(core, req, res, origin).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      origin = `http://${options.host}:${port}`;
      let closing: Promise<void> | undefined;
      resolve({
        server,
        host: options.host,
        port,
        url: origin,
        close: () =>
          (closing ??= (async () => {
            const stopped = new Promise<void>((r) => server.close(() => r()));
            core.shutdown();
            // Let ended streams write their last chunk before the sockets go (bounded: a stuck client must not hold close()).
            let timer: ReturnType<typeof setTimeout> | undefined;
            await Promise.race([Promise.allSettled(inFlight), new Promise((r) => (timer = setTimeout(r, 1_000)))]);
            clearTimeout(timer);
            server.closeAllConnections();
            for (const socket of sockets) socket.destroy();
            await stopped;
          })()),
      });
    });
  });
}
