/**
 * The change feed of a single-object query, in the shape of a list query's
 * (cache/queryPatch.ts): one patch per new value. A single-object query may
 * read its object from a covering list query and later watch on its own
 * (coverage.ts), so its feed follows its value, not a record of the store.
 */
import type { QueryPatch } from '../cache/queryPatch.js';
import type { KubeObject } from '../resources/resourceType.js';

export function objectPatches(
  read: () => KubeObject | null | undefined,
  subscribe: (listener: () => void) => () => void,
  emit: (patches: readonly QueryPatch[]) => void,
): () => void {
  let shown: KubeObject | null | undefined;
  let key: string | undefined;
  const check = () => {
    const object = read();
    if (object === undefined || object === shown) return;
    const patches: QueryPatch[] = [];
    if (object === null) {
      if (key !== undefined) patches.push({ op: 'remove', path: [key] });
      key = undefined;
    } else {
      const next = keyOf(object);
      if (key !== undefined && key !== next) patches.push({ op: 'remove', path: [key] });
      patches.push({ op: key === next ? 'replace' : 'add', path: [next], value: object });
      key = next;
    }
    shown = object;
    if (patches.length > 0 || shown === null) emit(patches);
  };
  const stop = subscribe(check);
  check();
  return stop;
}

function keyOf(object: KubeObject): string {
  const { namespace, name = '' } = object.metadata ?? {};
  return namespace ? `${namespace}/${name}` : name;
}
