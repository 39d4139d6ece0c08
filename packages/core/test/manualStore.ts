import { CacheStore } from '../src/cache/store.js';
import type { Schedule } from '../src/cache/schedule.js';

/** A store whose flushes the test runs by hand (`flush()`); `queued` holds the flushes it asked for. */
export function manualStore() {
  const queued: (() => void)[] = [];
  const schedule: Schedule = (flush) => queued.push(flush);
  const store = new CacheStore(schedule);
  const flush = () => {
    while (queued.length > 0) queued.shift()!();
  };
  return { store, queued, flush };
}
