/**
 * The HTTP layer: one ky instance per client. Retries are the watcher's job,
 * so ky never retries and never times out on its own (a watch body is
 * endless); plain requests get a deadline of their own here. Every failure
 * leaves as a KubeApiError; an abort by the caller leaves as the AbortError.
 */
import ky, { type Hooks, type KyInstance } from 'ky';
import { isAbortError, KubeApiError } from '../errors/KubeApiError.js';
import { responseError } from './responseError.js';

export interface HttpOptions {
  /** '' for the page's own origin; an absolute URL in Node. May carry a gateway path such as '/api-gateway'. */
  baseUrl: string;
  fetch?: typeof fetch | undefined;
  /** ky hooks, e.g. to add an Authorization or CSRF header. */
  hooks?: Hooks | undefined;
  /** Headers for requests to one cluster; they never travel to another. */
  clusterHeaders?: ((cluster: string | undefined) => Record<string, string> | undefined) | undefined;
  /** Deadline of a plain request, answer and body; streams have none. Default 30 s. */
  requestTimeoutMs?: number | undefined;
}

export interface RequestOptions {
  cluster?: string | undefined;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal | undefined;
  /** The Accept header; default `application/json`. A list view asks for a projection (views/view.ts). */
  accept?: string | undefined;
}

const JSON_TYPE = /\bjson\b/i;
const TEXT_TYPE = /^text\/plain\b/i;

export class KubeHttp {
  private readonly ky: KyInstance;
  private readonly baseUrl: string;

  constructor(private readonly options: HttpOptions) {
    this.baseUrl = checkBaseUrl(options.baseUrl);
    this.ky = ky.create({
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.hooks ? { hooks: options.hooks } : {}),
    });
  }

  url(pathAndQuery: string): string {
    return this.baseUrl + pathAndQuery;
  }

  /** A JSON request; resolves to the parsed body. */
  async request<T>(pathAndQuery: string, options: RequestOptions = {}): Promise<T> {
    const timeoutMs = this.options.requestTimeoutMs ?? 30_000;
    // A timer of our own, cleared as soon as the request ends: AbortSignal.timeout
    // would keep a timer and its signals alive for the whole deadline after every request.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const forwardAbort = () => controller.abort(options.signal?.reason);
    if (options.signal?.aborted) forwardAbort();
    options.signal?.addEventListener('abort', forwardAbort, { once: true });
    try {
      const response = await this.send(pathAndQuery, { ...options, signal: controller.signal }, options.accept ?? 'application/json');
      const text = await response.text();
      if (!text) throw KubeApiError.client('InvalidResponse', `${response.status} answer with an empty body`);
      try {
        return JSON.parse(text) as T;
      } catch (cause) {
        throw KubeApiError.client('InvalidResponse', 'the answer is not valid JSON', cause);
      }
    } catch (error) {
      if (timedOut) throw KubeApiError.client('Timeout', `no answer within ${timeoutMs} ms`, error);
      throw error;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', forwardAbort);
    }
  }

  /** Opens a streaming GET (a watch); resolves once the headers are in. */
  async stream(pathAndQuery: string, options: RequestOptions = {}): Promise<ReadableStream<Uint8Array>> {
    return (await this.openStream(pathAndQuery, options)).body;
  }

  /** A streaming GET with its response headers (a watch checks Content-Encoding). */
  async openStream(pathAndQuery: string, options: RequestOptions = {}): Promise<{ body: ReadableStream<Uint8Array>; headers: Headers }> {
    const response = await this.send(pathAndQuery, { ...options, method: 'GET' }, options.accept ?? 'application/json');
    if (!response.body) throw KubeApiError.client('InvalidResponse', 'the stream has no body');
    return { body: response.body, headers: response.headers };
  }

  /** A streaming GET of plain text (a pod's log); an answer of another type (a login page) is refused. */
  async openTextStream(pathAndQuery: string, options: RequestOptions = {}): Promise<{ body: ReadableStream<Uint8Array>; headers: Headers }> {
    const response = await this.send(pathAndQuery, { ...options, method: 'GET' }, 'text/plain, */*', TEXT_TYPE);
    if (!response.body) throw KubeApiError.client('InvalidResponse', 'the stream has no body');
    return { body: response.body, headers: response.headers };
  }

  /** Sends, maps transport failures and non-2xx answers, and refuses a 2xx that is not of the expected type (JSON by default). */
  private async send(pathAndQuery: string, options: RequestOptions, accept: string, expected = JSON_TYPE): Promise<Response> {
    const headers: Record<string, string> = { Accept: accept, ...this.options.clusterHeaders?.(options.cluster) };
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] = options.contentType ?? 'application/json';
    }
    let response: Response;
    try {
      response = await this.ky(this.url(pathAndQuery), {
        method: options.method ?? 'GET',
        headers,
        ...(body === undefined ? {} : { body }),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if (isAbortError(error) || error instanceof KubeApiError) throw error;
      if (options.signal?.aborted) throw options.signal.reason ?? error;
      throw KubeApiError.client('NetworkError', `the request did not reach the server: ${errorText(error)}`, error);
    }
    if (!response.ok) throw await responseError(response);
    const type = response.headers.get('content-type');
    if (response.status !== 204 && type !== null && !expected.test(type)) {
      await response.body?.cancel().catch(() => undefined);
      throw KubeApiError.client(
        'InvalidResponse',
        `expected ${expected === JSON_TYPE ? 'JSON' : 'plain text'} but the server answered ${response.status} with ${type.split(';')[0]} (a login page or a proxy's error page?)`,
      );
    }
    return response;
  }
}

function errorText(error: unknown): string {
  const cause = (error as { cause?: { message?: string } }).cause;
  return cause?.message ?? (error as Error).message ?? String(error);
}

/** Credentials belong in headers (hooks), never in a URL that may be logged. */
function checkBaseUrl(baseUrl: string): string {
  if (baseUrl === '') return '';
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/]*@/i.test(baseUrl)) {
    throw KubeApiError.invalid('baseUrl must not carry credentials; send them in a header through hooks', 'baseUrl');
  }
  return baseUrl.replace(/\/+$/, '');
}
