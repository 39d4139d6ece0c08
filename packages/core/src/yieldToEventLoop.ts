/**
 * Lets the event loop run (input, rendering, timers) before the next slice of
 * work. A watch stream that fell behind has megabytes buffered, and reading
 * it resolves in microtasks, which never let a page paint: the reader yields
 * once a slice has taken SLICE_MS, so no task it runs lasts much longer.
 * `scheduler.yield()` where the browser has it (the page's task keeps its
 * priority), a message otherwise (no 4 ms timer clamp), `setImmediate` in Node.
 */

/** A third of a frame: what is left lets the page handle input and paint. */
export const SLICE_MS = 6;

interface Scheduler {
  yield(): Promise<void>;
}

export function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Partial<Scheduler> }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.addEventListener('message', () => {
      channel.port1.close();
      resolve();
    });
    channel.port1.start();
    channel.port2.postMessage(undefined);
  });
}
