/**
 * Every path segment that reaches the network passes through here first, so a
 * name like `../secrets`, `a/b` or `%2F` is refused before any request is made
 * and can never move a request outside its collection.
 */
import { KubeApiError } from '../errors/KubeApiError.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SUBRESOURCE = /^[a-z][a-z0-9]*$/;

function check(value: unknown, field: string, pattern: RegExp, maxLength: number, rule: string): string {
  if (typeof value !== 'string' || value === '') throw KubeApiError.invalid(`${field} must be a non-empty string`, field);
  if (value.length > maxLength) throw KubeApiError.invalid(`${field} must be no more than ${maxLength} characters`, field);
  if (!pattern.test(value)) throw KubeApiError.invalid(`${field} ${JSON.stringify(value)} is not a valid ${rule}`, field);
  return value;
}

/** Object names: a DNS-1123 subdomain (lower case, digits, '-', '.'; at most 253). */
export function validateName(name: unknown): string {
  return check(name, 'metadata.name', DNS1123_SUBDOMAIN, 253, 'DNS-1123 subdomain');
}

/** Namespaces: a DNS-1123 label (at most 63). */
export function validateNamespace(namespace: unknown): string {
  return check(namespace, 'metadata.namespace', DNS1123_LABEL, 63, 'DNS-1123 label');
}

/** Cluster names become a path segment of the cluster prefix. */
export function validateCluster(cluster: unknown): string {
  return check(cluster, 'cluster', DNS1123_SUBDOMAIN, 253, 'cluster name (DNS-1123 subdomain)');
}

export function validateSubresource(subresource: unknown): string {
  return check(subresource, 'subresource', SUBRESOURCE, 63, 'subresource');
}

/** Resource type segments come from code, not users, but are checked the same way. */
export function validateResourceSegment(value: unknown, field: string): string {
  return check(value, field, DNS1123_SUBDOMAIN, 253, 'API path segment');
}
