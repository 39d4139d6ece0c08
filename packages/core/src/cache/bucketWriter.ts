/**
 * Copy-on-write of one bucket for the length of a batch: each level (the
 * bucket, a namespace, a shard) is copied once, on its first change, and
 * frozen when the batch ends. The result goes into the immer draft as a
 * frozen plain value, which immer neither proxies nor walks: that keeps a
 * batch's cost to the records it touched, without a proxy per access.
 */
import type { KubeObject } from '../resources/resourceType.js';
import type { Bucket, Shard } from './state.js';

type MutableShards = { [shard: number]: Shard };

export class BucketWriter {
  private next: { [namespace: string]: MutableShards } | undefined;
  /** namespace -> the shards copied in it; a namespace is here once its record is copied. */
  private readonly copied = new Map<string, Set<number>>();
  /** Every record copied in this batch, to freeze when it ends. */
  private readonly copies: object[] = [];

  constructor(private readonly base: Bucket | undefined) {}

  get(namespace: string, shard: number, name: string): KubeObject | undefined {
    return (this.next ?? this.base)?.[namespace]?.[shard]?.[name];
  }

  set(namespace: string, shard: number, name: string, object: KubeObject | undefined): void {
    const bucket = (this.next ??= this.copy({ ...this.base }));
    let shards = this.copied.get(namespace);
    if (!shards) {
      bucket[namespace] = this.copy({ ...bucket[namespace] });
      this.copied.set(namespace, (shards = new Set()));
    }
    const records = bucket[namespace]!;
    if (!shards.has(shard)) {
      records[shard] = this.copy({ ...records[shard] });
      shards.add(shard);
    }
    if (object === undefined) delete records[shard]![name];
    else records[shard]![name] = object;
  }

  /** The new bucket, with every copied record frozen; undefined when nothing changed. */
  finish(): Bucket | undefined {
    for (const record of this.copies) Object.freeze(record);
    return this.next;
  }

  private copy<T extends object>(record: T): T {
    this.copies.push(record);
    return record;
  }
}
