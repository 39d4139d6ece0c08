/**
 * When subscribers are notified. A flush is where lists are materialized, so
 * its rate, not the rate of network chunks, bounds that O(n) work:
 * - in a browser, one flush per animation frame (a frame is the most a screen
 *   shows anyway); a hidden tab runs no animation frames, so a timer stands in
 *   for them there: a tab that serves other tabs keeps flushing while hidden;
 * - elsewhere, at most one flush per frame-long interval: a change after a
 *   quiet spell is flushed in the next macrotask (after every chunk already
 *   read), changes during a busy spell wait for the interval to end and share
 *   one flush.
 * How often one query may be flushed given its cost is the notifier's pacing
 * (notifier.ts), per query: a big list never holds back a small one.
 * Tests swap in a microtask or a synchronous call.
 */
export type Schedule = (flush: () => void) => void;

/** A frame's length: no display shows changes faster, and a change is still seen within 16 ms. */
export const FRAME_MS = 16;

/** How long a flush waits for an animation frame before a timer runs it: hidden tabs run no frames. */
export const HIDDEN_FLUSH_MS = 250;

export const microtask: Schedule = (flush) => queueMicrotask(flush);

/** The next animation frame, or a timer after HIDDEN_FLUSH_MS when no frame comes (a hidden tab), whichever is first. */
export const animationFrame: Schedule = (flush) => {
  if (typeof requestAnimationFrame !== 'function') return void setTimeout(flush, FRAME_MS);
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    if (typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame);
    flush();
  };
  const frame = requestAnimationFrame(once);
  const timer = setTimeout(once, HIDDEN_FLUSH_MS);
};

/** Flushes in the next macrotask: every chunk already read is applied first. */
export const macrotask: Schedule = (flush) => setTimeout(flush, 0);

/** `base`, but never more often than once per `intervalMs`. */
export function frameLimited(base: Schedule, intervalMs: number, now: () => number): Schedule {
  let readyAt = Number.NEGATIVE_INFINITY;
  return (flush) => {
    const run = () => {
      readyAt = now() + intervalMs;
      flush();
    };
    const wait = readyAt - now();
    if (wait > 0) setTimeout(() => base(run), wait);
    else base(run);
  };
}

const now = (): number => performance.now();

/** An animation frame where there is one (a browser), a frame-limited macrotask elsewhere. */
export function defaultSchedule(): Schedule {
  const browser = typeof requestAnimationFrame === 'function' && typeof document !== 'undefined';
  return browser ? animationFrame : frameLimited(macrotask, FRAME_MS, now);
}
