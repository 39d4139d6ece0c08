/**
 * The objects of one cluster and resource type, stored once however many
 * queries hold them, and who holds each.
 *
 * Invariants:
 * - an object is here while at least one query holds it, and leaves with the
 *   last one;
 * - the holders of an object are found by its key, never by a scan of the
 *   queries, so a change costs the same with one query or a thousand.
 * Keys are refs (`memberRef`: namespace, a space, name).
 */
import type { KubeApiError } from '../errors/KubeApiError.js';
import type { KubeObject } from '../resources/resourceType.js';
import { Overlays } from './overlays.js';

const NONE: readonly string[] = [];

export class Bucket {
  /** Queries and readers using this bucket; the store drops it when the last one goes. */
  users = 0;
  readonly objects = new Map<string, KubeObject>();
  /** The keys of this bucket's queries, for writes that may add an object to them. */
  readonly queries = new Set<string>();
  /** Optimistic edits of its objects (overlays.ts). */
  readonly overlays = new Overlays();
  /** ref -> writes sent and not yet answered. */
  readonly pendingWrites = new Map<string, number>();
  /** ref -> the last write of it that failed, until one succeeds. */
  readonly failedWrites = new Map<string, KubeApiError>();
  /**
   * ref -> the resourceVersion it had when a delete written through the
   * client removed it: a watch event of that version or older, still on its
   * way, must not bring it back.
   */
  readonly deleted = new Map<string, string | undefined>();
  /** ref -> the queries holding it: one key, or a Set when several do (most objects have one holder). */
  private readonly holders = new Map<string, string | Set<string>>();
  /** ref -> single-object queries that read it through a covering list query. */
  private readonly readers = new Map<string, Set<string>>();

  hold(ref: string, queryKey: string): void {
    const current = this.holders.get(ref);
    if (current === undefined) this.holders.set(ref, queryKey);
    else if (typeof current === 'string') {
      if (current !== queryKey) this.holders.set(ref, new Set([current, queryKey]));
    } else current.add(queryKey);
  }

  /** Lets go of an object; drops it when no query holds it any more. */
  release(ref: string, queryKey: string): void {
    const current = this.holders.get(ref);
    if (current === queryKey || (typeof current === 'object' && current.delete(queryKey) && current.size === 0)) {
      this.holders.delete(ref);
      this.objects.delete(ref);
    }
  }

  /** Whether any query holds `ref`. */
  isHeld(ref: string): boolean {
    return this.holders.has(ref);
  }

  /** Calls `visit` with each query holding `ref` (no allocation for the usual single holder). */
  forEachHolder(ref: string, visit: (queryKey: string) => void): void {
    const holders = this.holders.get(ref);
    if (typeof holders === 'string') visit(holders);
    else holders?.forEach((key) => visit(key));
  }

  /** The single-object queries reading `ref` through a covering list query. */
  readersOf(ref: string): Iterable<string> {
    return this.readers.get(ref) ?? NONE;
  }

  addReader(ref: string, queryKey: string): void {
    let readers = this.readers.get(ref);
    if (!readers) this.readers.set(ref, (readers = new Set()));
    readers.add(queryKey);
  }

  removeReader(ref: string, queryKey: string): void {
    const readers = this.readers.get(ref);
    if (readers?.delete(queryKey) && readers.size === 0) this.readers.delete(ref);
  }

}
