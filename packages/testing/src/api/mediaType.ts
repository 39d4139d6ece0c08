// The Accept header, negotiated the way kube-apiserver does it
// (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/negotiation/negotiate.go):
// media ranges in order; `as`, `g` and `v` ask for a conversion, which must be
// one the endpoint allows (Table, PartialObjectMetadata, PartialObjectMetadataList
// in meta.k8s.io v1 or v1beta1) or the range is skipped; parameters it does
// not know are ignored (`Unrecognized`); when no range fits, the first
// serializer (plain JSON) answers, never a 406 at this stage.
// `drop=metadata.managedFields` is KEP-5958's parameter (alpha in 1.37).

export type Conversion = 'Table' | 'PartialObjectMetadata' | 'PartialObjectMetadataList';

export interface MediaTarget {
  /** undefined: the plain object or list. */
  as?: Conversion | undefined;
  version: 'v1' | 'v1beta1';
  /** The chosen range carries drop=metadata.managedFields. */
  dropManagedFields: boolean;
  /** The chosen range carries parameters beyond type/subtype (a projection, or `drop`). */
  parameterized: boolean;
}

const CONVERSIONS = new Set<string>(['Table', 'PartialObjectMetadata', 'PartialObjectMetadataList']);
const PLAIN: MediaTarget = { version: 'v1', dropManagedFields: false, parameterized: false };

export function negotiate(accept: string | null): MediaTarget {
  if (!accept) return PLAIN;
  for (const range of accept.split(',')) {
    const [type = '', ...rest] = range.split(';').map((part) => part.trim());
    if (type !== 'application/json' && type !== 'application/*' && type !== '*/*') continue;
    const params = new Map(rest.map((p) => {
      const [key = '', value = ''] = p.split('=');
      return [key.trim(), value.trim()] as const;
    }));
    const as = params.get('as');
    const group = params.get('g');
    const version = params.get('v');
    if (as !== undefined || group !== undefined || version !== undefined) {
      // AllowsConversion: only meta.k8s.io's three kinds, in v1 or v1beta1.
      if (!as || !CONVERSIONS.has(as) || group !== 'meta.k8s.io' || (version !== 'v1' && version !== 'v1beta1')) continue;
    }
    const drop = (params.get('drop') ?? '').split('+').includes('metadata.managedFields');
    return { as: as as Conversion | undefined, version: version === 'v1beta1' ? 'v1beta1' : 'v1', dropManagedFields: drop, parameterized: rest.length > 0 };
  }
  return PLAIN;
}
