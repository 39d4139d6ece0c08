/**
 * A scripted Kubernetes collection on a real node:http server (127.0.0.1,
 * random port), for the client's tests: each list and watch request is
 * recorded, and the test decides every answer. Watch streams stay open until
 * the test ends them, so resume, relist and abort paths can be driven step by
 * step over real fetch streaming.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
  watch: boolean;
  aborted: boolean;
}

export interface OpenWatch {
  request: RecordedRequest;
  send(event: unknown): void;
  sendRaw(data: string | Uint8Array): void;
  end(): void;
}

/** A canned answer: status, headers and body. */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** 'hang': never answer (a server that accepted the connection and went silent). */
type ListAnswer = { items: unknown[]; resourceVersion: string; continue?: string } | Answer | 'hang';
type WatchAnswer = 'stream' | Answer;
interface Queued<T> {
  answer: T;
  match?: ((url: URL) => boolean) | undefined;
}

export function status(code: number, reason: string, message = reason, headers: Record<string, string> = {}): Answer {
  return { status: code, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message }) };
}

const emptyList = (): ListAnswer => ({ items: [], resourceVersion: '1' });

function write(response: ServerResponse, answer: Answer): void {
  response.writeHead(answer.status, answer.headers ?? {});
  response.end(answer.body);
}

export async function startScriptedServer() {
  const requests: RecordedRequest[] = [];
  const watches: OpenWatch[] = [];
  // Queued answers, each for the first request its `match` accepts (any request when absent).
  const listAnswers: Queued<(url: URL, request: RecordedRequest) => ListAnswer>[] = [];
  const watchAnswers: Queued<(url: URL) => WatchAnswer>[] = [];
  const take = <T>(queue: Queued<T>[], url: URL): T | undefined => {
    const index = queue.findIndex((entry) => !entry.match || entry.match(url));
    return index === -1 ? undefined : queue.splice(index, 1)[0]!.answer;
  };
  const responses = new Set<ServerResponse>();
  let defaultList: (url: URL, request: RecordedRequest) => ListAnswer = emptyList;

  const server = createServer((req, response) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const watch = url.searchParams.get('watch') === 'true';
      const recorded: RecordedRequest = { method: req.method ?? 'GET', url, headers: req.headers, body: Buffer.concat(chunks).toString(), watch, aborted: false };
      requests.push(recorded);
      responses.add(response);
      response.on('close', () => {
        responses.delete(response);
        if (!response.writableFinished) recorded.aborted = true;
      });
      if (!watch) {
        const answer = (take(listAnswers, url) ?? defaultList)(url, recorded);
        if (answer === 'hang') return;
        if ('status' in answer) return write(response, answer);
        const list = { kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: answer.resourceVersion, continue: answer.continue }, items: answer.items };
        return write(response, { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(list) });
      }
      const answer = take(watchAnswers, url)?.(url) ?? 'stream';
      if (answer !== 'stream') return write(response, answer);
      response.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
      response.flushHeaders();
      const open = () => !recorded.aborted && !response.writableEnded;
      watches.push({
        request: recorded,
        send: (event) => open() && response.write(`${JSON.stringify(event)}\n`),
        sendRaw: (data) => open() && response.write(data),
        end: () => open() && response.end(),
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    watches,
    setDefaultList(answer: (url: URL, request: RecordedRequest) => ListAnswer) {
      defaultList = answer;
    },
    answerNextList(answer: (url: URL, request: RecordedRequest) => ListAnswer, match?: (url: URL) => boolean) {
      listAnswers.push({ answer, match });
    },
    answerNextWatch(answer: (url: URL) => WatchAnswer, match?: (url: URL) => boolean) {
      watchAnswers.push({ answer, match });
    },
    lists: () => requests.filter((r) => !r.watch),
    openWatches: () => watches.filter((w) => !w.request.aborted && !w.request.url.searchParams.has('__ended')),
    async close() {
      for (const response of responses) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type ScriptedServer = Awaited<ReturnType<typeof startScriptedServer>>;

export function pod(name: string, resourceVersion: string, extra: Record<string, unknown> = {}) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', resourceVersion, labels: { app: 'web' } }, ...extra };
}
