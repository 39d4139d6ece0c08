// A tiny static server for a built single-page app that proxies the
// Kubernetes API paths to an apiserver. Proxied responses are piped as they
// arrive (headers flushed at once, no buffering, no compression), so watch
// streams reach the browser event by event; a client that goes away aborts
// its upstream request.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

export interface AppServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  close(): Promise<void>;
}

const API_PATH = /^\/(?:api|apis|kubernetes|__rxkube)(?:[/?]|$)/;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

function proxy(target: URL, req: IncomingMessage, res: ServerResponse): void {
  const upstream = httpRequest(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      res.flushHeaders();
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway');
    else res.destroy();
  });
  // The browser closed the connection (an aborted watch): end the upstream one too.
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
}

async function serveFile(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  const candidate = normalize(join(root, pathname));
  const inside = candidate === root || candidate.startsWith(root + sep);
  const file = inside && (await stat(candidate).catch(() => undefined))?.isFile() ? candidate : join(root, 'index.html'); // SPA fallback
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  res.writeHead(200, { 'content-type': type, 'cache-control': file.endsWith('index.html') ? 'no-cache' : 'max-age=31536000, immutable' });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}

/** Serves `distDir` on 127.0.0.1 (any free port) and proxies API paths to `apiUrl`. */
export async function startAppServer(distDir: string, apiUrl: string): Promise<AppServer> {
  const root = normalize(distDir);
  const target = new URL(apiUrl);
  const server = createServer((req, res) => {
    if (API_PATH.test(req.url ?? '/')) proxy(target, req, res);
    else serveFile(root, req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
