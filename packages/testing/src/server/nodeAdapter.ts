// node:http in front of the fetch-style core (the bridge is respond.ts).
// close() resolves only when every connection is gone.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ApiCore } from '../api/core.js';
import { respond } from './respond.js';

export interface NodeServerHandle {
  server: Server;
  host: string;
  port: number;
  url: string;
  close(): Promise<void>;
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
