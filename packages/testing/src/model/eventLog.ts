// The change history of one cluster, like etcd's revision log seen through
// the watch cache. Invariants: entries are in strictly increasing
// resourceVersion order (one change per resourceVersion); `floor` is the
// oldest resourceVersion a watch may resume from, and every change after
// `floor` is still in the log. Resuming from below `floor` is 410 Expired.
import type { ResourceInfo } from './resources.js';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface Change {
  rv: number;
  type: ChangeType;
  resource: ResourceInfo;
  /** The object after the change; for DELETED, the last state stamped with the deletion's resourceVersion. */
  object: KubeObject;
  /** The object before the change (absent for ADDED); lets selectors see objects leave a watch. */
  previous?: KubeObject;
}

export class EventLog {
  private entries: Change[] = [];
  private head = 0;
  private floorRv: number;

  constructor(
    /** How many changes are kept; older ones are forgotten as after an etcd compaction. */
    private readonly limit: number,
    initialRv: number,
  ) {
    this.floorRv = initialRv;
  }

  get floor(): number {
    return this.floorRv;
  }

  get size(): number {
    return this.entries.length - this.head;
  }

  append(change: Change): void {
    this.entries.push(change);
    if (this.size > this.limit) {
      this.floorRv = this.entries[this.head]!.rv;
      this.head++;
      // Reclaim the dropped prefix now and then instead of shifting on every append.
      if (this.head > 1024 && this.head * 2 > this.entries.length) {
        this.entries = this.entries.slice(this.head);
        this.head = 0;
      }
    }
  }

  /** Changes after `rv`, or undefined when `rv` is older than the window. */
  since(rv: number): Change[] | undefined {
    if (rv < this.floorRv) return undefined;
    let lo = this.head;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.entries[mid]!.rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.entries.slice(lo);
  }

  /** Forgets every change up to `rv` (etcd compaction; a restart's empty watch cache). */
  compact(rv: number): void {
    this.entries = this.entries.filter((e, i) => i >= this.head && e.rv > rv);
    this.head = 0;
    this.floorRv = Math.max(this.floorRv, rv);
  }
}
