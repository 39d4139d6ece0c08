/**
 * What a list query keeps of each object: the whole object (`full`, the
 * default), its metadata only (`metadata`, a PartialObjectMetadata), or the
 * row the server prints for it (`table`, a meta.k8s.io Table row: the cells
 * `kubectl get` shows, keyed by the row's metadata). A view is part of a
 * query's key and of its bucket in the cache, so a full object and a metadata
 * object of the same pod never overwrite each other.
 *
 * The Accept headers are the ones client-go's metadata client sends
 * (staging/src/k8s.io/client-go/metadata/metadata.go): the projection first,
 * then plain `application/json`, so that a server that cannot project answers
 * with full objects (projected here) rather than 406. A list asks for
 * `as=PartialObjectMetadataList`, a watch for the singular
 * `as=PartialObjectMetadata` (each event holds one object).
 *
 * KEP-5958's `drop=metadata.managedFields` rides on the first media range
 * only. kube-apiserver ignores Accept parameters it does not know
 * (`Unrecognized` in staging/src/k8s.io/apiserver/pkg/endpoints/handlers/negotiation/negotiate.go),
 * so older servers send managedFields and they are dropped here; a server
 * that answers 406 to the parameter gets the request again with a bare
 * `application/json`, and its resource is read that way from then on.
 */

export type ResourceView = 'full' | 'metadata' | 'table';

export type RequestKind = 'list' | 'watch';

/** The Accept parameter of KEP-5958 (alpha in Kubernetes 1.37, feature ManagedFieldsOptOut). */
export const DROP_MANAGED_FIELDS = 'drop=metadata.managedFields';

export const PLAIN_JSON = 'application/json';

const META = 'g=meta.k8s.io;v=v1';

/** The Accept header of a list or watch request in this view. */
export function acceptHeader(view: ResourceView, request: RequestKind, keepManagedFields: boolean): string {
  const drop = keepManagedFields ? '' : `;${DROP_MANAGED_FIELDS}`;
  switch (view) {
    case 'full':
      return keepManagedFields ? PLAIN_JSON : `${PLAIN_JSON}${drop}, ${PLAIN_JSON}`;
    case 'metadata': {
      const as = request === 'list' ? 'PartialObjectMetadataList' : 'PartialObjectMetadata';
      return `${PLAIN_JSON};as=${as};${META}${drop}, ${PLAIN_JSON}`;
    }
    case 'table':
      return `${PLAIN_JSON};as=Table;${META}${drop}, ${PLAIN_JSON}`;
  }
}

export function isResourceView(value: unknown): value is ResourceView {
  return value === 'full' || value === 'metadata' || value === 'table';
}
