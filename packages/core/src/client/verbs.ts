/**
 * One-shot requests: get, list (every page), create, update, patch, delete.
 * Paths are built and validated like the watches'; failures are KubeApiErrors
 * (an update on a stale resourceVersion surfaces the server's 409 Conflict).
 */
import type { Status } from '../errors/KubeApiError.js';
import { KubeApiError } from '../errors/KubeApiError.js';
import type { KubeHttp } from '../http/kubeHttp.js';
import { apiVersionOf, type KubeObject, type ResourceType } from '../resources/resourceType.js';
import { queryString } from '../urls/query.js';
import { resourcePath, type ClusterPrefix } from '../urls/resourcePath.js';
import type { WatchResourceListParams } from './querySpec.js';
import { listSpec } from './querySpec.js';
import type { ResolvedOptions } from './options.js';
import { createWatchSource, listAll } from './watchSource.js';
import { ViewMemory } from '../views/viewMemory.js';
import { DEFAULT_COLUMNS, type TableColumn } from '../views/table.js';

export interface ObjectParams<T> {
  cluster?: string | undefined;
  resource: ResourceType<T>;
  namespace?: string | undefined;
  name: string;
  subresource?: string | undefined;
  signal?: AbortSignal | undefined;
}

export interface WriteParams<T> {
  cluster?: string | undefined;
  resource: ResourceType<T>;
  namespace?: string | undefined;
  body: T;
  subresource?: string | undefined;
  dryRun?: boolean | undefined;
  fieldManager?: string | undefined;
  signal?: AbortSignal | undefined;
}

export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

export interface PatchParams<T> extends ObjectParams<T> {
  patch: unknown;
  /** merge (default): RFC 7386; json: RFC 6902 operations; strategic: Kubernetes strategic merge; apply: server-side apply. */
  patchType?: PatchType;
  fieldManager?: string | undefined;
  /** Server-side apply: take ownership of conflicting fields. */
  force?: boolean | undefined;
  /** Let the server compute and validate the result without storing it (`dryRun=All`); the cache is not touched. */
  dryRun?: boolean | undefined;
}

export interface DeleteParams<T> extends ObjectParams<T> {
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan' | undefined;
  gracePeriodSeconds?: number | undefined;
  dryRun?: boolean | undefined;
}

export interface ListResult<T> {
  items: readonly T[];
  resourceVersion: string;
  /** With `view: 'table'`: the columns the server printed the rows with. */
  columns?: readonly TableColumn[];
}

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

/** Every method is async, so that bad input rejects the promise instead of throwing. */
export class Verbs {
  constructor(
    private readonly http: KubeHttp,
    private readonly options: ResolvedOptions,
  ) {}

  private get prefix(): ClusterPrefix | undefined {
    return this.options.clusterPrefix;
  }

  async getResource<T>(params: ObjectParams<T>): Promise<T> {
    const path = resourcePath(params, this.prefix);
    return this.http.request<T>(path, { cluster: params.cluster, signal: params.signal });
  }

  async listResources<T>(params: Omit<WatchResourceListParams<T>, 'downgradePolling'> & { signal?: AbortSignal }): Promise<ListResult<T>> {
    const spec = listSpec(params, { ...this.options, downgradeWatch: false });
    const memory = new ViewMemory();
    const source = createWatchSource(this.http, spec, this.options, memory);
    const page = await listAll(source, params.signal ?? new AbortController().signal);
    const columns = spec.view === 'table' ? { columns: memory.columnsOf(spec.bucket) ?? DEFAULT_COLUMNS } : {};
    return { items: page.items as readonly T[], resourceVersion: page.resourceVersion, ...columns };
  }

  async createResource<T>(params: WriteParams<T>): Promise<T> {
    const body = withTypeMeta(params.body as KubeObject, params.resource);
    const namespace = params.namespace ?? (params.resource.namespaced ? body.metadata?.namespace : undefined);
    const path = resourcePath({ ...params, namespace }, this.prefix);
    return this.http.request<T>(path + writeQuery(params), { cluster: params.cluster, method: 'POST', body, signal: params.signal });
  }

  async updateResource<T>(params: WriteParams<T>): Promise<T> {
    const body = withTypeMeta(params.body as KubeObject, params.resource);
    const name = body.metadata?.name;
    if (!name) throw KubeApiError.invalid('an update needs metadata.name', 'metadata.name');
    const namespace = params.namespace ?? (params.resource.namespaced ? body.metadata?.namespace : undefined);
    const path = resourcePath({ ...params, namespace, name }, this.prefix);
    return this.http.request<T>(path + writeQuery(params), { cluster: params.cluster, method: 'PUT', body, signal: params.signal });
  }

  async patchResource<T>(params: PatchParams<T>): Promise<T> {
    const patchType = params.patchType ?? 'merge';
    // The apiserver requires a manager for apply; one borrowed from a user agent would take ownership in every user's name.
    if (patchType === 'apply' && !params.fieldManager) throw KubeApiError.invalid('server-side apply needs an explicit fieldManager', 'fieldManager');
    const path = resourcePath(params, this.prefix) + queryString({ fieldManager: params.fieldManager, force: params.force, dryRun: params.dryRun ? 'All' : undefined });
    // An applied configuration names its type, as kubectl's does; the apiserver refuses one that does not.
    const body = patchType === 'apply' && isPlainObject(params.patch) ? withTypeMeta(params.patch as KubeObject, params.resource) : params.patch;
    return this.http.request<T>(path, {
      cluster: params.cluster,
      method: 'PATCH',
      body,
      contentType: PATCH_CONTENT_TYPES[patchType],
      signal: params.signal,
    });
  }

  /** Resolves to the object (when deletion is graceful) or the server's Success Status. */
  async deleteResource<T>(params: DeleteParams<T>): Promise<T | Status> {
    const path =
      resourcePath(params, this.prefix) +
      queryString({ propagationPolicy: params.propagationPolicy, gracePeriodSeconds: params.gracePeriodSeconds, dryRun: params.dryRun ? 'All' : undefined });
    return this.http.request<T | Status>(path, { cluster: params.cluster, method: 'DELETE', signal: params.signal });
  }
}

function writeQuery(params: { dryRun?: boolean | undefined; fieldManager?: string | undefined }): string {
  return queryString({ dryRun: params.dryRun ? 'All' : undefined, fieldManager: params.fieldManager });
}

function withTypeMeta(body: KubeObject, resource: ResourceType<unknown>): KubeObject {
  if (typeof body !== 'object' || body === null) throw KubeApiError.invalid('the body must be an object', 'body');
  return { apiVersion: apiVersionOf(resource), kind: resource.kind, ...body };
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
