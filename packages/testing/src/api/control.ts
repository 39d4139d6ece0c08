// The control endpoint under `/__rxkube/` (no Kubernetes path starts so):
// the same switches as the in-process API, for tests in another process or
// a browser. Bodies and answers are JSON. Control requests are not logged,
// so they never disturb request counts.
//   GET    /__rxkube/requests[?watch=&open=&cluster=&resource=&verb=]  -> { items, openWatches }
//   DELETE /__rxkube/requests                                         -> clears closed records
//   GET    /__rxkube/faults                                           -> { items: rules }
//   POST   /__rxkube/faults   { fault, match? }                       -> rule
//   DELETE /__rxkube/faults[/{id}]
//   POST   /__rxkube/compact  { cluster? }     POST /__rxkube/restart { cluster? }
//   GET    /__rxkube/objects?resource=&cluster=&namespace=            -> { items }
//   POST   /__rxkube/objects  { action, resource, cluster?, object?, name?, namespace?, patch?, patchType? }
//   POST   /__rxkube/reset    (objects, faults and the request log)
//   POST   /__rxkube/tick     { count? }   (the simulator, when there is one)
//   GET    /__rxkube/clusters -> { items: [{ name, resourceVersion }] }
import type { FaultController } from '../faults/faultController.js';
import type { Fault, FaultMatch } from '../faults/types.js';
import type { FakeModel } from '../model/model.js';
import type { PatchType } from '../model/patch/index.js';
import { ApiError, badRequest, notFound } from '../model/status.js';
import { isObject } from '../model/util.js';
import type { RequestFilter, RequestLog } from '../requests/requestLog.js';
import { queryFlag } from './queryFlag.js';
import { errorResponse, jsonResponse } from './responses.js';

export interface ControlContext {
  model: FakeModel;
  faults: FaultController;
  requests: RequestLog;
  /** Advances the simulator, if the server runs one. */
  tick?: ((count: number) => void) | undefined;
}

export type ObjectAction =
  | { action: 'create' | 'update' | 'updateStatus'; resource: string; cluster?: string; object: unknown }
  | { action: 'patch' | 'apply'; resource: string; cluster?: string; namespace?: string; name: string; patch: unknown; patchType?: PatchType; fieldManager?: string; force?: boolean }
  | { action: 'delete' | 'get'; resource: string; cluster?: string; namespace?: string; name: string };

export function runObjectAction(model: FakeModel, body: ObjectAction): unknown {
  const cluster = model.cluster(body.cluster ?? 'global');
  switch (body.action) {
    case 'create':
      return cluster.create(body.resource, body.object);
    case 'update':
      return cluster.update(body.resource, body.object);
    case 'updateStatus':
      return cluster.updateStatus(body.resource, body.object);
    case 'patch':
    case 'apply':
      if (body.action === 'apply') {
        // An apply needs a manager; the control endpoint's default names itself.
        const options = { fieldManager: body.fieldManager ?? 'rxkube-control', ...(body.force !== undefined ? { force: body.force } : {}) };
        return cluster.patch(body.resource, { namespace: body.namespace, name: body.name }, body.patch, 'apply', options);
      }
      return cluster.patch(body.resource, { namespace: body.namespace, name: body.name }, body.patch, body.patchType ?? 'merge', { fieldManager: body.fieldManager });
    case 'delete':
      return cluster.delete(body.resource, { namespace: body.namespace, name: body.name });
    case 'get':
      return cluster.get(body.resource, { namespace: body.namespace, name: body.name });
    default:
      throw badRequest(`unknown action ${String((body as { action?: unknown }).action)}`);
  }
}

function requestFilter(q: URLSearchParams): RequestFilter {
  const bool = (k: string) => (q.has(k) ? queryFlag(q, k) : undefined);
  const filter: RequestFilter = {};
  for (const k of ['cluster', 'resource', 'namespace', 'method', 'path'] as const) {
    const v = q.get(k);
    if (v !== null) filter[k] = v;
  }
  const verb = q.get('verb');
  if (verb !== null) filter.verb = verb as RequestFilter['verb'];
  const watch = bool('watch');
  if (watch !== undefined) filter.watch = watch;
  const open = bool('open');
  if (open !== undefined) filter.open = open;
  return filter;
}

async function readBody(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if (!text.trim()) return {};
  const parsed: unknown = JSON.parse(text);
  if (!isObject(parsed)) throw badRequest('control requests take a JSON object');
  return parsed;
}

export async function handleControl(ctx: ControlContext, request: Request, path: string, url: URL): Promise<Response> {
  try {
    return await route(ctx, request, path, url);
  } catch (err) {
    if (err instanceof ApiError) return errorResponse(err);
    return errorResponse(badRequest(err instanceof Error ? err.message : String(err)));
  }
}

async function route(ctx: ControlContext, request: Request, path: string, url: URL): Promise<Response> {
  const method = request.method;
  const { model, faults, requests } = ctx;
  if (path === '/requests' && method === 'GET') {
    const filter = requestFilter(url.searchParams);
    return jsonResponse(200, { items: requests.all(filter), openWatches: requests.openWatches(filter) });
  }
  if (path === '/requests' && method === 'DELETE') {
    requests.clear();
    return jsonResponse(200, {});
  }
  if (path === '/faults' && method === 'GET') return jsonResponse(200, { items: faults.list() });
  if (path === '/faults' && method === 'POST') {
    const b = await readBody(request);
    if (!isObject(b.fault) || typeof b.fault.kind !== 'string') throw badRequest('expected { fault: { kind, ... }, match? }');
    const match = (isObject(b.match) ? b.match : {}) as FaultMatch;
    return jsonResponse(201, faults.inject(b.fault as unknown as Fault, match));
  }
  if (path === '/faults' && method === 'DELETE') {
    faults.clear();
    return jsonResponse(200, {});
  }
  const faultId = /^\/faults\/(\d+)$/.exec(path);
  if (faultId && method === 'DELETE') return jsonResponse(faults.remove(Number(faultId[1])) ? 200 : 404, {});
  if ((path === '/compact' || path === '/restart') && method === 'POST') {
    const cluster = String((await readBody(request)).cluster ?? 'global');
    if (path === '/compact') faults.compact(cluster);
    else faults.restart(cluster);
    return jsonResponse(200, { cluster, resourceVersion: model.cluster(cluster).resourceVersion });
  }
  if (path === '/objects' && method === 'GET') {
    const q = url.searchParams;
    const cluster = model.cluster(q.get('cluster') ?? 'global');
    const items = cluster.list(q.get('resource') ?? 'pods', {
      namespace: q.get('namespace') ?? undefined,
      labelSelector: q.get('labelSelector') ?? undefined,
      fieldSelector: q.get('fieldSelector') ?? undefined,
    });
    return jsonResponse(200, { items, resourceVersion: cluster.resourceVersion });
  }
  if (path === '/objects' && method === 'POST') {
    const b = (await readBody(request)) as unknown as ObjectAction;
    return jsonResponse(200, runObjectAction(model, b));
  }
  if (path === '/reset' && method === 'POST') {
    model.reset();
    faults.clear();
    requests.clear();
    return jsonResponse(200, {});
  }
  if (path === '/tick' && method === 'POST') {
    if (!ctx.tick) throw badRequest('this server runs no simulator');
    const count = Number((await readBody(request)).count ?? 1);
    ctx.tick(count);
    return jsonResponse(200, { count });
  }
  if (path === '/clusters' && method === 'GET') {
    return jsonResponse(200, { items: model.clusterNames().map((name) => ({ name, resourceVersion: model.cluster(name).resourceVersion })) });
  }
  throw notFound({ resource: '__rxkube', group: '', name: path });
}
