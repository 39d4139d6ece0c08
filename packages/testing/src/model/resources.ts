// Where a kind lives and what the apiserver knows about it. Invariant: a
// registry never holds two resources with the same group + plural, so a GVR
// names exactly one entry; a bare plural resolves to the first registered
// match (core before named groups, as kubectl's RESTMapper prefers).
import type { FieldGetter } from './fieldSelector.js';

export interface ResourceInfo {
  /** '' for the core group. */
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: readonly string[];
  categories: readonly string[];
  /** Whether `/status` exists; there, updates to the main resource keep the stored status. */
  hasStatus: boolean;
  /** Field selectors beyond metadata.name / metadata.namespace. */
  fields: Readonly<Record<string, FieldGetter>>;
  /** Server-side defaults applied on create (mutates a fresh copy). */
  defaults?: (obj: any, ctx: DefaultsContext) => void;
  /** A CRD's `additionalPrinterColumns` (apiextensions.k8s.io/v1): the Table columns after Name. Without them a CRD prints Name and Age. */
  printerColumns?: readonly PrinterColumn[];
}

/** One of a CRD version's additionalPrinterColumns (CustomResourceColumnDefinition). */
export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  /** A simple JSONPath: `.spec.version`, `.status.conditions[0].type`, `.spec.deployments[*].name`. */
  jsonPath: string;
  description?: string;
  format?: string;
  priority?: number;
}

export interface DefaultsContext {
  /** Deterministic counter per cluster, for allocated values such as a Service's clusterIP. */
  next(): number;
}

/** A resource named the way callers find natural: `'pods'`, `'jobs.batch'`, `'po'`, or a GVR-like object. */
export type ResourceRef = string | { group: string; version?: string; plural: string };

export const apiVersionOf = (r: { group: string; version: string }) => (r.group ? `${r.group}/${r.version}` : r.version);
export const resourceKey = (r: { group: string; plural: string }) => (r.group ? `${r.plural}.${r.group}` : r.plural);

const commonFields: Record<string, FieldGetter> = {
  'metadata.name': (o) => o?.metadata?.name,
  'metadata.namespace': (o) => o?.metadata?.namespace,
};

export class ResourceRegistry {
  private readonly list: ResourceInfo[] = [];

  constructor(initial: readonly ResourceInfo[] = []) {
    for (const r of initial) this.register(r);
  }

  /** Adds a kind (e.g. a CRD). Replaces an entry with the same group and plural. */
  register(info: ResourceInfo): ResourceInfo {
    const full = { ...info, fields: { ...commonFields, ...info.fields } };
    const i = this.list.findIndex((r) => r.group === info.group && r.plural === info.plural);
    if (i === -1) this.list.push(full);
    else this.list[i] = full;
    return full;
  }

  all(): readonly ResourceInfo[] {
    return this.list;
  }

  /** Exact lookup used by the HTTP router: group, version and plural must all match. */
  lookup(group: string, version: string, plural: string): ResourceInfo | undefined {
    return this.list.find((r) => r.group === group && r.version === version && r.plural === plural);
  }

  resolve(ref: ResourceRef | ResourceInfo): ResourceInfo {
    const found = this.find(ref);
    if (!found) throw new Error(`unknown resource ${typeof ref === 'string' ? ref : resourceKey(ref)}`);
    return found;
  }

  find(ref: ResourceRef | ResourceInfo): ResourceInfo | undefined {
    if (typeof ref !== 'string') {
      return this.list.find(
        (r) => r.group === ref.group && r.plural === ref.plural && (ref.version === undefined || r.version === ref.version),
      );
    }
    const lower = ref.toLowerCase();
    const dot = lower.indexOf('.');
    if (dot !== -1) {
      const plural = lower.slice(0, dot);
      const rest = lower.slice(dot + 1);
      // `events.v1.events.k8s.io` (kubectl's fully qualified form) or `jobs.batch`.
      const byVersion = this.list.find((r) => r.plural === plural && `${r.version}.${r.group}` === rest);
      return byVersion ?? this.list.find((r) => r.plural === plural && r.group === rest);
    }
    return this.list.find(
      (r) => r.plural === lower || r.singular === lower || r.kind.toLowerCase() === lower || r.shortNames.includes(lower),
    );
  }
}
