import { describe, expect, it } from 'vitest';
import { createBackoff, DEFAULT_BACKOFF } from './backoff.js';

/** A backoff with a clock the test moves and a fixed random value. */
function backoffAt(random: number) {
  const clock = { now: 0 };
  const backoff = createBackoff(DEFAULT_BACKOFF, () => clock.now, () => random);
  return { clock, backoff };
}

describe('createBackoff', () => {
  it('starts at 800 ms and doubles up to a 30 s cap (upper end of the jitter)', () => {
    const { backoff } = backoffAt(1);
    expect(Array.from({ length: 9 }, () => backoff.next())).toEqual([800, 1600, 3200, 6400, 12_800, 25_600, 30_000, 30_000, 30_000]);
  });

  it('spreads each step over [base/2, base]', () => {
    const low = backoffAt(0).backoff;
    expect(Array.from({ length: 8 }, () => low.next())).toEqual([400, 800, 1600, 3200, 6400, 12_800, 15_000, 15_000]);
    const middle = backoffAt(0.5).backoff;
    expect([middle.next(), middle.next()]).toEqual([600, 1200]);
  });

  it('stays within [base/2, base] for any random value', () => {
    for (const random of [0, 0.1, 0.37, 0.5, 0.99, 0.999999]) {
      const { backoff } = backoffAt(random);
      let base = 800;
      for (let step = 0; step < 10; step++) {
        const delay = backoff.next();
        expect(delay).toBeGreaterThanOrEqual(base / 2);
        expect(delay).toBeLessThanOrEqual(base);
        base = Math.min(base * 2, 30_000);
      }
    }
  });

  it('honours Retry-After as a floor, never shortening a longer delay', () => {
    const { backoff } = backoffAt(1);
    expect(backoff.next(5)).toBe(5000);
    expect(backoff.next(1)).toBe(1600);
    expect(backoff.next(0)).toBe(3200);
  });

  it('counts a Retry-After step as a failure', () => {
    const { backoff } = backoffAt(1);
    backoff.next(10);
    expect(backoff.next()).toBe(1600);
  });

  it('goes back to 800 ms after 2 minutes without a failure', () => {
    const { clock, backoff } = backoffAt(1);
    for (let step = 0; step < 5; step++) {
      clock.now += 1000;
      backoff.next();
    }
    clock.now += 120_000;
    expect(backoff.next()).toBe(25_600);
    clock.now += 120_001;
    expect(backoff.next()).toBe(800);
    expect(backoff.next()).toBe(1600);
  });

  it('keeps growing while failures come less than 2 minutes apart', () => {
    const { clock, backoff } = backoffAt(1);
    const delays = [];
    for (let step = 0; step < 4; step++) {
      clock.now += 119_000;
      delays.push(backoff.next());
    }
    expect(delays).toEqual([800, 1600, 3200, 6400]);
  });
});
