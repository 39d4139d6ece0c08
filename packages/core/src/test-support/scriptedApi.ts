/**
 * A scripted Kubernetes collection behind msw, for the client's unit tests:
 * each list and watch request is recorded, and the test decides what every
 * answer is. Watch streams stay open until the test ends them, so resume,
 * relist and abort paths can be driven step by step.
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

export const BASE = 'http://kube.test';

export interface RecordedRequest {
  url: URL;
  headers: Headers;
  watch: boolean;
  aborted: boolean;
}

export interface OpenWatch {
  request: RecordedRequest;
  send(event: unknown): void;
  sendRaw(text: string): void;
  end(): void;
}

type ListAnswer = { items: unknown[]; resourceVersion: string; continue?: string } | Response;
type WatchAnswer = 'stream' | Response;

const emptyList = (): ListAnswer => ({ items: [], resourceVersion: '1' });

export function createScriptedApi() {
  const requests: RecordedRequest[] = [];
  const watches: OpenWatch[] = [];
  const listAnswers: ((url: URL) => ListAnswer)[] = [];
  const watchAnswers: ((url: URL) => WatchAnswer)[] = [];
  let defaultList: (url: URL) => ListAnswer = emptyList;
  const encoder = new TextEncoder();

  const server = setupServer(
    http.all(`${BASE}/*`, ({ request }) => {
      const url = new URL(request.url);
      const watch = url.searchParams.get('watch') === 'true';
      const recorded: RecordedRequest = { url, headers: request.headers, watch, aborted: false };
      requests.push(recorded);
      request.signal.addEventListener('abort', () => (recorded.aborted = true));
      if (!watch) {
        const answer = (listAnswers.shift() ?? defaultList)(url);
        if (answer instanceof Response) return answer;
        return HttpResponse.json({ kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: answer.resourceVersion, continue: answer.continue }, items: answer.items });
      }
      const answer = watchAnswers.shift()?.(url) ?? 'stream';
      if (answer instanceof Response) return answer;
      let controller!: ReadableStreamDefaultController<Uint8Array>;
      let closed = false;
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          controller = c;
          // fetch() resolves only once a first chunk is enqueued.
          c.enqueue(encoder.encode('\n'));
        },
        cancel() {
          closed = true;
          recorded.aborted = true;
        },
      });
      request.signal.addEventListener('abort', () => {
        closed = true;
      });
      const enqueue = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      watches.push({
        request: recorded,
        send: (event) => enqueue(`${JSON.stringify(event)}\n`),
        sendRaw: enqueue,
        end: () => {
          if (closed) return;
          closed = true;
          controller.close();
        },
      });
      return new HttpResponse(stream, { headers: { 'Content-Type': 'application/json' } });
    }),
  );

  return {
    server,
    requests,
    watches,
    setDefaultList(answer: (url: URL) => ListAnswer) {
      defaultList = answer;
    },
    answerNextList(answer: (url: URL) => ListAnswer) {
      listAnswers.push(answer);
    },
    answerNextWatch(answer: (url: URL) => WatchAnswer) {
      watchAnswers.push(answer);
    },
    lists: () => requests.filter((r) => !r.watch),
    openWatches: () => watches.filter((w) => !w.request.aborted),
    endAll() {
      for (const watch of watches) watch.end();
    },
  };
}

export function pod(name: string, resourceVersion: string, extra: Record<string, unknown> = {}) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', resourceVersion, labels: { app: 'web' } }, ...extra };
}

/** Resolves when `check` passes, polling on macrotasks; rejects after `ms`. */
export async function until(check: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
