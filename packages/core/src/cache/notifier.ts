/**
 * Listeners by query key, called at most once per flush however many batches
 * touched their key in between (after TanStack Query's notifyManager). When a
 * flush runs is the swappable Schedule's decision (schedule.ts).
 */
import { microtask, type Schedule } from './schedule.js';
export class Notifier {
  private readonly listeners = new Map<string, Set<() => void>>();
  private pending = new Set<string>();
  private scheduled = false;

  constructor(private readonly schedule: Schedule = microtask) {}

  subscribe(key: string, listener: () => void): () => void {
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(key) === set) this.listeners.delete(key);
    };
  }

  notify(keys: Iterable<string>): void {
    for (const key of keys) if (this.listeners.has(key)) this.pending.add(key);
    if (this.pending.size === 0 || this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  /** Number of keys with listeners; 0 once everything unsubscribed. */
  get size(): number {
    return this.listeners.size;
  }

  private flush(): void {
    this.scheduled = false;
    const keys = this.pending;
    this.pending = new Set();
    for (const key of keys) {
      // A snapshot: a listener that (re)subscribes during the flush waits for the next one instead of looping.
      for (const listener of Array.from(this.listeners.get(key) ?? [])) listener();
    }
  }
}
