/**
 * What a store tap (`CacheStore.onApply`) sees of one query: each batch of ops
 * as it was applied, and the status changes that come outside batches. Another
 * store that applies the same changes in the same order holds the same data
 * (tabs/ forwards them to the other tabs of a browser this way).
 */
import type { KubeApiError } from '../errors/KubeApiError.js';
import type { CacheOp } from './cacheOp.js';
import type { Transport } from '../status/queryStatus.js';
import { memberRef } from './state.js';

export type AppliedChange =
  | { type: 'ops'; ops: readonly CacheOp[] }
  | { type: 'transport'; transport: Transport }
  | { type: 'fail'; error: KubeApiError };

/**
 * The part of a list query's batch that a single-object reader of it sees:
 * its object's upserts and deletes, a replace narrowed to its object, and
 * every version and status op.
 */
export function opsOfObject(ops: readonly CacheOp[], ref: string): CacheOp[] {
  const isObject = (object: { metadata?: { namespace?: string; name?: string } }) =>
    memberRef(object.metadata?.namespace ?? '', object.metadata?.name ?? '') === ref;
  const narrowed: CacheOp[] = [];
  for (const op of ops) {
    if (op.type === 'replace') narrowed.push({ ...op, objects: op.objects.filter(isObject) });
    else if (op.type === 'upsert' || op.type === 'delete') {
      if (isObject(op.object)) narrowed.push(op);
    } else narrowed.push(op);
  }
  return narrowed;
}
