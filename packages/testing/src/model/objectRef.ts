// How callers name objects, and how input becomes a well-formed object of
// a kind: apiVersion/kind filled in (a mismatch is 400), metadata present,
// a namespace only for namespaced kinds ('default' when none is given).
import type { KubeObject } from './eventLog.js';
import { apiVersionOf, type ResourceInfo } from './resources.js';
import { badRequest } from './status.js';
import { clone, isObject } from './util.js';

/** `'name'`, `'namespace/name'`, an explicit pair, or an object (its metadata). */
export type ObjectRef =
  | string
  | { namespace?: string | undefined; name: string }
  | { metadata: { namespace?: string | undefined; name: string } };

/** A mutable copy with apiVersion/kind filled in and a namespace that fits the scope. */
export function normalize(r: ResourceInfo, input: unknown): KubeObject {
  if (!isObject(input)) throw badRequest('the body of the request was not a JSON object');
  const obj = clone(input) as KubeObject;
  const apiVersion = apiVersionOf(r);
  if ((obj.apiVersion && obj.apiVersion !== apiVersion) || (obj.kind && obj.kind !== r.kind)) {
    throw badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${apiVersion})`);
  }
  obj.apiVersion = apiVersion;
  obj.kind = r.kind;
  obj.metadata = isObject(obj.metadata) ? obj.metadata : ({} as KubeObject['metadata']);
  if (r.namespaced) obj.metadata.namespace ||= 'default';
  else delete obj.metadata.namespace;
  return obj;
}

export function resolveRef(r: ResourceInfo, ref: ObjectRef): { namespace: string | undefined; name: string } {
  if (typeof ref === 'string') {
    const slash = ref.indexOf('/');
    const namespace = slash === -1 ? undefined : ref.slice(0, slash);
    const name = slash === -1 ? ref : ref.slice(slash + 1);
    return { namespace: r.namespaced ? namespace || 'default' : undefined, name };
  }
  const pair = 'metadata' in ref ? ref.metadata : ref;
  return { namespace: r.namespaced ? pair.namespace || 'default' : undefined, name: pair.name };
}

