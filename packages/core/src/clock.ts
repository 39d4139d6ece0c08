/**
 * The one clock of a client: watches, backoffs, polls, stall deadlines and the
 * grace period all read time and set timers through it, so that a test can run
 * any of them on virtual time (see tests/reliability/support/virtualClock.ts).
 */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const realTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};
