import { describe, expect, it } from 'vitest';
import type { Timers } from '../clock.js';
import { GracePeriod } from './gracePeriod.js';

/** Timers that fire only when the test moves the clock. */
function manualClock() {
  let now = 0;
  const pending = new Map<number, { at: number; run: () => void }>();
  let next = 1;
  const timers: Timers = {
    setTimeout: (run, ms) => {
      pending.set(next, { at: now + ms, run });
      return next++;
    },
    clearTimeout: (handle) => pending.delete(handle as number),
    now: () => now,
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [id, timer] of pending) {
      if (timer.at > now) continue;
      pending.delete(id);
      timer.run();
    }
  };
  return { timers, advance, pending };
}

describe('GracePeriod', () => {
  it('closes a query once the period has passed', () => {
    const { timers, advance } = manualClock();
    const closed: string[] = [];
    new GracePeriod(timers, 2_000).start('q', () => closed.push('q'));
    advance(1_999);
    expect(closed).toEqual([]);
    advance(1);
    expect(closed).toEqual(['q']);
  });

  it('keeps a query that was acquired again within the period, and leaves no timer behind', () => {
    const { timers, advance, pending } = manualClock();
    const closed: string[] = [];
    const grace = new GracePeriod(timers, 2_000);
    grace.start('q', () => closed.push('q'));
    grace.cancel('q');
    expect(pending.size).toBe(0);
    advance(5_000);
    expect(closed).toEqual([]);
  });
});
