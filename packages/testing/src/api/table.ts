// meta.k8s.io/v1 Table responses, negotiated the way the apiserver does:
// `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` (v1beta1 accepted
// too). `includeObject` decides what each row carries: None, Metadata
// (PartialObjectMetadata, the default) or the full Object.
import type { KubeObject } from '../model/eventLog.js';
import { resourceKey, type ResourceInfo } from '../model/resources.js';
import { printerFor } from './printers.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** The Table version the client asked for, or undefined for plain objects. */
export function tableVersion(accept: string | null): 'v1' | 'v1beta1' | undefined {
  if (!accept) return undefined;
  for (const part of accept.split(',')) {
    const params = new Map(
      part.split(';').slice(1).map((p) => {
        const [k = '', v = ''] = p.trim().split('=');
        return [k, v] as const;
      }),
    );
    if (params.get('as') === 'Table' && params.get('g') === 'meta.k8s.io') {
      const v = params.get('v');
      if (v === 'v1' || v === 'v1beta1') return v;
    }
  }
  return undefined;
}

function rowObject(obj: KubeObject, include: IncludeObject, version: string) {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: obj.metadata };
}

export function toTable(
  resource: ResourceInfo,
  objects: readonly KubeObject[],
  options: { version: string; include: IncludeObject; now: number; listMeta?: Record<string, unknown> },
) {
  const printer = printerFor(resourceKey(resource));
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${options.version}`,
    metadata: options.listMeta ?? {},
    columnDefinitions: printer.columns,
    rows: objects.map((obj) => {
      const object = rowObject(obj, options.include, options.version);
      return { cells: printer.cells(obj, options.now), ...(object ? { object } : {}) };
    }),
  };
}
