// The REST verbs on one resource path: get, list, watch, create, update,
// patch, delete, deletecollection, and the `status` subresource.
import type { Fault, Verb } from '../faults/types.js';
import type { FakeCluster, ListOptions } from '../model/cluster.js';
import type { KubeObject } from '../model/eventLog.js';
import { PATCH_CONTENT_TYPES } from '../model/patch/index.js';
import { apiVersionOf, type ResourceInfo } from '../model/resources.js';
import { ApiError, badRequest, methodNotAllowed, notFound } from '../model/status.js';
import { isObject } from '../model/util.js';
import { LineStream } from './lineStream.js';
import { listPage, parseResourceVersion } from './list.js';
import { queryFlag } from './queryFlag.js';
import { jsonResponse, streamResponse } from './responses.js';
import type { ResourceRoute } from './route.js';
import { negotiate } from './mediaType.js';
import { projectResponse, watchEncoder } from './table.js';
import { writeOptions } from './writeOptions.js';
import { runWatch } from './watch.js';
import { acceptsGzip, gzipEachChunk } from './watchListCompression.js';

export interface ResourceRequest {
  request: Request;
  url: URL;
  route: ResourceRoute;
  cluster: FakeCluster;
  resource: ResourceInfo;
  verb: Verb;
  streamFault?: Fault | undefined;
  bookmarkIntervalMs: number;
  defaultWatchTimeoutSeconds: number;
  /** Gzip streaming lists (sendInitialEvents=true) one member per flush, as Kubernetes 1.37 does. */
  watchListCompression: boolean;
  /** Honour KEP-5958's `drop=metadata.managedFields` Accept parameter (ManagedFieldsOptOut, alpha in 1.37). */
  managedFieldsOptOut: boolean;
  now: number;
  /** Registers a long-lived body so shutdown can end it. */
  track(stream: LineStream): void;
}

/** What the apiserver would call this request, from method, path and query. */
export function verbOf(method: string, route: ResourceRoute, query: URLSearchParams): Verb {
  const watching = route.watchPath || queryFlag(query, 'watch');
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watching) return 'watch';
      return route.name ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return route.name ? 'delete' : 'deletecollection';
    default:
      return 'get';
  }
}

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('the request body is not valid JSON (the fake apiserver accepts JSON bodies only)');
  }
}

function listOptions(r: ResourceRequest): ListOptions {
  const q = r.url.searchParams;
  let fieldSelector = q.get('fieldSelector') ?? undefined;
  // A watch on one object is a watch on the collection restricted to its name.
  if (r.route.name) fieldSelector = [fieldSelector, `metadata.name=${r.route.name}`].filter(Boolean).join(',');
  return { namespace: r.route.namespace, labelSelector: q.get('labelSelector') ?? undefined, fieldSelector };
}

function mediaTarget(r: ResourceRequest) {
  const target = negotiate(r.request.headers.get('accept'));
  return { target, drop: r.managedFieldsOptOut && target.dropManagedFields };
}

function projection(r: ResourceRequest) {
  const { target, drop } = mediaTarget(r);
  return projectResponse(target, r.resource, r.url.searchParams, r.now, drop);
}

function watchResponse(r: ResourceRequest): Response {
  const q = r.url.searchParams;
  const rv = q.get('resourceVersion') ?? undefined;
  if (rv) parseResourceVersion(rv);
  const sendInitialEvents = queryFlag(q, 'sendInitialEvents');
  const allowBookmarks = queryFlag(q, 'allowWatchBookmarks');
  if (q.get('sendInitialEvents') !== null) {
    if (q.get('resourceVersionMatch') !== 'NotOlderThan') throw badRequest('sendInitialEvents requires setting resourceVersionMatch to NotOlderThan');
    if (!allowBookmarks) throw badRequest('sendInitialEvents requires setting allowWatchBookmarks to true');
  }
  const timeoutSeconds = q.get('timeoutSeconds');
  const options = listOptions(r);
  r.cluster.matcher(r.resource, options); // a bad selector is a 400 before the stream starts
  const { target, drop } = mediaTarget(r);
  if (sendInitialEvents && target.as === 'Table') {
    // WatchList cannot stream Tables (kubernetes/kubernetes issue 126206): clients list, then watch.
    throw badRequest('sendInitialEvents is not supported for Table output: list, then watch');
  }
  const encode = watchEncoder(target, r.resource, q, () => r.now, drop);
  const stream = new LineStream();
  r.track(stream);
  runWatch(stream, {
    cluster: r.cluster,
    resource: r.resource,
    options,
    resourceVersion: rv,
    sendInitialEvents,
    allowBookmarks,
    // Unset or 0 means the server's default, as in the apiserver.
    timeoutMs: (Number(timeoutSeconds) > 0 ? Number(timeoutSeconds) : r.defaultWatchTimeoutSeconds) * 1000,
    bookmarkIntervalMs: r.bookmarkIntervalMs,
    encode: (_type, obj) => encode(obj),
    fault: r.streamFault,
  });
  if (r.watchListCompression && sendInitialEvents && acceptsGzip(r.request.headers.get('accept-encoding'))) {
    return streamResponse(gzipEachChunk(stream.body), 200, { 'content-encoding': 'gzip' });
  }
  return streamResponse(stream.body);
}

function listResponse(r: ResourceRequest): Response {
  const q = r.url.searchParams;
  const page = listPage(r.cluster, r.resource, listOptions(r), {
    limit: q.get('limit'),
    continue: q.get('continue'),
    resourceVersion: q.get('resourceVersion'),
    resourceVersionMatch: q.get('resourceVersionMatch'),
  });
  const plain = () => ({ kind: `${r.resource.kind}List`, apiVersion: apiVersionOf(r.resource), metadata: page.metadata, items: page.items });
  return jsonResponse(200, projection(r).list(page.items, page.metadata, plain));
}

function checkBodyIdentity(r: ResourceRequest, body: unknown): KubeObject {
  if (!isObject(body)) throw badRequest('the body of the request was not a JSON object');
  const obj = { ...body, metadata: isObject(body.metadata) ? { ...body.metadata } : {} } as KubeObject;
  const ns = r.route.namespace;
  if (r.resource.namespaced && ns !== undefined) {
    if (obj.metadata.namespace && obj.metadata.namespace !== ns) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    obj.metadata.namespace = ns;
  }
  if (r.route.name !== undefined) {
    if (obj.metadata.name && obj.metadata.name !== r.route.name) {
      throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${r.route.name})`);
    }
    obj.metadata.name = r.route.name;
  }
  return obj;
}

export async function handleResource(r: ResourceRequest): Promise<Response> {
  const { route, cluster, resource } = r;
  const sub = route.subresource;
  if (sub !== undefined && !(sub === 'status' && resource.hasStatus)) {
    throw notFound({ resource: `${resource.plural}/${sub}`, group: resource.group, name: route.name ?? '' });
  }
  if (route.namespace === undefined && resource.namespaced && r.verb !== 'list' && r.verb !== 'watch' && r.verb !== 'deletecollection') {
    throw notFound({ resource: resource.plural, group: resource.group, name: route.name ?? '' });
  }
  const ref = { namespace: route.namespace, name: route.name ?? '' };
  const status = sub === 'status' ? ({ subresource: 'status' } as const) : {};
  switch (r.verb) {
    case 'watch':
      return watchResponse(r);
    case 'list':
      return listResponse(r);
    case 'get': {
      return jsonResponse(200, projection(r).object(cluster.get<KubeObject>(resource, ref)));
    }
    case 'create': {
      if (route.name !== undefined) throw methodNotAllowed();
      const { dryRun, fieldManager } = writeOptions(r.request, r.url, 'create');
      return jsonResponse(201, cluster.create(resource, checkBodyIdentity(r, await readJson(r.request)), { dryRun, fieldManager }));
    }
    case 'update': {
      if (route.name === undefined) throw methodNotAllowed();
      const { dryRun, fieldManager } = writeOptions(r.request, r.url, 'update');
      return jsonResponse(200, cluster.update(resource, checkBodyIdentity(r, await readJson(r.request)), { dryRun, ...status, fieldManager }));
    }
    case 'patch': {
      if (route.name === undefined) throw methodNotAllowed();
      const contentType = (r.request.headers.get('content-type') ?? '').split(';')[0]!.trim();
      const type = PATCH_CONTENT_TYPES[contentType];
      if (!type) throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${Object.keys(PATCH_CONTENT_TYPES).join(', ')}`);
      const existed = cluster.find(resource, ref) !== undefined;
      const options = writeOptions(r.request, r.url, 'patch', { apply: type === 'apply' });
      const result = cluster.patch(resource, ref, await readJson(r.request), type, { ...options, ...status });
      return jsonResponse(existed ? 200 : 201, result);
    }
    case 'delete': {
      const body = await readJson(r.request);
      const preconditions = isObject(body) && isObject(body.preconditions) ? (body.preconditions as { uid?: string; resourceVersion?: string }) : undefined;
      const { dryRun } = writeOptions(r.request, r.url, 'delete', { body });
      return jsonResponse(200, cluster.delete(resource, ref, { dryRun, ...(preconditions ? { preconditions } : {}) }));
    }
    case 'deletecollection': {
      const { dryRun } = writeOptions(r.request, r.url, 'delete', { body: await readJson(r.request) });
      const items = cluster.deleteCollection(resource, { ...listOptions(r), dryRun });
      return jsonResponse(200, { kind: `${resource.kind}List`, apiVersion: apiVersionOf(resource), metadata: { resourceVersion: cluster.resourceVersion }, items });
    }
    default:
      throw methodNotAllowed();
  }
}
