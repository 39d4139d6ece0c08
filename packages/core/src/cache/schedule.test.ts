import { afterEach, describe, expect, it, vi } from 'vitest';
import { FLUSH_SHARE, FRAME_MS, macrotask, MAX_PACING_MS, paced, type Schedule } from './schedule.js';

afterEach(() => vi.useRealTimers());

/** The default Node pacing on a clock the test moves; flushes record when they ran. */
function pacedOnClock(intervalMs = FRAME_MS) {
  vi.useFakeTimers();
  const start = Date.now();
  const now = () => Date.now() - start;
  const schedule: Schedule = paced(macrotask, { intervalMs, share: FLUSH_SHARE, now });
  const flushes: number[] = [];
  /** A flush that takes `cost` ms. */
  const flushTaking = (cost: number) => () => {
    flushes.push(now());
    vi.setSystemTime(Date.now() + cost);
  };
  return { schedule, flushes, flushTaking, now };
}

describe('paced schedules', () => {
  it('flush a change after a quiet spell in the next macrotask', () => {
    const { schedule, flushes, flushTaking } = pacedOnClock();
    schedule(flushTaking(0));
    expect(flushes).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(flushes).toEqual([0]);
  });

  it('flush at most once per interval during a busy spell', () => {
    const { schedule, flushes, flushTaking } = pacedOnClock();
    schedule(flushTaking(0));
    vi.advanceTimersByTime(0);
    vi.advanceTimersByTime(3);
    schedule(flushTaking(0));
    vi.advanceTimersByTime(FRAME_MS - 4);
    expect(flushes).toEqual([0]);
    // The wait ends at FRAME_MS; the flush runs in the macrotask after it (Node's 1 ms).
    vi.advanceTimersByTime(2);
    expect(flushes).toEqual([0, FRAME_MS + 1]);
  });

  it('space expensive flushes so that they take at most their share of the time', () => {
    const { schedule, flushes, flushTaking } = pacedOnClock();
    schedule(flushTaking(5));
    vi.advanceTimersByTime(0);
    schedule(flushTaking(0));
    // 5 ms of flushing allows the next one 5 * (1 / 0.05 - 1) = 95 ms after the first ended, at 100 ms.
    vi.advanceTimersByTime(94);
    expect(flushes).toEqual([0]);
    vi.advanceTimersByTime(2);
    expect(flushes).toEqual([0, 101]);
  });

  it('never hold a flush back longer than MAX_PACING_MS, however long the last one took', () => {
    const { schedule, flushes, flushTaking } = pacedOnClock();
    schedule(flushTaking(500));
    vi.advanceTimersByTime(0);
    schedule(flushTaking(0));
    vi.advanceTimersByTime(500 + MAX_PACING_MS + 1);
    expect(flushes).toEqual([0, 500 + MAX_PACING_MS + 1]);
  });
});
