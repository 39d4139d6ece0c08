/**
 * A query's change feed as it is handed out: immer patches of a record of the
 * query's objects keyed by `namespace/name` (the name alone for a
 * cluster-scoped object). Applied in order with immer's `applyPatches` to a
 * `Record<string, T>` that started as the query's value, they give its value
 * after each flush: a virtualized table or a devtools panel can follow a
 * 100,000-object list by the few objects that change.
 */
import type { KubeObject } from '../resources/resourceType.js';
import { allShown, type RefChange, type ShownState, type Slots } from './shownState.js';
import { refParts } from './state.js';

export interface QueryPatch<T = KubeObject> {
  readonly op: 'add' | 'replace' | 'remove';
  /** One element: the object's key, `namespace/name`. */
  readonly path: readonly [key: string];
  /** The object, for `add` and `replace`. */
  readonly value?: T;
}

/** The key a patch or a pending write names an object by. */
export function objectKey(ref: string): string {
  const [namespace, name] = refParts(ref);
  return namespace === '' ? name : `${namespace}/${name}`;
}

/** The store's changes (by ref) as handed out (by key). */
export function publicPatches(changes: readonly RefChange[]): QueryPatch[] {
  return changes.map(({ ref, object, added }): QueryPatch => {
    const path: [string] = [objectKey(ref)];
    return object === undefined ? { op: 'remove', path } : { op: added ? 'add' : 'replace', path, value: object };
  });
}

/** A state's objects as `add` patches, in key order: what a subscriber starts from. */
export function initialPatches(state: ShownState, slots: Slots): QueryPatch[] {
  return Array.from(allShown(state, slots))
    .toSorted(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([ref, object]): QueryPatch => ({ op: 'add', path: [objectKey(ref)], value: object }));
}
