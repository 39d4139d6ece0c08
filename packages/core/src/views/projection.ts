/**
 * Client-side projections: what is kept of an object in each view when the
 * server sent more than that view needs (a server without the projection,
 * a transform that failed on a watch event, or a server that ignores
 * KEP-5958's `drop=metadata.managedFields`).
 *
 * Objects reaching here are freshly parsed from the wire and owned by no one
 * yet, so managedFields are deleted in place: no copy of an object that is
 * otherwise kept as it came.
 */
import type { KubeObject } from '../resources/resourceType.js';

/** The ObjectMeta a view keeps (kubernetes-types' ObjectMeta, loosely: the store reads only a few fields). */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: { [key: string]: string };
  annotations?: { [key: string]: string };
  ownerReferences?: readonly { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
  finalizers?: readonly string[];
  managedFields?: readonly unknown[];
  [field: string]: unknown;
}

/** meta.k8s.io/v1 PartialObjectMetadata: an object's metadata only. */
export interface PartialObjectMetadata {
  apiVersion: 'meta.k8s.io/v1';
  kind: 'PartialObjectMetadata';
  metadata: ObjectMeta;
}

export function isPartialObjectMetadata(value: unknown): value is PartialObjectMetadata {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'PartialObjectMetadata';
}

/** Deletes metadata.managedFields in place (the object is fresh from the wire); returns the object. */
export function dropManagedFields<T extends { metadata?: object | null | undefined }>(object: T): T {
  const metadata = object.metadata as { managedFields?: unknown } | null | undefined;
  if (metadata && 'managedFields' in metadata) delete metadata.managedFields;
  return object;
}

/** The PartialObjectMetadata of a whole object, as the apiserver's asPartialObjectMetadata makes it. */
export function toPartialObjectMetadata(object: KubeObject): PartialObjectMetadata {
  return { apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata', metadata: (object.metadata ?? {}) as ObjectMeta };
}
