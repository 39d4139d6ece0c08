import { afterEach, describe, expect, it, vi } from 'vitest';
import { config } from 'rxjs';
import { FLUSH_SHARE, MAX_PACING_MS, Notifier } from './notifier.js';
import type { Schedule } from './schedule.js';

/** A schedule that collects flushes; the test runs them. */
function manualSchedule() {
  const queued: (() => void)[] = [];
  const schedule: Schedule = (flush) => queued.push(flush);
  const runAll = () => {
    while (queued.length > 0) queued.shift()!();
  };
  return { schedule, queued, runAll };
}

describe('Notifier', () => {
  it('calls a listener once per flush however many times its key was notified', () => {
    const { schedule, queued, runAll } = manualSchedule();
    const notifier = new Notifier({ schedule });
    const calls: string[] = [];
    notifier.subscribe('pods', () => calls.push('pods'));
    notifier.notify(['pods']);
    notifier.notify(['pods']);
    notifier.notify(['pods', 'pods']);
    expect(queued).toHaveLength(1);
    expect(calls).toEqual([]);
    runAll();
    expect(calls).toEqual(['pods']);
  });

  it('calls only the listeners of notified keys', () => {
    const { schedule, runAll } = manualSchedule();
    const notifier = new Notifier({ schedule });
    const calls: string[] = [];
    notifier.subscribe('a', () => calls.push('a'));
    notifier.subscribe('b', () => calls.push('b'));
    notifier.subscribe('c', () => calls.push('c'));
    notifier.notify(['a']);
    notifier.notify(['c']);
    runAll();
    expect(calls).toEqual(['a', 'c']);
  });

  it('schedules nothing for keys without listeners', () => {
    const { schedule, queued } = manualSchedule();
    const notifier = new Notifier({ schedule });
    notifier.notify(['nobody']);
    expect(queued).toHaveLength(0);
  });

  it('schedules a new flush for notifications after a flush', () => {
    const { schedule, queued, runAll } = manualSchedule();
    const notifier = new Notifier({ schedule });
    let calls = 0;
    notifier.subscribe('a', () => (calls += 1));
    notifier.notify(['a']);
    runAll();
    notifier.notify(['a']);
    expect(queued).toHaveLength(1);
    runAll();
    expect(calls).toBe(2);
  });

  it('calls every listener of a key', () => {
    const { schedule, runAll } = manualSchedule();
    const notifier = new Notifier({ schedule });
    const calls: number[] = [];
    notifier.subscribe('a', () => calls.push(1));
    notifier.subscribe('a', () => calls.push(2));
    notifier.notify(['a']);
    runAll();
    expect(calls).toEqual([1, 2]);
  });

  it('forgets a key when its last listener unsubscribes', () => {
    const { schedule, queued } = manualSchedule();
    const notifier = new Notifier({ schedule });
    const first = notifier.subscribe('a', () => undefined);
    const second = notifier.subscribe('a', () => undefined);
    expect(notifier.size).toBe(1);
    first();
    expect(notifier.size).toBe(1);
    second();
    second();
    expect(notifier.size).toBe(0);
    notifier.notify(['a']);
    expect(queued).toHaveLength(0);
  });

  it('does not call a listener that unsubscribed before the flush', () => {
    const { schedule, runAll } = manualSchedule();
    const notifier = new Notifier({ schedule });
    let calls = 0;
    const unsubscribe = notifier.subscribe('a', () => (calls += 1));
    notifier.notify(['a']);
    unsubscribe();
    runAll();
    expect(calls).toBe(0);
  });

  it('flushes in a microtask by default', async () => {
    const notifier = new Notifier();
    let calls = 0;
    notifier.subscribe('a', () => (calls += 1));
    notifier.notify(['a']);
    notifier.notify(['a']);
    expect(calls).toBe(0);
    await Promise.resolve();
    expect(calls).toBe(1);
  });

  it('goes on with the other listeners and keys when a listener throws, and reports the error asynchronously', async () => {
    const { schedule, runAll } = manualSchedule();
    const notifier = new Notifier({ schedule });
    const reported: unknown[] = [];
    const reportedOnce = new Promise<void>((resolve) => {
      config.onUnhandledError = (error) => {
        reported.push(error);
        resolve();
      };
    });
    const calls: string[] = [];
    notifier.subscribe('a', () => {
      throw new Error('broken subscriber');
    });
    notifier.subscribe('a', () => calls.push('a2'));
    notifier.subscribe('b', () => calls.push('b'));
    notifier.notify(['a', 'b']);
    runAll();
    expect(calls).toEqual(['a2', 'b']);
    expect(reported).toEqual([]);
    await reportedOnce;
    expect(reported).toEqual([new Error('broken subscriber')]);
  });

  it('keeps a second subscription of the same function when the first is unsubscribed', () => {
    const { schedule, runAll } = manualSchedule();
    const notifier = new Notifier({ schedule });
    let calls = 0;
    const listener = () => (calls += 1);
    const first = notifier.subscribe('a', listener);
    notifier.subscribe('a', listener);
    notifier.notify(['a']);
    runAll();
    expect(calls).toBe(2);
    first();
    notifier.notify(['a']);
    runAll();
    expect(calls).toBe(3);
  });

  it('does not call a listener that an earlier listener unsubscribed in the same flush', () => {
    const { schedule, runAll } = manualSchedule();
    const notifier = new Notifier({ schedule });
    const calls: string[] = [];
    const unsubscribers: (() => void)[] = [];
    notifier.subscribe('a', () => {
      calls.push('first');
      unsubscribers[0]!();
    });
    unsubscribers.push(notifier.subscribe('a', () => calls.push('second')));
    notifier.notify(['a']);
    runAll();
    expect(calls).toEqual(['first']);
  });
});

/** A notifier on a clock the test moves; a listener of `big` costs `cost` ms of that clock. */
function pacedNotifier() {
  vi.useFakeTimers();
  let clock = 0;
  const { schedule, runAll } = manualSchedule();
  const notifier = new Notifier({ schedule, now: () => clock });
  const flushed: [string, number][] = [];
  const listen = (key: string, cost: number) =>
    notifier.subscribe(key, () => {
      flushed.push([key, clock]);
      clock += cost;
    });
  const advance = (ms: number) => {
    clock += ms;
    vi.advanceTimersByTime(ms);
    runAll();
  };
  return { notifier, flushed, listen, runAll, advance, now: () => clock };
}

describe('Notifier pacing', () => {
  afterEach(() => vi.useRealTimers());

  it('holds back only the key whose listeners were costly, so a small query is never slowed by a big one', () => {
    const { notifier, flushed, listen, runAll, advance } = pacedNotifier();
    listen('big', 10);
    listen('small', 0);
    notifier.notify(['big', 'small']);
    runAll();
    expect(flushed).toEqual([['big', 0], ['small', 10]]);
    notifier.notify(['big', 'small']);
    runAll();
    // small flushes at once; big waits 10 * (1 / share - 1) = 190 ms after its flush ended.
    expect(flushed).toEqual([['big', 0], ['small', 10], ['small', 10]]);
    advance(10 * (1 / FLUSH_SHARE - 1) - 1);
    expect(flushed.filter(([key]) => key === 'big')).toHaveLength(1);
    advance(1);
    expect(flushed.filter(([key]) => key === 'big')).toEqual([['big', 0], ['big', 200]]);
  });

  it('never holds a key back longer than MAX_PACING_MS', () => {
    const { notifier, flushed, listen, runAll, advance } = pacedNotifier();
    listen('slow', 500);
    notifier.notify(['slow']);
    runAll();
    notifier.notify(['slow']);
    runAll();
    advance(MAX_PACING_MS - 1);
    expect(flushed).toHaveLength(1);
    advance(1);
    expect(flushed).toEqual([['slow', 0], ['slow', 500 + MAX_PACING_MS]]);
  });

  it('runs the keys due in one flush cheapest first', () => {
    const { notifier, flushed, listen, runAll, advance } = pacedNotifier();
    listen('big', 10);
    listen('small', 0);
    notifier.notify(['big', 'small']);
    runAll();
    advance(1_000);
    flushed.length = 0;
    notifier.notify(['big', 'small']);
    runAll();
    expect(flushed.map(([key]) => key)).toEqual(['small', 'big']);
  });
});
