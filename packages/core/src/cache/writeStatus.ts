/**
 * The writes a query shows in its status: how many edits of its objects are
 * on their way to the server, which objects (so a row can show "saving"),
 * and the last one that failed and was rolled back.
 */
import type { WriteStatus } from '../status/queryStatus.js';
import { objectKey } from './queryPatch.js';
import type { QueryRecord } from './state.js';

/** The query's write status now; `previous` itself when nothing changed. */
export function writeStatusOf(query: QueryRecord, previous: WriteStatus | undefined): WriteStatus | undefined {
  const { pendingWrites, failedWrites } = query.bucket;
  let pending = 0;
  const objects: string[] = [];
  for (const [ref, count] of pendingWrites) {
    if (!query.members.has(ref)) continue;
    pending += count;
    objects.push(objectKey(ref));
  }
  let error: WriteStatus['error'];
  for (const [ref, failure] of failedWrites) if (query.members.has(ref)) error = failure;
  if (pending === 0 && error === undefined) return undefined;
  const next: WriteStatus = { pending, objects, error };
  return previous && same(previous, next) ? previous : Object.freeze(next);
}

function same(a: WriteStatus, b: WriteStatus): boolean {
  return a.pending === b.pending && a.error === b.error && a.objects.length === b.objects.length && a.objects.every((key, i) => key === b.objects[i]);
}
