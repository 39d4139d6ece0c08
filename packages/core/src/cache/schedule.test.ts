import { afterEach, describe, expect, it, vi } from 'vitest';
import { animationFrame, FRAME_MS, frameLimited, HIDDEN_FLUSH_MS, macrotask, type Schedule } from './schedule.js';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function limited() {
  vi.useFakeTimers();
  const start = Date.now();
  const now = () => Date.now() - start;
  const schedule: Schedule = frameLimited(macrotask, FRAME_MS, now);
  const flushes: number[] = [];
  return { schedule, flushes, flush: () => flushes.push(now()) };
}

describe('frame-limited schedules (Node)', () => {
  it('flush a change after a quiet spell in the next macrotask', () => {
    const { schedule, flushes, flush } = limited();
    schedule(flush);
    expect(flushes).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(flushes).toEqual([0]);
  });

  it('flush at most once per interval during a busy spell', () => {
    const { schedule, flushes, flush } = limited();
    schedule(flush);
    vi.advanceTimersByTime(0);
    vi.advanceTimersByTime(3);
    schedule(flush);
    vi.advanceTimersByTime(FRAME_MS - 4);
    expect(flushes).toEqual([0]);
    // The wait ends at FRAME_MS; the flush runs in the macrotask after it (Node's 1 ms).
    vi.advanceTimersByTime(2);
    expect(flushes).toEqual([0, FRAME_MS + 1]);
  });
});

describe('animation-frame schedules (browsers)', () => {
  it('flush in the next frame, once', () => {
    vi.useFakeTimers();
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback));
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
    let flushes = 0;
    animationFrame(() => (flushes += 1));
    expect(flushes).toBe(0);
    frames.shift()!(0);
    expect(flushes).toBe(1);
    vi.advanceTimersByTime(HIDDEN_FLUSH_MS);
    expect(flushes).toBe(1);
  });

  it('flush on a timer when no frame comes, as in a hidden tab', () => {
    vi.useFakeTimers();
    const cancelled: number[] = [];
    vi.stubGlobal('requestAnimationFrame', () => 7);
    vi.stubGlobal('cancelAnimationFrame', (id: number) => cancelled.push(id));
    let flushes = 0;
    animationFrame(() => (flushes += 1));
    vi.advanceTimersByTime(HIDDEN_FLUSH_MS - 1);
    expect(flushes).toBe(0);
    vi.advanceTimersByTime(1);
    expect(flushes).toBe(1);
    expect(cancelled).toEqual([7]);
  });
});
