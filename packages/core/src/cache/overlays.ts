/**
 * Optimistic edits of one cluster's objects of one resource type, kept per
 * object and replayed over every newer server version until the server has
 * confirmed them (Apollo Client's optimistic layers: a layer is re-applied to
 * the newest data, not inverted, so nothing that arrived meanwhile is lost).
 *
 * Invariants:
 * - what is shown for an object is its server version with its pending edits
 *   applied in the order they were made; with no edits, the server version
 *   itself (same reference);
 * - the result is computed once per server version and set of edits, so an
 *   unchanged object keeps its identity from flush to flush;
 * - an edit that cannot apply to a newer version (its recipe throws) is
 *   skipped there: the screen shows the server's truth for it, and its write
 *   will rebase or fail on its own.
 */
import type { KubeObject } from '../resources/resourceType.js';
import { immer } from './immer.js';

/** An edit: a recipe on an immer draft of the object. */
export interface Edit {
  readonly recipe: (draft: KubeObject) => void;
}

interface Layered {
  readonly edits: Edit[];
  /** The server version `shown` was computed from (null: not computed yet). */
  base: KubeObject | undefined | null;
  shown: KubeObject | undefined;
}

export class Overlays {
  private readonly byRef = new Map<string, Layered>();

  has(ref: string): boolean {
    return this.byRef.has(ref);
  }

  get size(): number {
    return this.byRef.size;
  }

  add(ref: string, edit: Edit): void {
    const layered = this.byRef.get(ref);
    if (layered) {
      layered.edits.push(edit);
      layered.base = null;
    } else this.byRef.set(ref, { edits: [edit], base: null, shown: undefined });
  }

  /** Drops an edit (confirmed or failed); false when it was not there. */
  remove(ref: string, edit: Edit): boolean {
    const layered = this.byRef.get(ref);
    const at = layered ? layered.edits.indexOf(edit) : -1;
    if (!layered || at < 0) return false;
    layered.edits.splice(at, 1);
    layered.base = null;
    if (layered.edits.length === 0) this.byRef.delete(ref);
    return true;
  }

  /** What to show for `ref` given its server version; `finish` freezes a new result for handing out. */
  shown(ref: string, server: KubeObject | undefined, finish: (object: KubeObject) => KubeObject): KubeObject | undefined {
    const layered = this.byRef.get(ref);
    if (!layered) return server;
    if (layered.base !== server) {
      layered.base = server;
      layered.shown = replay(server, layered.edits, finish);
    }
    return layered.shown;
  }
}

function replay(server: KubeObject | undefined, edits: readonly Edit[], finish: (object: KubeObject) => KubeObject): KubeObject | undefined {
  if (server === undefined) return undefined;
  let edited = server;
  for (const edit of edits) {
    try {
      // One produce per edit: a recipe that throws halfway leaves nothing behind.
      edited = immer.produce(edited, (draft) => void edit.recipe(draft as KubeObject));
    } catch {
      // Does not apply to this version; see the invariants above.
    }
  }
  return edited === server ? server : finish(edited);
}
