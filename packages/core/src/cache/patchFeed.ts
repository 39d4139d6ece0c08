/**
 * A query's change feed as its subscribers get it: the query's objects as
 * `add` patches once it has data, then once per flush the patches of its
 * immer state since the last call (queryPatch.ts).
 *
 * Invariant: each subscriber has its own buffer, so every subscriber gets
 * every patch once, in the order produced; nothing is kept for a query without
 * patch subscribers.
 */
import type { HandOut } from './handOut.js';
import { initialPatches, publicPatches, type QueryPatch } from './queryPatch.js';
import { settle } from './settle.js';
import type { RefChange } from './shownState.js';
import type { QueryRecord } from './state.js';

export function followPatches(
  query: QueryRecord,
  onFlush: (deliver: () => void) => () => void,
  handOut: HandOut,
  listener: (patches: readonly QueryPatch[]) => void,
): () => void {
  const buffer: RefChange[] = [];
  query.patchBuffers.add(buffer);
  let started = false;
  const deliver = () => {
    if (!query.listed) return;
    settle(query, handOut);
    if (!started) {
      started = true;
      buffer.length = 0;
      listener(initialPatches(query.shown, query.slots));
      return;
    }
    if (buffer.length === 0) return;
    const patches = publicPatches(buffer);
    buffer.length = 0;
    listener(patches);
  };
  const stop = onFlush(deliver);
  deliver();
  return () => {
    stop();
    query.patchBuffers.delete(buffer);
  };
}
