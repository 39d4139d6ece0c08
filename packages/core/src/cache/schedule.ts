/**
 * When subscribers are notified. A flush is where lists are materialized, so
 * its rate, not the rate of network chunks, bounds that O(n) work:
 * - in a browser, one flush per animation frame (a frame is the most a screen
 *   shows anyway);
 * - elsewhere, a frame-long window: every batch within 16 ms of the first
 *   shares one flush;
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

export const microtask: Schedule = (flush) => queueMicrotask(flush);

export const animationFrame: Schedule = (flush) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => flush());
  else setTimeout(flush, FRAME_MS);
};

/** Flushes once `ms` after the first notification: every batch within the window shares one flush. */
export function timeWindow(ms: number): Schedule {
  return (flush) => setTimeout(flush, ms);
}

/** `base`, but never so often that flushes take more than `share` of the time. */
export function pacedByCost(base: Schedule, share = FLUSH_SHARE, now: () => number = () => performance.now()): Schedule {
  let readyAt = Number.NEGATIVE_INFINITY;
  return (flush) => {
    const run = () => {
      const started = now();
      flush();
      const ended = now();
      readyAt = ended + (ended - started) * (1 / share - 1);
    };
    const wait = readyAt - now();
    if (wait > 0) setTimeout(() => base(run), wait);
    else base(run);
  };
}

/** An animation frame where there is one (a browser), a frame-long window elsewhere; paced by cost. */
export function defaultSchedule(): Schedule {
  const browser = typeof requestAnimationFrame === 'function' && typeof document !== 'undefined';
  return pacedByCost(browser ? animationFrame : timeWindow(FRAME_MS));
}
