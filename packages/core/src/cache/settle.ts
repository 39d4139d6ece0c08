/**
 * A query's flush: its immer state produced once from the refs that changed
 * since the last one (server versions, membership, optimistic edits), its list
 * updated from the patches (as changes by ref), which are kept for its patch
 * subscribers too.
 *
 * Invariant: runs at most once per change set (it clears `changed`), so
 * however many subscribers read a query in a flush, it is produced once.
 */
import type { KubeObject } from '../resources/resourceType.js';
import type { HandOut } from './handOut.js';
import { compacted, produceShown } from './shownState.js';
import type { QueryRecord } from './state.js';

export function settle(query: QueryRecord, handOut: HandOut): void {
  if (query.changed.size === 0) return;
  const { bucket } = query;
  const changes = new Map<string, KubeObject | undefined>();
  for (const ref of query.changed) {
    const server = query.members.has(ref) ? bucket.objects.get(ref) : undefined;
    const object = server && handOut.object(server);
    changes.set(ref, bucket.overlays.size > 0 ? bucket.overlays.shown(ref, object, handOut.object) : object);
  }
  query.changed.clear();
  const [shown, refChanges] = produceShown(compacted(query.shown, query.slots), query.slots, changes);
  query.shown = shown;
  if (refChanges.length === 0) return;
  query.list?.apply(refChanges);
  for (const buffer of query.patchBuffers) buffer.push(...refChanges);
}
