// Turns a URL path into what it addresses. Layout:
//   [gatewayBase] [/kubernetes/{cluster}] /api/v1/... | /apis/{g}/{v}/... | /version | /openapi/... | /v1/export/pods
//   [gatewayBase] /__rxkube/...   (the control endpoint; no Kubernetes path starts so)
// Resource paths: [watch/] [namespaces/{ns}/] {plural} [/{name} [/{subresource}]]
export const CONTROL_PREFIX = '/__rxkube';

export type Route =
  | { type: 'control'; path: string }
  | { type: 'foreign' }
  | { type: 'notFound'; cluster: string }
  | { type: 'version' | 'api' | 'apis' | 'openapiV2' | 'openapiV3' | 'health' | 'export'; cluster: string }
  | { type: 'openapiV3Doc'; cluster: string; group: string; version: string }
  | { type: 'group'; cluster: string; group: string }
  | { type: 'groupVersion'; cluster: string; group: string; version: string }
  | ResourceRoute;

export interface ResourceRoute {
  type: 'resource';
  cluster: string;
  group: string;
  version: string;
  plural: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** Came through the deprecated `/watch/` path. */
  watchPath: boolean;
}

const stripPrefix = (path: string, prefix: string) =>
  prefix && (path === prefix || path.startsWith(`${prefix}/`)) ? path.slice(prefix.length) || '/' : undefined;

export function parseRoute(pathname: string, gatewayBase: string): Route {
  let path = pathname;
  const base = gatewayBase.replace(/\/+$/, '');
  if (base) path = stripPrefix(path, base) ?? path;
  if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) return { type: 'control', path: path.slice(CONTROL_PREFIX.length) || '/' };

  let cluster = 'global';
  const prefixed = /^\/kubernetes\/([^/]+)(\/.*)?$/.exec(path);
  if (prefixed) {
    cluster = decodeURIComponent(prefixed[1]!);
    path = prefixed[2] ?? '/';
  }
  const seg = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second, third, fourth] = seg;

  if (first === 'version' && seg.length === 1) return { type: 'version', cluster };
  if ((first === 'healthz' || first === 'livez' || first === 'readyz') && seg.length === 1) return { type: 'health', cluster };
  if (first === 'openapi') {
    if (second === 'v2' && seg.length === 2) return { type: 'openapiV2', cluster };
    if (second === 'v3' && seg.length === 2) return { type: 'openapiV3', cluster };
    if (second === 'v3' && third === 'api' && fourth && seg.length === 4) return { type: 'openapiV3Doc', cluster, group: '', version: fourth };
    if (second === 'v3' && third === 'apis' && fourth && seg[4] && seg.length === 5) return { type: 'openapiV3Doc', cluster, group: fourth, version: seg[4] };
    return { type: 'notFound', cluster };
  }
  if (first === 'v1' && second === 'export' && third === 'pods' && seg.length === 3) return { type: 'export', cluster };
  if (first === 'api') {
    if (seg.length === 1) return { type: 'api', cluster };
    if (!second) return { type: 'notFound', cluster };
    if (seg.length === 2) return { type: 'groupVersion', cluster, group: '', version: second };
    return resourceRoute(cluster, '', second, seg.slice(2));
  }
  if (first === 'apis') {
    if (seg.length === 1) return { type: 'apis', cluster };
    if (!second) return { type: 'notFound', cluster };
    if (seg.length === 2) return { type: 'group', cluster, group: second };
    if (seg.length === 3) return { type: 'groupVersion', cluster, group: second, version: third! };
    return resourceRoute(cluster, second, third!, seg.slice(3));
  }
  return prefixed ? { type: 'notFound', cluster } : { type: 'foreign' };
}

function resourceRoute(cluster: string, group: string, version: string, rest: string[]): Route {
  let parts = rest;
  const watchPath = parts[0] === 'watch';
  if (watchPath) parts = parts.slice(1);
  let namespace: string | undefined;
  // `namespaces/{ns}/{plural}/...` addresses a namespaced resource; `namespaces/{name}[/status]` the Namespace itself.
  if (group === '' && parts[0] === 'namespaces' && parts.length >= 3 && parts[2] !== 'status' && parts[2] !== 'finalize') {
    namespace = parts[1];
    parts = parts.slice(2);
  } else if (group !== '' && parts[0] === 'namespaces' && parts.length >= 3) {
    namespace = parts[1];
    parts = parts.slice(2);
  }
  const [plural, name, subresource, extra] = parts;
  if (!plural || extra !== undefined) return { type: 'notFound', cluster };
  return {
    type: 'resource',
    cluster,
    group,
    version,
    plural,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
    watchPath,
  };
}
