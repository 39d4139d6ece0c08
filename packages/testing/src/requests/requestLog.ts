// Every request the fake answered, with when its connection opened and
// closed, so tests can count open watches (connection sharing, leaks).
// Invariant: an entry's `closedAt` is set exactly once, when its response
// body ended in any way (finished, cut, or abandoned by the client).
import type { Verb } from '../faults/types.js';

export interface RequestRecord {
  id: number;
  method: string;
  /** Path as received (gateway base and cluster prefix included). */
  path: string;
  query: Record<string, string>;
  /** 'global' for unprefixed paths. */
  cluster: string;
  verb: Verb | 'control' | 'other';
  resource?: string;
  namespace?: string;
  name?: string;
  watch: boolean;
  /** The Accept header, when the request sent one (a view asks for a projection in it). */
  accept?: string;
  /** HTTP status sent (0 while a hung request is unanswered). */
  status: number;
  /** Epoch ms. */
  openedAt: number;
  closedAt?: number;
}

export interface RequestFilter {
  cluster?: string;
  resource?: string;
  namespace?: string;
  /** The object's name, for item requests. */
  name?: string;
  verb?: RequestRecord['verb'];
  watch?: boolean;
  method?: string;
  /** Substring of the path. */
  path?: string;
  /** Only still-open connections. */
  open?: boolean;
}

const matches = (r: RequestRecord, f: RequestFilter) =>
  (f.cluster === undefined || r.cluster === f.cluster) &&
  (f.resource === undefined || r.resource === f.resource) &&
  (f.namespace === undefined || r.namespace === f.namespace) &&
  (f.name === undefined || r.name === f.name) &&
  (f.verb === undefined || r.verb === f.verb) &&
  (f.watch === undefined || r.watch === f.watch) &&
  (f.method === undefined || r.method === f.method.toUpperCase()) &&
  (f.path === undefined || r.path.includes(f.path)) &&
  (f.open === undefined || (r.closedAt === undefined) === f.open);

export class RequestLog {
  private records: RequestRecord[] = [];
  private nextId = 1;
  private readonly waiters = new Set<() => void>();

  constructor(
    /** Records kept; the oldest closed ones are dropped past it. */
    private readonly limit = 10_000,
  ) {}

  open(record: Omit<RequestRecord, 'id' | 'openedAt' | 'status'>): RequestRecord {
    const full: RequestRecord = { ...record, id: this.nextId++, openedAt: Date.now(), status: 0 };
    this.records.push(full);
    if (this.records.length > this.limit) {
      const i = this.records.findIndex((r) => r.closedAt !== undefined);
      if (i !== -1) this.records.splice(i, 1);
    }
    this.notify();
    return full;
  }

  close(record: RequestRecord): void {
    if (record.closedAt !== undefined) return;
    record.closedAt = Date.now();
    this.notify();
  }

  all(filter: RequestFilter = {}): RequestRecord[] {
    return this.records.filter((r) => matches(r, filter));
  }

  /** Watch connections currently open (optionally filtered). */
  openWatches(filter: Omit<RequestFilter, 'watch' | 'open'> = {}): number {
    return this.all({ ...filter, watch: true, open: true }).length;
  }

  count(filter: RequestFilter = {}): number {
    return this.all(filter).length;
  }

  clear(): void {
    this.records = this.records.filter((r) => r.closedAt === undefined);
  }

  /** Resolves once `predicate` holds (checked on every open/close); rejects after `timeoutMs`. */
  waitFor(predicate: (log: RequestLog) => boolean, timeoutMs = 5_000): Promise<void> {
    if (predicate(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate(this)) return;
        done();
        resolve();
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`request log condition not met within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  private notify(): void {
    for (const waiter of this.waiters) waiter();
  }
}
