import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KubeApiError } from '../errors/KubeApiError.js';
import type { KubeObject } from '../resources/resourceType.js';
import { createBackoff, DEFAULT_BACKOFF } from './backoff.js';
import type { CacheOp } from '../cache/cacheOp.js';
import type { Transport } from '../status/queryStatus.js';
import { INITIAL_EVENTS_END, type ListPage, type WatchEvent } from './events.js';
import { runWatch, type WatchHandle, type WatchSink, type WatchSource } from './runWatch.js';
import { StreamingListSupport } from './streamingListSupport.js';

const pod = (name: string, resourceVersion: string): KubeObject => ({ metadata: { name, namespace: 'default', resourceVersion } });
const httpError = (code: number, reason: string, retryAfterSeconds?: number) =>
  new KubeApiError({ kind: 'Status', code, reason, message: reason }, retryAfterSeconds === undefined ? {} : { retryAfterSeconds });

type Item = { batch: WatchEvent[] } | { end: true } | { error: unknown };

/** One open watch response: the test pushes batches and ends or breaks it; an abort breaks it as fetch does. */
class FakeStream implements AsyncIterable<WatchEvent[]> {
  private readonly items: Item[] = [];
  private wake: (() => void) | undefined;
  closed = false;

  constructor(
    readonly resourceVersion: string | undefined,
    readonly sendInitialEvents: boolean,
    readonly signal: AbortSignal,
  ) {
    signal.addEventListener('abort', () => this.put({ error: new DOMException('The operation was aborted.', 'AbortError') }));
  }

  send(...events: WatchEvent[]): void {
    this.put({ batch: events });
  }

  end(): void {
    this.put({ end: true });
  }

  private put(item: Item): void {
    this.items.push(item);
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<WatchEvent[]> {
    try {
      for (;;) {
        while (this.items.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
        const item = this.items.shift()!;
        if ('end' in item) return;
        if ('error' in item) throw item.error;
        yield item.batch;
      }
    } finally {
      this.closed = true;
    }
  }
}

interface PendingList {
  continueToken: string | undefined;
  unpaged: boolean | undefined;
  signal: AbortSignal;
  answer(page: ListPage): void;
  refuse(error: unknown): void;
}

interface PendingWatch {
  resourceVersion: string | undefined;
  sendInitialEvents: boolean;
  signal: AbortSignal;
  open(compressed?: boolean): FakeStream;
  refuse(error: unknown): void;
}

/** A WatchSource whose every request waits for the test to answer it. */
function fakeSource() {
  const lists: PendingList[] = [];
  const watches: PendingWatch[] = [];
  const source: WatchSource = {
    list({ continueToken, unpaged }, signal) {
      return new Promise((resolve, reject) => lists.push({ continueToken, unpaged, signal, answer: resolve, refuse: reject }));
    },
    watch(resourceVersion, sendInitialEvents, signal) {
      return new Promise((resolve, reject) =>
        watches.push({
          resourceVersion,
          sendInitialEvents,
          signal,
          open(compressed = false) {
            const stream = new FakeStream(resourceVersion, sendInitialEvents, signal);
            resolve({ batches: stream, compressed });
            return stream;
          },
          refuse: reject,
        }),
      );
    },
  };
  return { source, lists, watches };
}

function recordingSink() {
  const applied: CacheOp[][] = [];
  const failures: KubeApiError[] = [];
  const sink: WatchSink = { apply: (ops) => applied.push(ops), fail: (error) => failures.push(error) };
  const statuses = () => applied.flat().filter((op) => op.type === 'status');
  return { sink, applied, failures, statuses };
}

/** Lets resolved promises and async iterators run, without moving the clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);

let handle: WatchHandle | undefined;

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  handle?.stop();
  handle = undefined;
  expect(vi.getTimerCount()).toBe(0);
  vi.useRealTimers();
});

/** A driver with the upper end of the jitter, so that backoff steps are exactly 800, 1600, ... ms. */
function start(
  options: { streamingList?: boolean | StreamingListSupport; watchTimeoutSeconds?: number; transport?: Transport; pollIntervalMs?: number; resumeFrom?: string; paused?: boolean; bookmarkIntervalMs?: number } = {},
) {
  const { source, lists, watches } = fakeSource();
  const recording = recordingSink();
  const { streamingList, ...rest } = options;
  const streamingLists = streamingList instanceof StreamingListSupport ? streamingList : new StreamingListSupport(streamingList ?? false);
  handle = runWatch(source, recording.sink, { ...rest, streamingLists, backoff: createBackoff(DEFAULT_BACKOFF, () => Date.now(), () => 1) });
  return { ...recording, lists, watches, handle };
}

describe('runWatch', () => {
  it('lists, then watches from the list resourceVersion and applies each batch', async () => {
    const { lists, watches, applied } = start();
    expect(lists).toHaveLength(1);
    expect(lists[0]!.continueToken).toBeUndefined();
    lists[0]!.answer({ items: [pod('a', '5')], resourceVersion: '10' });
    await settle();
    expect(applied).toEqual([[{ type: 'replace', objects: [pod('a', '5')], resourceVersion: '10' }, { type: 'status', phase: 'ready' }]]);
    expect(watches).toHaveLength(1);
    expect(watches[0]).toMatchObject({ resourceVersion: '10', sendInitialEvents: false });
    const stream = watches[0]!.open();
    stream.send({ type: 'ADDED', object: pod('b', '11') }, { type: 'DELETED', object: pod('a', '12') });
    await settle();
    expect(applied.slice(1)).toEqual([
      [{ type: 'status', phase: 'ready' }],
      [{ type: 'upsert', object: pod('b', '11') }, { type: 'delete', object: pod('a', '12') }, { type: 'resourceVersion', resourceVersion: '12' }],
    ]);
  });

  it('follows continue tokens, one page request at a time', async () => {
    const { lists, watches, applied } = start();
    lists[0]!.answer({ items: [pod('a', '1')], resourceVersion: '9', continueToken: 'next' });
    await settle();
    expect(lists).toHaveLength(2);
    expect(lists[1]!.continueToken).toBe('next');
    expect(applied).toEqual([]);
    lists[1]!.answer({ items: [pod('b', '2')], resourceVersion: '9' });
    await settle();
    expect(applied[0]?.[0]).toEqual({ type: 'replace', objects: [pod('a', '1'), pod('b', '2')], resourceVersion: '9' });
    expect(watches[0]?.resourceVersion).toBe('9');
  });

  it('aborts the previous activity when it starts a new one', async () => {
    const { lists, watches } = start();
    lists[0]!.answer({ items: [], resourceVersion: '10' });
    await settle();
    const first = watches[0]!.open();
    await settle();
    expect(first.signal.aborted).toBe(false);
    first.send({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '20' } } });
    first.end();
    await settle();
    expect(watches).toHaveLength(2);
    expect(watches[1]!.resourceVersion).toBe('20');
    expect(first.signal.aborted).toBe(true);
    expect(lists[0]!.signal.aborted).toBe(true);
    expect(watches[1]!.signal.aborted).toBe(false);
  });

  it('resumes at once, without a timer, when the server ends a stream that delivered events', async () => {
    const { lists, watches } = start();
    lists[0]!.answer({ items: [], resourceVersion: '10' });
    await settle();
    const stream = watches[0]!.open();
    stream.send({ type: 'MODIFIED', object: pod('a', '11') });
    await settle();
    stream.end();
    await settle();
    expect(watches.map((watch) => watch.resourceVersion)).toEqual(['10', '11']);
    expect(stream.closed).toBe(true);
  });

  it('backs off, then resumes from the same version, when a stream ends at once without events', async () => {
    const { lists, watches, statuses } = start();
    lists[0]!.answer({ items: [], resourceVersion: '10' });
    await settle();
    watches[0]!.open().end();
    await settle();
    expect(watches).toHaveLength(1);
    expect(statuses().at(-1)).toMatchObject({ phase: 'reconnecting', error: { reason: 'NetworkError' } });
    await vi.advanceTimersByTimeAsync(799);
    expect(watches).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(watches).toHaveLength(2);
    expect(watches[1]!.resourceVersion).toBe('10');
  });

  it('retries a failed list after the backoff timer', async () => {
    const { lists, statuses } = start();
    lists[0]!.refuse(httpError(503, 'ServiceUnavailable'));
    await settle();
    expect(statuses()).toEqual([{ type: 'status', phase: 'reconnecting', error: expect.objectContaining({ code: 503 }) }]);
    await vi.advanceTimersByTimeAsync(799);
    expect(lists).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(lists).toHaveLength(2);
    lists[1]!.refuse(httpError(500, 'InternalError'));
    await settle();
    await vi.advanceTimersByTimeAsync(1599);
    expect(lists).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(lists).toHaveLength(3);
  });

  it('waits out a Retry-After longer than the backoff step', async () => {
    const { lists } = start();
    lists[0]!.refuse(httpError(429, 'TooManyRequests', 5));
    await settle();
    await vi.advanceTimersByTimeAsync(4999);
    expect(lists).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(lists).toHaveLength(2);
  });

  it('turns a failure that is not a KubeApiError into a retryable network error', async () => {
    const { lists, statuses } = start();
    lists[0]!.refuse(new TypeError('fetch failed'));
    await settle();
    expect(statuses().at(-1)).toMatchObject({ phase: 'reconnecting', error: { code: 0, reason: 'NetworkError' } });
    await vi.advanceTimersByTimeAsync(800);
    expect(lists).toHaveLength(2);
  });

  it('relists after 410 Gone at the start of a watch', async () => {
    const { lists, watches } = start();
    lists[0]!.answer({ items: [], resourceVersion: '10' });
    await settle();
    watches[0]!.refuse(httpError(410, 'Expired'));
    await settle();
    expect(lists).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(800);
    expect(lists).toHaveLength(2);
  });

  it('relists after a 410 ERROR event and closes that stream', async () => {
    const { lists, watches } = start();
    lists[0]!.answer({ items: [], resourceVersion: '10' });
    await settle();
    const stream = watches[0]!.open();
    stream.send({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 10 (20)' } });
    await settle();
    expect(stream.signal.aborted).toBe(true);
    expect(stream.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(800);
    expect(lists).toHaveLength(2);
  });

  it('cuts a stream still open past timeoutSeconds + 30 s and resumes at once from its version', async () => {
    const { lists, watches, statuses } = start({ watchTimeoutSeconds: 59 });
    lists[0]!.answer({ items: [], resourceVersion: '10' });
    await settle();
    const stream = watches[0]!.open();
    stream.send({ type: 'MODIFIED', object: pod('a', '11') });
    await vi.advanceTimersByTimeAsync(88_999);
    expect(stream.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(stream.signal.aborted).toBe(true);
    expect(watches).toHaveLength(2); // no backoff: a normal end
    expect(watches[1]!.resourceVersion).toBe('11');
    expect(statuses().at(-1)).toMatchObject({ phase: 'ready' });
  });

  it('cuts a watch whose answer never arrives, as a failure that backs off', async () => {
    const { lists, watches } = start({ watchTimeoutSeconds: 10 });
    lists[0]!.answer({ items: [], resourceVersion: '10' });
    await settle();
    await vi.advanceTimersByTimeAsync(40_000);
    expect(watches[0]!.signal.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(800);
    expect(watches).toHaveLength(2);
  });

  it('fails for good on 403 and stops', async () => {
    const { lists, failures } = start();
    lists[0]!.refuse(httpError(403, 'Forbidden'));
    await settle();
    expect(failures.map((error) => error.code)).toEqual([403]);
    expect(lists[0]!.signal.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    expect(handle!.state).toMatchObject({ kind: 'failed' });
  });

  it('stop() aborts the stream in flight and clears its timer', async () => {
    const { lists, watches, applied } = start();
    lists[0]!.answer({ items: [], resourceVersion: '10' });
    await settle();
    const stream = watches[0]!.open();
    await settle();
    expect(vi.getTimerCount()).toBe(1);
    handle!.stop();
    expect(stream.signal.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    const count = applied.length;
    stream.send({ type: 'ADDED', object: pod('late', '99') });
    await vi.advanceTimersByTimeAsync(200_000);
    expect(applied).toHaveLength(count);
    expect(watches).toHaveLength(1);
  });

  it('stop() during a backoff clears the timer, and nothing runs afterwards', async () => {
    const { lists } = start();
    lists[0]!.refuse(httpError(503, 'ServiceUnavailable'));
    await settle();
    expect(vi.getTimerCount()).toBe(1);
    handle!.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(lists).toHaveLength(1);
  });

  it('drops the answer of a list it stopped waiting for', async () => {
    const { lists, applied, watches } = start();
    handle!.stop();
    expect(lists[0]!.signal.aborted).toBe(true);
    lists[0]!.answer({ items: [pod('a', '1')], resourceVersion: '10' });
    await settle();
    expect(applied).toEqual([]);
    expect(watches).toEqual([]);
  });

  it('streams the list with sendInitialEvents and continues on the same stream', async () => {
    const { lists, watches, applied } = start({ streamingList: true });
    expect(lists).toHaveLength(0);
    expect(watches[0]).toMatchObject({ resourceVersion: undefined, sendInitialEvents: true });
    const stream = watches[0]!.open();
    stream.send({ type: 'ADDED', object: pod('a', '3') });
    stream.send({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '7', annotations: { [INITIAL_EVENTS_END]: 'true' } } } });
    await settle();
    expect(applied).toEqual([[{ type: 'replace', objects: [pod('a', '3')], resourceVersion: '7' }, { type: 'status', phase: 'ready' }]]);
    stream.send({ type: 'MODIFIED', object: pod('a', '8') });
    await settle();
    expect(applied.at(-1)).toEqual([{ type: 'upsert', object: pod('a', '8') }, { type: 'resourceVersion', resourceVersion: '8' }]);
    expect(watches).toHaveLength(1);
  });

  it('falls back to list+watch for good when the server refuses the streaming list', async () => {
    const { lists, watches } = start({ streamingList: true });
    watches[0]!.refuse(httpError(422, 'Invalid'));
    await settle();
    expect(lists).toHaveLength(1);
    lists[0]!.answer({ items: [], resourceVersion: '10' });
    await settle();
    watches[1]!.refuse(httpError(410, 'Expired'));
    await settle();
    await vi.advanceTimersByTimeAsync(800);
    expect(lists).toHaveLength(2);
    expect(watches).toHaveLength(2);
  });

  it('falls back for the whole cluster when a streaming list comes gzip-compressed, with a notice', async () => {
    const cluster = new StreamingListSupport(true);
    const { lists, watches, statuses } = start({ streamingList: cluster });
    watches[0]!.open(true);
    await settle();
    expect(cluster.enabled).toBe(false);
    expect(watches[0]!.signal.aborted).toBe(true);
    expect(statuses().at(-1)).toMatchObject({ phase: 'reconnecting', notice: { reason: 'StreamingListFallback' } });
    lists[0]!.answer({ items: [], resourceVersion: '10' });
    await settle();
    expect(statuses().at(-1)).toMatchObject({ phase: 'ready', notice: { reason: 'StreamingListFallback' } });
    handle!.stop();
    const other = start({ streamingList: cluster });
    expect(other.watches).toHaveLength(0);
    expect(other.lists).toHaveLength(1);
  });

  it('falls back when a streaming list sends nothing for 10 s before its bookmark', async () => {
    const { lists, watches } = start({ streamingList: true });
    const stream = watches[0]!.open();
    stream.send({ type: 'ADDED', object: pod('a', '3') });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(lists).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(stream.signal.aborted).toBe(true);
    expect(lists).toHaveLength(1);
  });

  it('polls through the same machine: lists, waits the interval, lists again, with no watch', async () => {
    const { lists, watches, applied } = start({ transport: 'poll', pollIntervalMs: 5_000 });
    lists[0]!.answer({ items: [pod('a', '1')], resourceVersion: '10' });
    await settle();
    expect(applied).toEqual([[{ type: 'replace', objects: [pod('a', '1')], resourceVersion: '10' }, { type: 'status', phase: 'ready' }]]);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(lists).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(lists).toHaveLength(2);
    expect(watches).toHaveLength(0);
  });

  it('backs off a failing poll exponentially, never sooner than the interval', async () => {
    const { lists } = start({ transport: 'poll', pollIntervalMs: 1_000 });
    for (const wait of [1_000, 1_600, 3_200]) {
      lists.at(-1)!.refuse(httpError(503, 'ServiceUnavailable'));
      await settle();
      const count = lists.length;
      await vi.advanceTimersByTimeAsync(wait - 1);
      expect(lists).toHaveLength(count);
      await vi.advanceTimersByTimeAsync(1);
      expect(lists).toHaveLength(count + 1);
    }
  });

  it('lists once in full after an expired continue token', async () => {
    const { lists, watches } = start();
    lists[0]!.answer({ items: [pod('a', '1')], resourceVersion: '9', continueToken: 'next' });
    await settle();
    lists[1]!.refuse(httpError(410, 'Expired'));
    await settle();
    expect(lists[2]).toMatchObject({ continueToken: undefined, unpaged: true });
    lists[2]!.answer({ items: [pod('a', '1'), pod('b', '2')], resourceVersion: '12' });
    await settle();
    expect(watches[0]!.resourceVersion).toBe('12');
  });

  it('watches from the version the cache already holds, without listing (a polling query that got a stream)', async () => {
    const { lists, watches } = start({ resumeFrom: '42', streamingList: true });
    expect(lists).toHaveLength(0);
    expect(watches.map((watch) => [watch.resourceVersion, watch.sendInitialEvents])).toEqual([['42', false]]);
  });
});

describe('runWatch: a hidden tab, silence', () => {
  it('pauses: aborts the stream and sets no timer; resumes with a watch from the same version', async () => {
    const { lists, watches, statuses, handle: watcher } = start();
    lists[0]!.answer({ items: [], resourceVersion: '10' });
    await settle();
    watches[0]!.open();
    await settle();
    watcher.pause();
    await settle();
    expect(watches[0]!.signal.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    expect(statuses().at(-1)).toEqual({ type: 'status', paused: true });
    watcher.resume();
    expect(watches[1]!.resourceVersion).toBe('10');
  });

  it('starts paused in a sleeping tab: no request until resume, and the status says paused', () => {
    const { lists, watches, statuses, handle: watcher } = start({ paused: true, resumeFrom: '7' });
    expect([lists.length, watches.length]).toEqual([0, 0]);
    expect(statuses()).toEqual([{ type: 'status', paused: true }]);
    watcher.resume();
    expect(watches[0]!.resourceVersion).toBe('7');
  });

  it('records when it last heard from the server, for lastEventAt, without a status per event', async () => {
    const { lists, watches, statuses, handle: watcher } = start();
    lists[0]!.answer({ items: [], resourceVersion: '10' });
    await settle();
    const stream = watches[0]!.open();
    await settle();
    const before = statuses().length;
    vi.advanceTimersByTime(5_000);
    stream.send({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '11' } } });
    await settle();
    expect(watcher.lastHeardAt).toBe(Date.now());
    expect(statuses()).toHaveLength(before);
  });

  it('cuts a stream silent for two bookmark intervals and watches again from its version', async () => {
    const { lists, watches, statuses } = start({ bookmarkIntervalMs: 1_000 });
    lists[0]!.answer({ items: [], resourceVersion: '10' });
    await settle();
    watches[0]!.open();
    await settle();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(watches[0]!.signal.aborted).toBe(true);
    expect(watches[1]!.resourceVersion).toBe('10');
    expect(statuses().at(-1)).toMatchObject({ phase: 'reconnecting', stale: true });
  });
});

