/**
 * What a query shows, as immer state: its objects (server versions with any
 * pending optimistic edits applied), keyed by ref and spread over shards, so
 * that one `produceWithPatches` per flush copies only the shards it writes
 * (a flat object of 20,000 keys costs ~75 ms per produce of 160 changes; 1,024
 * shards ~1.6-3.8 ms). The patches it yields are the query's change feed: the
 * list view (listView.ts) applies them to its array, and patch subscribers
 * (`KubeClient.watchPatches`, other tabs) receive them.
 *
 * Invariants:
 * - a state is never changed once produced: the next one is produced from it;
 * - an object that did not change is the same reference in the next state,
 *   and a flush that changed nothing produces no patches and the same state;
 * - a shard, once created, stays: patches name either a ref in a shard
 *   (`[shard, ref]`) or a shard that came to be (`[shard]`, its refs added).
 */
import type { Patch } from 'immer';
import type { KubeObject } from '../resources/resourceType.js';
import { immer } from './immer.js';

export type Shard = Readonly<Record<string, KubeObject>>;
export type ShownState = readonly (Shard | undefined)[];

/**
 * The most shards a state has; a power of two. A state starts with one and
 * doubles its shards as it grows past SHARD_SIZE objects a shard, so a small
 * query's produce copies a small root and a big one's copies small shards.
 */
export const MAX_SHARDS = 1024;
const SHARD_SIZE = 32;

export function emptyState(shards = 1): ShownState {
  return Array.from({ length: shards }, () => undefined);
}

/**
 * The state, respread over more shards if `size` objects need them. Not a
 * change of what is shown: no patches, and every object keeps its identity.
 * Doubling makes the O(n) respread amortized O(1) per object added.
 */
export function withRoomFor(state: ShownState, size: number): ShownState {
  let shards = state.length;
  while (shards < MAX_SHARDS && size > shards * SHARD_SIZE) shards *= 2;
  if (shards === state.length) return state;
  const next: Record<string, KubeObject>[] = Array.from({ length: shards }, () => ({}));
  for (const [ref, object] of allShown(state)) next[shardOf(ref, shards)]![ref] = object;
  return next;
}

/** FNV-1a of the ref, folded into `shards` (a power of two). */
export function shardOf(ref: string, shards: number): number {
  if (shards === 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < ref.length; i++) hash = Math.imul(hash ^ ref.charCodeAt(i), 0x01000193);
  return (hash >>> 0) & (shards - 1);
}

export function shownObject(state: ShownState, ref: string): KubeObject | undefined {
  return state[shardOf(ref, state.length)]?.[ref];
}

/**
 * The next state with each ref of `changes` showing its object (undefined:
 * not shown), and the patches from the previous one. Refs whose object is
 * already shown cost nothing.
 */
export function produceShown(state: ShownState, changes: ReadonlyMap<string, KubeObject | undefined>): [ShownState, Patch[]] {
  const [next, patches] = immer.produceWithPatches(state, (draft) => {
    for (const [ref, object] of changes) {
      const at = shardOf(ref, state.length);
      const current = state[at]?.[ref];
      if (current === object) continue;
      const shard = draft[at] as Record<string, KubeObject> | undefined;
      if (object === undefined) {
        if (shard && current !== undefined) delete shard[ref];
      } else if (shard) shard[ref] = object;
      else draft[at] = { [ref]: object };
    }
  });
  return [next, patches];
}

/** Runs `visit` for each ref a patch adds or replaces (an object) or removes (undefined). */
export function forEachChange(patches: readonly Patch[], visit: (ref: string, object: KubeObject | undefined, added: boolean) => void): void {
  for (const patch of patches) {
    if (patch.path.length === 2) visit(patch.path[1] as string, patch.op === 'remove' ? undefined : (patch.value as KubeObject), patch.op === 'add');
    else for (const [ref, object] of Object.entries(patch.value as Shard)) visit(ref, object, true);
  }
}

/** Every object of a state, in no particular order. */
export function* allShown(state: ShownState): Iterable<[string, KubeObject]> {
  for (const shard of state) if (shard) yield* Object.entries(shard);
}

export type { Patch };
