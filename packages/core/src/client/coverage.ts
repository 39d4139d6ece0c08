/**
 * Single objects from a collection watch already open: a `watchResource` whose
 * object an open list query shows anyway (same cluster and resource, the same
 * namespace or every namespace, no selectors) opens no connection of its own.
 * It reads its object from that query's cache and is notified only when that
 * object changes. A console's detail page next to its list costs nothing.
 */
import type { QuerySpec } from './querySpec.js';

/** Whether the list query `list` shows every object `object` could show. */
export function covers(list: QuerySpec, object: QuerySpec): boolean {
  return (
    list.objectName === undefined &&
    object.objectName !== undefined &&
    list.bucket === object.bucket &&
    list.labelSelector === undefined &&
    list.fieldSelector === undefined &&
    (list.namespace === undefined || list.namespace === object.namespace)
  );
}
