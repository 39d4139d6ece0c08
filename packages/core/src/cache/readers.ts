/**
 * Single-object queries served by a covering list query (same cluster,
 * resource and namespace, no selectors): a reader opens no connection, shows
 * what the list shows for its object, and is found by its covering query's
 * key, to pass on that query's status.
 */
import type { QueryRecord } from './state.js';

export interface Reader {
  readonly covering: QueryRecord;
  readonly ref: string;
}

const NONE: ReadonlySet<string> = new Set();

export class Readers {
  private readonly byKey = new Map<string, Reader>();
  /** covering query key -> its readers' keys. */
  private readonly byCovering = new Map<string, Set<string>>();

  get(readerKey: string): Reader | undefined {
    return this.byKey.get(readerKey);
  }

  has(readerKey: string): boolean {
    return this.byKey.has(readerKey);
  }

  get size(): number {
    return this.byKey.size;
  }

  /** The keys of the readers a list query serves. */
  of(coveringKey: string): ReadonlySet<string> {
    return this.byCovering.get(coveringKey) ?? NONE;
  }

  add(readerKey: string, reader: Reader): void {
    this.byKey.set(readerKey, reader);
    let keys = this.byCovering.get(reader.covering.key);
    if (!keys) this.byCovering.set(reader.covering.key, (keys = new Set()));
    keys.add(readerKey);
  }

  remove(readerKey: string): Reader | undefined {
    const reader = this.byKey.get(readerKey);
    if (!reader) return undefined;
    this.byKey.delete(readerKey);
    const keys = this.byCovering.get(reader.covering.key);
    if (keys?.delete(readerKey) && keys.size === 0) this.byCovering.delete(reader.covering.key);
    return reader;
  }
}
