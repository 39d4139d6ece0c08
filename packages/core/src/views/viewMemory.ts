/**
 * What a client learns about a view of a resource and keeps beyond one
 * connection: the table columns last sent (they come with a list and with the
 * first event of a watch only, so a resumed watch, a relist or a move between
 * polling and streaming must find them here), and whether the server refused
 * the projection (406: ask with plain JSON from then on) or sent full objects
 * (projected here), with the notice the resource's queries show.
 *
 * It is keyed by bucket (cluster, resource, view): a resource's columns and
 * its server's abilities are the same for every query of it. It lives beside
 * the cache, one per client, so that the cache's records need not know about
 * views; a client uses few buckets, so nothing here is ever dropped.
 */
import type { CacheOp } from '../cache/cacheOp.js';
import type { StatusNotice } from '../status/queryStatus.js';
import { sameColumns, type TableColumn } from './table.js';

export class ViewMemory {
  private readonly columns = new Map<string, readonly TableColumn[]>();
  private readonly notices = new Map<string, StatusNotice>();
  private readonly refused = new Set<string>();

  columnsOf(bucket: string): readonly TableColumn[] | undefined {
    return this.columns.get(bucket);
  }

  /** Keeps the columns a list or a watch's first event sent; the kept array when they read the same, so its identity holds. */
  setColumns(bucket: string, columns: readonly TableColumn[]): readonly TableColumn[] {
    const kept = this.columns.get(bucket);
    if (kept && sameColumns(kept, columns)) return kept;
    const frozen = Object.freeze(columns.map((column) => Object.freeze({ ...column })));
    this.columns.set(bucket, frozen);
    return frozen;
  }

  /** The server answered 406 to the view's Accept header: requests of this bucket ask for plain JSON from now on. */
  refuse(bucket: string, notice: StatusNotice): void {
    this.refused.add(bucket);
    this.notices.set(bucket, notice);
  }

  isRefused(bucket: string): boolean {
    return this.refused.has(bucket);
  }

  /** The server sent full objects for a projection: they are projected here, and the resource's queries say so. */
  projected(bucket: string, notice: StatusNotice): void {
    if (!this.notices.has(bucket)) this.notices.set(bucket, notice);
  }

  notice(bucket: string): StatusNotice | undefined {
    return this.notices.get(bucket);
  }
}

const memories = new WeakMap<object, ViewMemory>();

/** The view memory of one client, found by an object the client owns for its lifetime (its cache). */
export function viewMemoryOf(owner: object): ViewMemory {
  let memory = memories.get(owner);
  if (!memory) memories.set(owner, (memory = new ViewMemory()));
  return memory;
}

/** Status ops that would clear the notice get the view's fallback notice instead (a status without a notice has none). */
export function withViewNotice(ops: CacheOp[], notice: StatusNotice | undefined): CacheOp[] {
  if (!notice) return ops;
  let result: CacheOp[] | undefined;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (op.type !== 'status' || !('phase' in op) || op.notice) continue;
    result ??= ops.slice();
    result[i] = { ...op, notice };
  }
  return result ?? ops;
}
