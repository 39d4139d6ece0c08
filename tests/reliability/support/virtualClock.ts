/**
 * A clock for rxkube's `timers` option that moves only when told to: ten
 * minutes of backoff pass in milliseconds of real time. Between timers it
 * yields to the event loop, so promise chains and loopback I/O can settle.
 */
import type { Timers } from '@rxkube/core';

interface Pending {
  at: number;
  callback: () => void;
}

export class VirtualClock implements Timers {
  private time = 0;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  setTimeout(callback: () => void, ms: number): number {
    const id = this.nextId++;
    this.pending.set(id, { at: this.time + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  now(): number {
    return this.time;
  }

  /** When the earliest pending timer is due; undefined when none is pending. */
  nextAt(): number | undefined {
    let next: number | undefined;
    for (const { at } of this.pending.values()) if (next === undefined || at < next) next = at;
    return next;
  }

  /** How many pending timers are due at or before `at`. */
  dueBy(at: number): number {
    return [...this.pending.values()].filter((p) => p.at <= at).length;
  }

  /** Moves time forward by `ms`, firing due timers in order and letting the event loop run after each. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, p]) => p.at <= end).toSorted((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].callback();
      await settle();
    }
    this.time = end;
    await settle();
  }
}

/** A few turns of the event loop: enough for rejected fetches and their handlers. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}
