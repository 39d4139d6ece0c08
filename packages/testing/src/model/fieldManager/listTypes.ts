// How a list takes part in field ownership, by the field that holds it. The
// real server reads `x-kubernetes-list-type` and `x-kubernetes-list-map-keys`
// from the OpenAPI schema (api/openapi-spec/v3 in kubernetes/kubernetes); the
// fake has no schemas, so this table names the lists of the built-in kinds
// it serves. Any other list (and every list of a CRD without markers) is
// atomic: owned and replaced as a whole.
import { isObject } from '../util.js';
import { keyElement, valueElement } from './fieldSet.js';

export type ListType = { kind: 'map'; keys: readonly string[] } | { kind: 'set' } | { kind: 'atomic' };

const MAP_KEYS: Readonly<Record<string, readonly string[]>> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  env: ['name'],
  volumes: ['name'],
  volumeMounts: ['mountPath'],
  volumeDevices: ['devicePath'],
  imagePullSecrets: ['name'],
  conditions: ['type'],
  ownerReferences: ['uid'],
  hostAliases: ['ip'],
  resourceClaims: ['name'],
  topologySpreadConstraints: ['topologyKey', 'whenUnsatisfiable'],
};

const SET_LISTS = new Set(['finalizers']);
const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** Key fields with a schema default, filled in when an item omits them (ContainerPort and ServicePort protocol). */
const KEY_DEFAULTS: Readonly<Record<string, unknown>> = { protocol: 'TCP' };

/** `names` are the field names from the object's root to the list. */
export function listTypeAt(names: readonly string[]): ListType {
  const last = names[names.length - 1] ?? '';
  if (last === 'ports') return { kind: 'map', keys: names.some((n) => CONTAINER_LISTS.has(n)) ? ['containerPort', 'protocol'] : ['port', 'protocol'] };
  const keys = MAP_KEYS[last];
  if (keys) return { kind: 'map', keys };
  return SET_LISTS.has(last) ? { kind: 'set' } : { kind: 'atomic' };
}

/** The path element that names `item` in a list of this type (undefined for atomic lists). */
export function itemElement(type: ListType, item: unknown): string | undefined {
  if (type.kind === 'set') return valueElement(item);
  if (type.kind !== 'map') return undefined;
  const fields: Record<string, unknown> = {};
  for (const key of type.keys) {
    const value = isObject(item) ? item[key] : undefined;
    if (value !== undefined) fields[key] = value;
    else if (key in KEY_DEFAULTS) fields[key] = KEY_DEFAULTS[key];
  }
  return keyElement(fields);
}

/**
 * Object-valued fields that are Go maps (not structs). Like structured-merge-diff,
 * the fake records a newly added map itself (`".": {}` in fieldsV1) but not a
 * struct, which a typed object always has.
 */
export const MAP_FIELDS = new Set(['labels', 'annotations', 'matchLabels', 'nodeSelector', 'data', 'binaryData', 'stringData', 'limits', 'requests']);
