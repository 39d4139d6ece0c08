/**
 * When subscribers are notified. A flush is where lists are materialized, so
 * its rate, not the rate of network chunks, bounds that O(n) work:
 * - in a browser, one flush per animation frame (a frame is the most a screen
 *   shows anyway);
 * - elsewhere, at most one flush per frame-long interval: a change after a
 *   quiet spell is flushed in the next macrotask (after every chunk already
 *   read), changes during a busy spell wait for the interval to end and share
 *   one flush;
 * - either way paced by cost: after a flush that took c ms, the next one waits
 *   until the flushes' share of the time is back under FLUSH_SHARE. Small
 *   queries flush every frame; a 50,000-object list that takes milliseconds to
 *   copy is shown a few times a second instead of eating the main thread.
 * Tests swap in a microtask or a synchronous call.
 */
export type Schedule = (flush: () => void) => void;

/** A frame's length: no display shows changes faster, and a change is still seen within 16 ms. */
export const FRAME_MS = 16;

/** The most of the (main thread's) time that flushes may take under a steady stream of changes. */
export const FLUSH_SHARE = 0.05;

/** The longest the pacing holds a flush back: a flush slowed by a GC pause or a busy machine must not freeze the screen. */
export const MAX_PACING_MS = 1_000;

export const microtask: Schedule = (flush) => queueMicrotask(flush);

export const animationFrame: Schedule = (flush) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => flush());
  else setTimeout(flush, FRAME_MS);
};

/** Flushes in the next macrotask: every chunk already read is applied first. */
export const macrotask: Schedule = (flush) => setTimeout(flush, 0);

export interface Pacing {
  /** Least time from the start of one flush to the start of the next. */
  intervalMs: number;
  /** The most of the time flushes may take. */
  share: number;
  now: () => number;
}

/** `base`, but never more often than `intervalMs`, and never so often that flushes take more than `share` of the time. */
export function paced(base: Schedule, { intervalMs, share, now }: Pacing): Schedule {
  let readyAt = Number.NEGATIVE_INFINITY;
  return (flush) => {
    const run = () => {
      const started = now();
      flush();
      const ended = now();
      readyAt = Math.max(started + intervalMs, ended + Math.min((ended - started) * (1 / share - 1), MAX_PACING_MS));
    };
    const wait = readyAt - now();
    if (wait > 0) setTimeout(() => base(run), wait);
    else base(run);
  };
}

const now = (): number => performance.now();

/** An animation frame where there is one (a browser), a frame-limited macrotask elsewhere; paced by cost. */
export function defaultSchedule(): Schedule {
  const browser = typeof requestAnimationFrame === 'function' && typeof document !== 'undefined';
  return browser ? paced(animationFrame, { intervalMs: 0, share: FLUSH_SHARE, now }) : paced(macrotask, { intervalMs: FRAME_MS, share: FLUSH_SHARE, now });
}
