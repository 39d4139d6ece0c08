/**
 * The one function that builds every API path. Core-group resources live under
 * `/api/v1`, the others under `/apis/{group}/{version}`; a named cluster adds
 * its prefix (`/kubernetes/{cluster}` by default), no cluster means the global
 * cluster without one. Each segment is validated, so the result always stays
 * inside the addressed collection.
 */
import { KubeApiError } from '../errors/KubeApiError.js';
import type { ResourceType } from '../resources/resourceType.js';
import { validateCluster, validateName, validateNamespace, validateResourceSegment, validateSubresource } from './validate.js';

export type ClusterPrefix = (cluster: string) => string;

export const defaultClusterPrefix: ClusterPrefix = (cluster) => `/kubernetes/${cluster}`;

export interface ResourceAddress {
  /** The workload cluster; omitted for the global (management) cluster. */
  cluster?: string | undefined;
  resource: ResourceType<unknown>;
  /** Omitted on a namespaced resource: the collection across all namespaces. */
  namespace?: string | undefined;
  name?: string | undefined;
  subresource?: string | undefined;
}

export function clusterPath(cluster: string | undefined, prefix: ClusterPrefix = defaultClusterPrefix): string {
  if (cluster === undefined) return '';
  const path = prefix(validateCluster(cluster));
  if (!path.startsWith('/') || path.endsWith('/')) {
    throw KubeApiError.invalid(`clusterPrefix must return a path starting with '/' and not ending with '/', got ${JSON.stringify(path)}`, 'cluster');
  }
  return path;
}

export function resourcePath(address: ResourceAddress, prefix: ClusterPrefix = defaultClusterPrefix): string {
  const { resource, namespace, name, subresource } = address;
  const group = resource.group === '' ? '/api' : `/apis/${validateResourceSegment(resource.group, 'group')}`;
  let path = `${clusterPath(address.cluster, prefix)}${group}/${validateResourceSegment(resource.version, 'version')}`;
  if (resource.namespaced) {
    if (namespace !== undefined) path += `/namespaces/${validateNamespace(namespace)}`;
    else if (name !== undefined) throw KubeApiError.invalid(`${resource.kind} ${name}: a namespaced object needs a namespace`, 'metadata.namespace');
  } else if (namespace !== undefined) {
    throw KubeApiError.invalid(`${resource.kind} is not namespaced; no namespace may be given`, 'metadata.namespace');
  }
  path += `/${validateResourceSegment(resource.plural, 'plural')}`;
  if (name !== undefined) path += `/${validateName(name)}`;
  if (subresource !== undefined) {
    if (name === undefined) throw KubeApiError.invalid('a subresource needs a name', 'subresource');
    path += `/${validateSubresource(subresource)}`;
  }
  return path;
}
