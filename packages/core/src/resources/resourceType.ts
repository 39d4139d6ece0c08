/**
 * Where a kind of object lives in the Kubernetes API. The type parameter is
 * the object's TypeScript type; it exists only at compile time.
 */
export interface ResourceType<T = KubeObject> {
  /** API group; '' is the core group served under /api. */
  readonly group: string;
  readonly version: string;
  /** The lower-case plural used in paths, e.g. 'pods'. */
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /** Phantom field carrying T; never set at run time. */
  readonly __object?: T;
}

/**
 * The part of every Kubernetes object the store relies on. No index
 * signature, so that the `kubernetes-types` interfaces (Pod, Job, ...) are
 * assignable to it.
 */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    resourceVersion?: string;
    uid?: string;
    labels?: { [key: string]: string };
    annotations?: { [key: string]: string };
    deletionTimestamp?: string;
  };
}

export type ObjectOf<R> = R extends ResourceType<infer T> ? T : never;

/** Declares a resource type, typically a CRD's: `defineResource<MicroService>({ group: 'asm.alauda.io', ... })`. */
export function defineResource<T = KubeObject>(definition: {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}): ResourceType<T> {
  return Object.freeze({ ...definition });
}

/** `apps/v1`, or `v1` for the core group. */
export function apiVersionOf(resource: ResourceType<unknown>): string {
  return resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
}

/**
 * The group, version and plural that name a resource type, as its API path
 * spells them: `apps/v1/deployments`, `v1/pods` for the core group.
 */
export function groupVersionResource(resource: ResourceType<unknown>): string {
  return `${apiVersionOf(resource)}/${resource.plural}`;
}
