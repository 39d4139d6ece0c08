// The projections of meta.k8s.io a client asks for in its Accept header
// (mediaType.ts), as kube-apiserver makes them
// (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/response.go):
// - Table: the resource's printed columns and one row per object;
//   `includeObject` decides what each row carries: None, Metadata
//   (PartialObjectMetadata, the default) or the full Object. On a watch the
//   column definitions come with the first event only (watchEmbeddedEncoder
//   sets NoHeaders after it), whatever that event is, bookmarks included;
// - PartialObjectMetadata(List): metadata only. Asked for a list, the singular
//   is a 406, and the plural for one object too (asPartialObjectMetadata and
//   asPartialObjectMetadataList); on a watch a failed transform sends the
//   full object instead (watchEmbeddedEncoder.doEncode);
// - KEP-5958's drop=metadata.managedFields, honoured when the server has
//   `managedFieldsOptOut` (alpha in 1.37, off by default).
import type { KubeObject } from '../model/eventLog.js';
import type { ResourceInfo } from '../model/resources.js';
import { ApiError, badRequest } from '../model/status.js';
import type { MediaTarget } from './mediaType.js';
import { printerOf } from './printers.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** The object with metadata.managedFields left out (a copy: stored objects are frozen). */
export function withoutManagedFields(obj: KubeObject): KubeObject {
  if (!obj.metadata || !('managedFields' in obj.metadata)) return obj;
  const { managedFields: _dropped, ...metadata } = obj.metadata as Record<string, unknown>;
  return { ...obj, metadata } as KubeObject;
}

export function partialObjectMetadata(obj: KubeObject, version: string) {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: obj.metadata };
}

function rowObject(obj: KubeObject, include: IncludeObject, version: string) {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return partialObjectMetadata(obj, version);
}

export function toTable(
  resource: ResourceInfo,
  objects: readonly KubeObject[],
  options: { version: string; include: IncludeObject; now: number; listMeta?: Record<string, unknown>; noHeaders?: boolean },
) {
  const printer = printerOf(resource);
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${options.version}`,
    metadata: options.listMeta ?? {},
    ...(options.noHeaders ? {} : { columnDefinitions: printer.columns }),
    rows: objects.map((obj) => {
      const object = rowObject(obj, options.include, options.version);
      return { cells: printer.cells(obj, options.now), ...(object ? { object } : {}) };
    }),
  };
}

function includeObject(query: URLSearchParams): IncludeObject {
  const include = query.get('includeObject') ?? 'Metadata';
  if (include === '') return 'Metadata';
  if (include !== 'None' && include !== 'Metadata' && include !== 'Object') throw badRequest(`unrecognized includeObject value: "${include}"`);
  return include;
}

const notAcceptable = (message: string) => new ApiError(406, 'NotAcceptable', message);

/** Writes the objects of a list (or of one object, for a get) in the negotiated media type. */
export function projectResponse(
  target: MediaTarget,
  resource: ResourceInfo,
  query: URLSearchParams,
  now: number,
  drop: boolean,
): { list(items: readonly KubeObject[], listMeta: Record<string, unknown>, plain: () => unknown): unknown; object(obj: KubeObject): unknown } {
  const strip = (obj: KubeObject) => (drop ? withoutManagedFields(obj) : obj);
  return {
    list(items, listMeta, plain) {
      switch (target.as) {
        case 'Table':
          return toTable(resource, items.map(strip), { version: target.version, include: includeObject(query), now, listMeta });
        case 'PartialObjectMetadataList':
          return { kind: 'PartialObjectMetadataList', apiVersion: `meta.k8s.io/${target.version}`, metadata: listMeta, items: items.map((o) => partialObjectMetadata(strip(o), target.version)) };
        case 'PartialObjectMetadata':
          throw notAcceptable(`you requested PartialObjectMetadata, but the requested object is a list (*${resource.kind}List)`);
        default:
          return drop ? { ...(plain() as object), items: items.map(strip) } : plain();
      }
    },
    object(obj) {
      switch (target.as) {
        case 'Table':
          return toTable(resource, [strip(obj)], { version: target.version, include: includeObject(query), now, listMeta: { resourceVersion: obj.metadata.resourceVersion } });
        case 'PartialObjectMetadata':
          return partialObjectMetadata(strip(obj), target.version);
        case 'PartialObjectMetadataList':
          throw notAcceptable(`you requested PartialObjectMetadataList, but the requested object is not a list (*${resource.kind})`);
        default:
          return strip(obj);
      }
    },
  };
}

/**
 * The wire object of each watch event. A Table carries its column definitions
 * on the first event of the response only; PartialObjectMetadataList cannot be
 * made of one object, so that transform fails and the full object goes out.
 */
export function watchEncoder(target: MediaTarget, resource: ResourceInfo, query: URLSearchParams, now: () => number, drop: boolean): (obj: KubeObject) => unknown {
  const strip = (obj: KubeObject) => (drop ? withoutManagedFields(obj) : obj);
  const include = target.as === 'Table' ? includeObject(query) : 'Metadata';
  let headersSent = false;
  return (obj) => {
    switch (target.as) {
      case 'Table': {
        const table = toTable(resource, [strip(obj)], { version: target.version, include, now: now(), listMeta: { resourceVersion: obj.metadata?.resourceVersion }, noHeaders: headersSent });
        headersSent = true;
        return table;
      }
      case 'PartialObjectMetadata':
        return partialObjectMetadata(strip(obj), target.version);
      default:
        return strip(obj);
    }
  };
}
