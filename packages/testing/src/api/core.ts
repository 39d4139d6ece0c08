// The request-handling core shared by the node:http server and the msw
// handlers: a fetch-style `(Request) => Promise<Response>`, so both speak
// exactly the same API. Order for every Kubernetes request: route, log,
// faults (an answer fault replaces the response; stream faults shape it;
// transport faults wrap its body), then the handler.
import { FaultController, type AppliedFaults } from '../faults/faultController.js';
import { buffered, cutAfter } from '../faults/transport.js';
import type { Fault, Verb } from '../faults/types.js';
import type { FakeModel } from '../model/model.js';
import { resourceKey } from '../model/resources.js';
import { ApiError, expired, forbidden, internalError, notFound, toApiError, tooManyRequests } from '../model/status.js';
import { RequestLog, type RequestRecord } from '../requests/requestLog.js';
import { handleControl } from './control.js';
import { apiGroupList, apiGroupOf, apiResourceList, apiVersions, SERVER_VERSION } from './discovery.js';
import { handleExport } from './export.js';
import { handleLogs } from './logs.js';
import type { LineStream } from './lineStream.js';
import { OPENAPI_V2_CONTENT_TYPE, openApiV2Protobuf, openApiV3Document, openApiV3Index } from './openapi.js';
import { handleResource, verbOf } from './resourceHandler.js';
import { queryFlag } from './queryFlag.js';
import { errorResponse, htmlLoginResponse, jsonResponse, streamResponse, throttledResponse } from './responses.js';
import { parseRoute, type Route } from './route.js';
import { isExpiredWatch } from './watch.js';
import { negotiate } from './mediaType.js';

export interface ApiCoreOptions {
  model: FakeModel;
  faults?: FaultController;
  requests?: RequestLog;
  /** A base every path may be prefixed with, e.g. `/api-gateway`. */
  gatewayBase?: string;
  /** Interval of BOOKMARK events on watches that allow them (default 5,000 ms). */
  bookmarkIntervalMs?: number;
  /** Watch length when the client sets no timeoutSeconds (default 1,800 s, the apiserver's minimum). */
  defaultWatchTimeoutSeconds?: number;
  /**
   * Serve streaming lists (watches with sendInitialEvents=true) gzip-compressed,
   * one gzip member per flush, to requests that accept gzip, as Kubernetes 1.37
   * does (WatchListCompression). Default false.
   */
  watchListCompression?: boolean;
  /** Honour KEP-5958's `drop=metadata.managedFields` Accept parameter (Kubernetes 1.37, ManagedFieldsOptOut, alpha: off by default). */
  managedFieldsOptOut?: boolean;
  /** Write a newline first on every stream (msw resolves fetch() only on the first chunk). */
  primeStreams?: boolean;
  /** Advances the simulator from the control endpoint. */
  tick?: (count: number) => void;
}

export interface ApiCore {
  readonly model: FakeModel;
  readonly faults: FaultController;
  readonly requests: RequestLog;
  handle(request: Request): Promise<Response>;
  /** Whether a URL path belongs to the fake (msw passes the others through). */
  owns(url: URL): boolean;
  /** Ends every open stream and pending request; later requests get 503. */
  shutdown(): void;
}

const unknownPath = () => new ApiError(404, 'NotFound', 'the server could not find the requested resource');

/**
 * Applies transport faults, and stream faults to plain bodies (line
 * streams applied theirs already, event by event).
 */
async function shape(response: Response, applied: AppliedFaults, lineStream: boolean): Promise<Response> {
  const original = response.body;
  if (!original) return response;
  let body: ReadableStream<Uint8Array<ArrayBuffer>> = original;
  const stream = lineStream ? undefined : applied.stream;
  if (stream && (stream.kind === 'cutMidLine' || stream.kind === 'malformedLine')) {
    // A plain (non-streaming) body: send half of it, then cut or end.
    const text = await response.text();
    const half = new TextEncoder().encode(text.slice(0, Math.floor(text.length / 2)));
    body = new ReadableStream({
      start(controller) {
        controller.enqueue(half);
        if (stream.kind === 'malformedLine') controller.close();
      },
      // Called once the half was read: erroring earlier would drop it.
      pull(controller) {
        controller.error(new Error('connection cut mid-body'));
      },
    });
  }
  for (const fault of applied.transport) {
    if (fault.kind === 'bufferingProxy') body = buffered(body);
    if (fault.kind === 'cutAfter') body = cutAfter(body, fault.ms);
  }
  return body === response.body ? response : new Response(body, { status: response.status, headers: response.headers });
}

export function createApiCore(options: ApiCoreOptions): ApiCore {
  const { model } = options;
  const faults = options.faults ?? new FaultController(model);
  const requests = options.requests ?? new RequestLog();
  const gatewayBase = options.gatewayBase ?? '';
  const streams = new Set<LineStream>();
  const hangs = new Set<() => void>();
  let closed = false;

  function discovery(route: Route, url: URL): Response {
    const registry = model.resources;
    switch (route.type) {
      case 'version':
        return jsonResponse(200, SERVER_VERSION);
      case 'health':
        return new Response('ok', { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } });
      case 'api':
        return jsonResponse(200, apiVersions(url.host));
      case 'apis':
        return jsonResponse(200, apiGroupList(registry));
      case 'group': {
        const group = apiGroupOf(registry, route.group);
        if (!group) throw unknownPath();
        return jsonResponse(200, group);
      }
      case 'groupVersion': {
        const list = apiResourceList(registry, route.group, route.version);
        if (!list) throw unknownPath();
        return jsonResponse(200, list);
      }
      case 'openapiV2':
        return new Response(openApiV2Protobuf(), { status: 200, headers: { 'content-type': OPENAPI_V2_CONTENT_TYPE } });
      case 'openapiV3':
        return jsonResponse(200, openApiV3Index(registry, url.pathname.slice(0, -'/openapi/v3'.length)));
      case 'openapiV3Doc':
        if (!apiResourceList(registry, route.group, route.version)) throw unknownPath();
        return jsonResponse(200, openApiV3Document());
      default:
        throw unknownPath();
    }
  }

  async function answer(fault: Fault, signal: AbortSignal): Promise<Response> {
    switch (fault.kind) {
      case 'gone':
        return errorResponse(expired('The resourceVersion for the provided watch is too old.'));
      case 'tooManyRequests':
        return errorResponse(tooManyRequests(fault.retryAfterSeconds ?? 1));
      case 'throttled':
        return throttledResponse(fault.retryAfterSeconds ?? 1);
      case 'silentCloseWhenExpired':
        return streamResponse(new ReadableStream({ start: (controller) => controller.close() }));
      case 'serverError':
        return errorResponse(internalError(fault.message ?? 'injected server error'));
      case 'forbidden':
        return errorResponse(forbidden(fault.message ?? 'the fake apiserver denies this request (injected)'));
      case 'htmlLogin':
        return htmlLoginResponse();
      case 'notAcceptable':
        // What negotiation.NewNotAcceptableError says (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/negotiation/errors.go).
        return errorResponse(new ApiError(406, 'NotAcceptable', 'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf'));
      default:
        // hang: no answer until the client gives up or the server closes.
        await new Promise<void>((resolve) => {
          const done = () => {
            hangs.delete(done);
            resolve();
          };
          hangs.add(done);
          signal.addEventListener('abort', done, { once: true });
        });
        return errorResponse(new ApiError(503, 'InternalError', 'the fake apiserver is shutting down'));
    }
  }

  async function dispatch(
    request: Request,
    url: URL,
    route: Route,
    record: RequestRecord,
    track: (s: LineStream) => void,
  ): Promise<[Response, AppliedFaults?]> {
    const cluster = model.findCluster(route.type === 'control' || route.type === 'foreign' ? 'global' : route.cluster);
    if (!cluster) return [errorResponse(notFound({ resource: 'clusters', group: '', name: record.cluster }))];
    const resource = route.type === 'resource' ? model.resources.lookup(route.group, route.version, route.plural) : undefined;
    if (route.type === 'resource' && !resource) throw unknownPath();
    const applied = faults.take({
      cluster: record.cluster,
      resource: resource?.plural ?? (route.type === 'export' ? 'pods' : undefined),
      qualifiedResource: resource ? resourceKey(resource) : undefined,
      namespace: record.namespace,
      verb: record.verb as Verb,
      parameterizedAccept: negotiate(request.headers.get('accept')).parameterized,
      expiredWatch: record.verb === 'watch' && isExpiredWatch(cluster, url.searchParams.get('resourceVersion'), queryFlag(url.searchParams, 'sendInitialEvents')),
    });
    if (applied.answer?.kind === 'delay') await delay(applied.answer.ms, request.signal);
    else if (applied.answer) return [await answer(applied.answer, request.signal)];
    let response: Response;
    if (route.type === 'resource' && route.subresource === 'log' && resource?.group === '' && resource.plural === 'pods' && request.method === 'GET') {
      response = handleLogs({ url, route, cluster, streamFault: applied.stream, now: model.clock(), track });
    } else if (route.type === 'resource' && resource) {
      response = await handleResource({
        request,
        url,
        route,
        cluster,
        resource,
        verb: record.verb as Verb,
        streamFault: applied.stream,
        bookmarkIntervalMs: options.bookmarkIntervalMs ?? 5_000,
        defaultWatchTimeoutSeconds: options.defaultWatchTimeoutSeconds ?? 1_800,
        watchListCompression: options.watchListCompression ?? false,
        managedFieldsOptOut: options.managedFieldsOptOut ?? false,
        now: model.clock(),
        track,
      });
    } else if (route.type === 'export') {
      response = handleExport(url, cluster, applied.stream, track);
    } else {
      response = discovery(route, url);
    }
    return [response, applied];
  }

  return {
    model,
    faults,
    requests,
    owns(url) {
      return parseRoute(url.pathname, gatewayBase).type !== 'foreign';
    },
    async handle(request) {
      const url = new URL(request.url);
      const route = parseRoute(url.pathname, gatewayBase);
      if (route.type === 'control') return handleControl({ model, faults, requests, tick: options.tick }, request, route.path, url);
      if (route.type === 'foreign') return errorResponse(unknownPath());
      const resourceRoute = route.type === 'resource' ? route : undefined;
      const verb: RequestRecord['verb'] = resourceRoute ? verbOf(request.method, resourceRoute, url.searchParams) : route.type === 'export' ? 'export' : 'discovery';
      const record = requests.open({
        method: request.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        cluster: route.cluster,
        verb,
        ...(resourceRoute ? { resource: resourceRoute.plural } : route.type === 'export' ? { resource: 'pods' } : {}),
        ...(resourceRoute?.namespace !== undefined ? { namespace: resourceRoute.namespace } : {}),
        ...(resourceRoute?.name !== undefined ? { name: resourceRoute.name } : {}),
        watch: verb === 'watch',
        ...(request.headers.get('accept') ? { accept: request.headers.get('accept')! } : {}),
      });
      let tracked = false;
      const track = (stream: LineStream) => {
        tracked = true;
        streams.add(stream);
        if (options.primeStreams) stream.write('\n');
        const abort = () => stream.close();
        request.signal.addEventListener('abort', abort, { once: true });
        stream.onFinish(() => {
          streams.delete(stream);
          request.signal.removeEventListener('abort', abort);
          requests.close(record);
        });
      };
      let response: Response;
      try {
        if (closed) throw new ApiError(503, 'InternalError', 'the fake apiserver is shutting down');
        const [answered, applied] = await dispatch(request, url, route, record, track);
        response = applied ? await shape(answered, applied, tracked) : answered;
      } catch (err) {
        response = errorResponse(toApiError(err));
      }
      record.status = response.status;
      if (!tracked) requests.close(record);
      return response;
    },
    shutdown() {
      closed = true;
      for (const stream of streams) stream.close();
      for (const release of hangs) release();
    },
  };
}

/** Resolves after `ms`, or at once when the request is aborted. */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
