/**
 * What a query shows, as immer state: its objects (server versions with any
 * pending optimistic edits applied) in an array of slots. An object keeps its
 * slot while it is shown; a freed slot is reused. One `produceWithPatches`
 * per flush assigns the slots that changed: immer copies the array once (a
 * plain copy, tens of microseconds at 20,000 objects) and records one patch
 * per assignment, so its cost per change stays a few microseconds. Objects
 * keyed in sharded records cost several times more (copying a record of
 * computed keys costs V8 about 10 µs for 20 keys, against 0.1 µs for an array
 * of 40 slots).
 *
 * The patches name slots; `changesOf` turns them, with the state they were
 * made from, into changes by ref: the query's change feed. The list view
 * (listView.ts) applies them to its array, and patch subscribers
 * (`observer.patches()`, other tabs) receive them.
 *
 * Invariants:
 * - a state is never changed once produced: the next one is produced from it;
 * - an object that did not change is the same reference in the next state,
 *   and a flush that changed nothing produces no patches and the same state;
 * - `Slots` (which slot holds which ref, which are free) describes the latest
 *   state only: it is the query's own bookkeeping, updated by the produce.
 */
import type { Patch } from 'immer';
import type { KubeObject } from '../resources/resourceType.js';
import { immer } from './immer.js';

export type ShownState = readonly (KubeObject | undefined)[];

/** Where each shown ref sits in the latest state, which ref each slot holds, and the slots free for reuse. */
export interface Slots {
  readonly of: Map<string, number>;
  readonly refs: (string | undefined)[];
  readonly free: number[];
}

/** A change of what a query shows, by ref: the object now shown, or undefined when it is no longer shown. */
export interface RefChange {
  readonly ref: string;
  readonly object: KubeObject | undefined;
  /** Not shown before this change. */
  readonly added: boolean;
}

export function emptyState(): ShownState {
  return [];
}

export function emptySlots(): Slots {
  return { of: new Map(), refs: [], free: [] };
}

export function shownObject(state: ShownState, slots: Slots, ref: string): KubeObject | undefined {
  const slot = slots.of.get(ref);
  return slot === undefined ? undefined : state[slot];
}

/**
 * The next state with each ref of `changes` showing its object (undefined:
 * not shown), and its changes by ref. Refs whose object is already shown cost
 * nothing.
 */
export function produceShown(state: ShownState, slots: Slots, changes: ReadonlyMap<string, KubeObject | undefined>): [ShownState, RefChange[]] {
  /** slot -> the ref it held before this produce, for slots that changed hands. */
  const before = new Map<number, string | undefined>();
  const hand = (slot: number, ref: string | undefined) => {
    if (!before.has(slot)) before.set(slot, slots.refs[slot]);
    slots.refs[slot] = ref;
  };
  const [next, patches] = immer.produceWithPatches(state, (draft) => {
    for (const [ref, object] of changes) {
      let slot = slots.of.get(ref);
      if (object === undefined) {
        if (slot === undefined) continue;
        draft[slot] = undefined;
        slots.of.delete(ref);
        slots.free.push(slot);
        hand(slot, undefined);
        continue;
      }
      if (slot === undefined) {
        slot = slots.free.pop() ?? draft.length;
        slots.of.set(ref, slot);
        hand(slot, ref);
      }
      if (state[slot] !== object) draft[slot] = object;
    }
  });
  return [next, changesOf(patches, slots, before)];
}

/** The patches of one produce, by ref: a slot that changed hands is its old ref removed and its new one added. */
function changesOf(patches: readonly Patch[], slots: Slots, before: ReadonlyMap<number, string | undefined>): RefChange[] {
  const changes: RefChange[] = [];
  for (const { path, value } of patches) {
    const slot = path[0] as number;
    const after = slots.refs[slot];
    const was = before.has(slot) ? before.get(slot) : after;
    if (was !== undefined && was !== after) changes.push({ ref: was, object: undefined, added: false });
    if (after !== undefined) changes.push({ ref: after, object: value as KubeObject, added: was !== after });
  }
  return changes;
}

/**
 * The state without its free slots, when they outnumber the shown objects
 * (a list that shrank): a respread of the same objects, not a change of what
 * is shown, so it makes no patches; `slots` is rebuilt to match.
 */
export function compacted(state: ShownState, slots: Slots): ShownState {
  if (slots.free.length <= 1_024 || slots.free.length <= slots.of.size) return state;
  const next: KubeObject[] = [];
  slots.refs.length = 0;
  slots.free.length = 0;
  for (const [ref, slot] of slots.of) {
    slots.of.set(ref, next.length);
    slots.refs.push(ref);
    next.push(state[slot]!);
  }
  return next;
}

/** Every object of a state with its ref, in no particular order. */
export function* allShown(state: ShownState, slots: Slots): Iterable<[string, KubeObject]> {
  for (const [ref, slot] of slots.of) yield [ref, state[slot]!];
}
