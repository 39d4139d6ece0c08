// Merging an applied configuration into the live object, and removing the
// fields an applier stopped setting (structured-merge-diff typed/merge.go and
// merge/update.go `prune`). Objects merge key by key, associative lists item
// by item on their keys, set lists as a union; atomic lists and scalars are
// replaced. A `null` in the configuration removes the field.
import { clone, isObject } from '../util.js';
import type { FieldPath } from './fieldSet.js';
import { itemElement, listTypeAt } from './listTypes.js';

type Json = unknown;

function merge(live: Json, config: Json, names: readonly string[]): Json {
  if (isObject(live) && isObject(config)) {
    const out: Record<string, Json> = { ...live };
    for (const [key, value] of Object.entries(config)) {
      if (value === null) delete out[key];
      else out[key] = merge(live[key], value, [...names, key]);
    }
    return out;
  }
  if (Array.isArray(live) && Array.isArray(config)) {
    const type = listTypeAt(names);
    if (type.kind === 'atomic') return clone(config);
    const incoming = new Map(config.map((item) => [itemElement(type, item)!, item] as const));
    const out = live.map((item) => {
      const element = itemElement(type, item)!;
      const applied = incoming.get(element);
      incoming.delete(element);
      return applied === undefined || type.kind === 'set' ? item : merge(item, applied, names);
    });
    return [...out, ...[...incoming.values()].map(clone)];
  }
  return clone(config);
}

export function mergeApplied(live: Record<string, Json>, config: Record<string, Json>): Record<string, Json> {
  return merge(live, config, []) as Record<string, Json>;
}

/** A copy of `obj` without the field at `path` (no-op when it is absent). */
export function removePath(obj: Record<string, Json>, path: FieldPath): Record<string, Json> {
  const out = clone(obj);
  let node: Json = out;
  const names: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const element = path[i]!;
    const last = i === path.length - 1;
    if (element.startsWith('f:') && isObject(node)) {
      const name = element.slice(2);
      if (last) delete node[name];
      node = node[name];
      names.push(name);
    } else if (Array.isArray(node)) {
      const type = listTypeAt(names);
      const at = node.findIndex((item) => itemElement(type, item) === element);
      if (at === -1) return out;
      if (last) node.splice(at, 1);
      node = node[at];
    } else {
      return out;
    }
  }
  return out;
}
