/**
 * Copy-on-write of one bucket for the length of a batch: each level (the
 * bucket, a namespace, a shard) is copied once, on its first change, and
 * frozen when the batch ends. The result goes into the immer draft as a
 * frozen plain value, which immer neither proxies nor walks: that keeps a
 * batch's cost to the records it touched, without a proxy per access.
 */
import type { KubeObject } from '../resources/resourceType.js';
import type { Bucket, Shard } from './state.js';

type MutableBucket = { [namespace: string]: { [shard: number]: Shard } };

export class BucketWriter {
  private next: MutableBucket | undefined;
  private readonly copied = new Set<string>();

  constructor(private readonly base: Bucket | undefined) {}

  get(namespace: string, shard: number, name: string): KubeObject | undefined {
    return (this.next ?? this.base)?.[namespace]?.[shard]?.[name];
  }

  set(namespace: string, shard: number, name: string, object: KubeObject | undefined): void {
    const bucket = (this.next ??= { ...this.base });
    if (!this.copied.has(namespace)) {
      bucket[namespace] = { ...bucket[namespace] };
      this.copied.add(namespace);
    }
    const shards = bucket[namespace]!;
    const key = `${namespace}\u0000${shard}`;
    if (!this.copied.has(key)) {
      shards[shard] = { ...shards[shard] };
      this.copied.add(key);
    }
    if (object === undefined) delete shards[shard]![name];
    else shards[shard]![name] = object;
  }

  /** The new bucket, with every copied level frozen; undefined when nothing changed. */
  finish(): Bucket | undefined {
    const bucket = this.next;
    if (!bucket) return undefined;
    for (const key of this.copied) {
      const [namespace, shard] = key.split('\u0000') as [string, string | undefined];
      Object.freeze(shard === undefined ? bucket[namespace] : bucket[namespace]![Number(shard)]);
    }
    return Object.freeze(bucket);
  }
}
