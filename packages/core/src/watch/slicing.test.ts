import { describe, expect, it } from 'vitest';
import type { CacheOp } from '../cache/cacheOp.js';
import type { KubeObject } from '../resources/resourceType.js';
import { readJsonLineBatches } from '../streams/readJsonLines.js';
import { SLICE_MS } from '../yieldToEventLoop.js';
import type { WatchEvent } from './events.js';
import { runWatch, type WatchSource } from './runWatch.js';

const pod = (name: string, resourceVersion: string): KubeObject => ({ metadata: { name, namespace: 'default', resourceVersion } });

/** Spins for `ms` of real time: the cost of applying a large batch. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('a stream that fell behind is read in slices', () => {
  it('cuts one large read into batches of about maxBatchChars, in order', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ i, padding: 'x'.repeat(1_000) }));
    const body = new Response(`${lines.join('\n')}\n`).body!;
    const batches: number[][] = [];
    for await (const batch of readJsonLineBatches<{ i: number }>(body, { maxBatchChars: 64 * 1024 })) batches.push(batch.map((value) => value.i));
    expect(batches.length).toBeGreaterThanOrEqual(4);
    expect(batches.flat()).toEqual(lines.map((_, i) => i));
    for (const batch of batches.slice(0, -1)) expect(batch.length).toBeLessThanOrEqual(Math.ceil((64 * 1024) / 1_000) + 1);
  });

  it('lets the event loop run between batches once a slice has taken its time', async () => {
    const events: WatchEvent[][] = Array.from({ length: 8 }, (_, i) => [{ type: 'MODIFIED', object: pod('a', String(11 + i)) }]);
    let immediateRan = false;
    const ranBeforeBatch: boolean[] = [];
    const source: WatchSource = {
      list: async () => ({ items: [pod('a', '10')], resourceVersion: '10' }),
      watch: async () => {
        // Everything is buffered already: each batch is there at once, as when a reader fell behind.
        setImmediate(() => (immediateRan = true));
        return {
          compressed: false,
          batches: (async function* () {
            for (const batch of events) yield batch;
          })(),
        };
      },
    };
    const done = new Promise<void>((resolve) => {
      const handle = runWatch(
        source,
        {
          apply: (ops: CacheOp[]) => {
            if (!ops.some((op) => op.type === 'upsert')) return;
            ranBeforeBatch.push(immediateRan);
            busy(SLICE_MS + 1);
            if (ranBeforeBatch.length === events.length) {
              handle.stop();
              resolve();
            }
          },
          fail: () => undefined,
        },
        {},
      );
    });
    await done;
    // The first batch runs before the event loop did; it took a slice, so the reader yielded before the second.
    expect(ranBeforeBatch.slice(0, 2)).toEqual([false, true]);
  });
});
