// Strategic merge patch for the kinds the fake ships. Lists named in
// MERGE_KEYS merge element by element on their key (containers by name, env
// by name, container ports by containerPort, Service ports by port,
// conditions by type...); other lists are atomic and replace. Directives:
// `$patch: delete|replace|merge`, `$setElementOrder/<list>`,
// `$deleteFromPrimitiveList/<list>`, `$retainKeys`; `null` deletes a key.
// The real server reads keys from Go struct tags; this table is the subset
// that covers what kubectl apply and our clients send.
import { isObject } from '../util.js';

const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  imagePullSecrets: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  conditions: 'type',
  ownerReferences: 'uid',
  hostAliases: 'ip',
  addresses: 'type',
  resourceClaims: 'name',
};

/** Lists of scalars that merge as sets (patchStrategy: merge). */
const MERGED_SCALAR_LISTS = new Set(['finalizers']);

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

function mergeKeyFor(path: readonly string[]): string | undefined {
  const last = path[path.length - 1];
  if (last === undefined) return undefined;
  if (last === 'ports') return path.some((p) => CONTAINER_LISTS.has(p)) ? 'containerPort' : 'port';
  return MERGE_KEYS[last];
}

const isDirective = (key: string) =>
  key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/') || key.startsWith('$deleteFromPrimitiveList/');

function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => !(isObject(v) && v.$patch === 'delete')).map(stripDirectives);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!isDirective(k) && v !== null) out[k] = stripDirectives(v);
  return out;
}

function orderBy(list: unknown[], order: unknown, key: string | undefined): unknown[] {
  if (!Array.isArray(order)) return list;
  const id = (v: unknown) => (key && isObject(v) ? v[key] : v);
  const rank = (v: unknown) => {
    const i = order.findIndex((o) => (key && isObject(o) ? o[key] : o) === id(v));
    return i === -1 ? order.length : i;
  };
  return list.map((v, i) => [v, i] as const).toSorted((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([v]) => v);
}

function mergeList(original: unknown, patch: unknown[], path: string[], order: unknown): unknown[] {
  if (patch.some((v) => isObject(v) && v.$patch === 'replace')) {
    return patch.filter((v) => !(isObject(v) && v.$patch === 'replace')).map(stripDirectives);
  }
  const last = path[path.length - 1] ?? '';
  const key = mergeKeyFor(path);
  const base = Array.isArray(original) ? [...original] : [];
  if (!key) {
    if (!MERGED_SCALAR_LISTS.has(last)) return orderBy(patch.map(stripDirectives), order, undefined);
    for (const v of patch) if (!base.includes(v)) base.push(v);
    return orderBy(base, order, undefined);
  }
  for (const item of patch) {
    if (!isObject(item)) continue;
    const at = base.findIndex((o) => isObject(o) && o[key] === item[key]);
    if (item.$patch === 'delete') {
      if (at !== -1) base.splice(at, 1);
    } else if (at !== -1) {
      base[at] = strategicMerge(base[at], item, path);
    } else {
      base.push(stripDirectives(item));
    }
  }
  return orderBy(base, order, key);
}

/** Applies a strategic merge patch; `path` is the field path of `original` (for merge-key lookup). */
export function strategicMerge(original: unknown, patch: unknown, path: string[] = []): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') return stripDirectives(patch);
  if (patch.$patch === 'delete') return undefined;
  const result: Record<string, unknown> = isObject(original) ? { ...original } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const current = result[field];
      if (Array.isArray(current) && Array.isArray(value)) result[field] = current.filter((v) => !value.includes(v));
      continue;
    }
    if (isDirective(key)) continue;
    if (value === null) {
      delete result[key];
    } else if (Array.isArray(value)) {
      result[key] = mergeList(result[key], value, [...path, key], patch[`$setElementOrder/${key}`]);
    } else if (isObject(value)) {
      const merged = strategicMerge(result[key], value, [...path, key]);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else {
      result[key] = value;
    }
  }
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith('$setElementOrder/')) continue;
    const field = key.slice('$setElementOrder/'.length);
    if (!(field in patch) && Array.isArray(result[field])) {
      result[field] = orderBy(result[field] as unknown[], order, mergeKeyFor([...path, field]));
    }
  }
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set(patch.$retainKeys as string[]);
    for (const key of Object.keys(result)) if (!keep.has(key)) delete result[key];
  }
  return result;
}
