// The bridge from node's request and response objects (node:http, or
// node:http2 with an HTTP/1.1 or h2 client) to the fetch-style core.
// Invariants: response headers are flushed before the first body byte (a
// watch client sees 200 at once); a body that errors cuts the response (the
// client sees a broken body, as when a proxy drops it: over h2 only its own
// stream is reset); a client that goes away cancels the body (which ends the
// watch and its timers).
import type { Http2ServerRequest } from 'node:http2';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { ApiCore } from '../api/core.js';

/** Headers HTTP/2 forbids (RFC 9113 section 8.2.2); node:http2 throws on them. */
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

export type NodeRequest = Http2ServerRequest | IncomingMessage;
/** What respond() uses of an Http2ServerResponse or a ServerResponse. */
export interface NodeResponse {
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

async function toRequest(req: NodeRequest, origin: string, signal: AbortSignal): Promise<Request> {
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

export async function respond(core: ApiCore, req: NodeRequest, res: NodeResponse, origin: string): Promise<void> {
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
