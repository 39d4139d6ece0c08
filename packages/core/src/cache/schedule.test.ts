import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultSchedule, FLUSH_SHARE, FRAME_MS, pacedByCost, timeWindow, type Schedule } from './schedule.js';

afterEach(() => vi.useRealTimers());

describe('schedules', () => {
  it('flush once a frame-long window after the first notification, outside a browser', () => {
    vi.useFakeTimers();
    const schedule = defaultSchedule();
    let flushes = 0;
    schedule(() => (flushes += 1));
    vi.advanceTimersByTime(FRAME_MS - 1);
    expect(flushes).toBe(0);
    vi.advanceTimersByTime(1);
    expect(flushes).toBe(1);
  });

  it('space flushes so that they take at most their share of the time', () => {
    vi.useFakeTimers();
    let clock = 0;
    const schedule: Schedule = pacedByCost(timeWindow(0), FLUSH_SHARE, () => clock);
    const flushes: number[] = [];
    /** A flush that takes `cost` ms of the clock. */
    const flushTaking = (cost: number) => () => {
      flushes.push(clock);
      clock += cost;
    };
    schedule(flushTaking(5));
    vi.advanceTimersByTime(0);
    expect(flushes).toEqual([0]);
    // 5 ms of flushing allows the next one 5 * (1 / 0.05 - 1) = 95 ms after the first ended.
    schedule(flushTaking(0));
    vi.advanceTimersByTime(94);
    expect(flushes).toHaveLength(1);
    vi.advanceTimersByTime(2);
    expect(flushes).toHaveLength(2);
  });

  it('do not delay cheap flushes', () => {
    vi.useFakeTimers();
    let clock = 0;
    const schedule = pacedByCost(timeWindow(FRAME_MS), FLUSH_SHARE, () => clock);
    let flushes = 0;
    const cheap = () => {
      flushes += 1;
      clock += 0.1;
    };
    for (let frame = 1; frame <= 3; frame++) {
      schedule(cheap);
      vi.advanceTimersByTime(FRAME_MS);
      clock += FRAME_MS;
      expect(flushes).toBe(frame);
    }
  });
});
