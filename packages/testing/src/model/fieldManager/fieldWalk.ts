// The two views of an object that ownership needs, after
// structured-merge-diff typed/tofieldset.go and typed/compare.go:
// - toFieldSet: the fields an applied configuration sets (leaves, empty
//   objects, and the items of associative and set lists);
// - compare: which fields a write added, modified or removed.
import { deepEqual, isObject } from '../util.js';
import { fieldElement, FieldSet, type FieldPath } from './fieldSet.js';
import { itemElement, listTypeAt, MAP_FIELDS } from './listTypes.js';

type Json = unknown;

export function toFieldSet(config: Record<string, Json>): FieldSet {
  const set = new FieldSet();
  const visit = (value: Json, path: FieldPath, names: readonly string[]) => {
    if (Array.isArray(value)) {
      const type = listTypeAt(names);
      if (type.kind === 'atomic') return set.add(path);
      for (const item of value) {
        const itemPath = [...path, itemElement(type, item)!];
        if (type.kind === 'map' && isObject(item)) visitObject(item, itemPath, names);
        set.add(itemPath);
      }
    } else if (isObject(value) && Object.keys(value).length > 0) {
      visitObject(value, path, names);
    } else {
      set.add(path);
    }
  };
  const visitObject = (obj: Record<string, Json>, path: FieldPath, names: readonly string[]) => {
    for (const [key, value] of Object.entries(obj)) visit(value, [...path, fieldElement(key)], [...names, key]);
  };
  visitObject(config, [], []);
  return set;
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

const isEmptyContainer = (v: Json) => v === undefined || (Array.isArray(v) ? v.length === 0 : isObject(v) && Object.keys(v).length === 0);

export function compare(lhs: Record<string, Json>, rhs: Record<string, Json>): Comparison {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };

  const leaf = (l: Json, r: Json, path: FieldPath) => {
    if (l === undefined) c.added.add(path);
    else if (r === undefined) c.removed.add(path);
    else if (!deepEqual(l, r)) c.modified.add(path);
  };

  const visit = (l: Json, r: Json, path: FieldPath, names: readonly string[], recordNode: boolean) => {
    const listLike = Array.isArray(l) || Array.isArray(r);
    const objectLike = isObject(l) || isObject(r);
    const mismatched = (l !== undefined && r !== undefined && (Array.isArray(l) !== Array.isArray(r) || isObject(l) !== isObject(r)));
    if (mismatched || (!listLike && !objectLike) || (isEmptyContainer(l) && isEmptyContainer(r))) return leaf(l, r, path);
    if (listLike) {
      const type = listTypeAt(names);
      if (type.kind === 'atomic') return leaf(l, r, path);
      visitList((l ?? []) as Json[], (r ?? []) as Json[], path, names, type);
      return;
    }
    if (recordNode && l === undefined) c.added.add(path);
    if (recordNode && r === undefined) c.removed.add(path);
    const lo = (l ?? {}) as Record<string, Json>;
    const ro = (r ?? {}) as Record<string, Json>;
    for (const key of new Set([...Object.keys(lo), ...Object.keys(ro)])) {
      visit(lo[key], ro[key], [...path, fieldElement(key)], [...names, key], MAP_FIELDS.has(key));
    }
  };

  const visitList = (l: Json[], r: Json[], path: FieldPath, names: readonly string[], type: ReturnType<typeof listTypeAt>) => {
    const items = new Map<string, { l?: Json; r?: Json }>();
    for (const item of l) items.set(itemElement(type, item)!, { l: item });
    for (const item of r) {
      const element = itemElement(type, item)!;
      items.set(element, { ...items.get(element), r: item });
    }
    for (const [element, { l: li, r: ri }] of items) {
      const itemPath = [...path, element];
      if (type.kind === 'set' || !isObject(li ?? ri)) leaf(li, ri, itemPath);
      else visit(li, ri, itemPath, names, true);
    }
  };

  visit(lhs, rhs, [], [], false);
  return c;
}
