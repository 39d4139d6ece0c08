import { describe, expect, it } from 'vitest';
import { Notifier } from './notifier.js';
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
    const notifier = new Notifier(schedule);
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
    const notifier = new Notifier(schedule);
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
    const notifier = new Notifier(schedule);
    notifier.notify(['nobody']);
    expect(queued).toHaveLength(0);
  });

  it('schedules a new flush for notifications after a flush', () => {
    const { schedule, queued, runAll } = manualSchedule();
    const notifier = new Notifier(schedule);
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
    const notifier = new Notifier(schedule);
    const calls: number[] = [];
    notifier.subscribe('a', () => calls.push(1));
    notifier.subscribe('a', () => calls.push(2));
    notifier.notify(['a']);
    runAll();
    expect(calls).toEqual([1, 2]);
  });

  it('forgets a key when its last listener unsubscribes', () => {
    const { schedule, queued } = manualSchedule();
    const notifier = new Notifier(schedule);
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
    const notifier = new Notifier(schedule);
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
});
