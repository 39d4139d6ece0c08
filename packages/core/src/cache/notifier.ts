/**
 * Listeners by query key, called at most once per flush however many batches
 * touched their key in between (after TanStack Query's notifyManager). When a
 * flush runs is the swappable Schedule's decision (schedule.ts).
 *
 * Invariants:
 * - a listener that throws never stops the others: its error is reported
 *   asynchronously, as RxJS reports unhandled errors, and the flush goes on;
 * - a subscription is a token: the same function subscribed twice is called
 *   twice and unsubscribed once per token, and a listener unsubscribed during
 *   a flush (by an earlier listener) is not called in it;
 * - pacing is per key: a key whose listeners took c ms (materializing a big
 *   list, a slow subscriber) waits until its flushes are back under
 *   FLUSH_SHARE of the time, while every other key flushes at once; and in a
 *   flush, keys run cheapest first (by their last cost), so that a detail page
 *   does not wait behind a big list that is due in the same flush.
 */
import { config } from 'rxjs';
import { microtask, type Schedule } from './schedule.js';

/** The most of the (main thread's) time that one key's flushes may take under a steady stream of changes. */
export const FLUSH_SHARE = 0.05;

/** The longest the pacing holds a key back: a flush slowed by a GC pause or a busy machine must not freeze it. */
export const MAX_PACING_MS = 1_000;

/** Flushes cheaper than this are not paced: measuring them would cost more than it saves. */
const PACED_FROM_MS = 1;

interface Subscription {
  readonly listener: () => void;
  active: boolean;
}

export interface NotifierOptions {
  schedule?: Schedule | undefined;
  /** The clock that measures what a key's listeners cost; default performance.now. */
  now?: (() => number) | undefined;
  /** Pace keys by cost (default); off, every pending key flushes at every flush, as a test that runs flushes by hand expects. */
  paced?: boolean | undefined;
}

export class Notifier {
  private readonly listeners = new Map<string, Set<Subscription>>();
  private pending = new Set<string>();
  /** key -> when it may flush again, for keys whose last flush was costly. */
  private readonly readyAt = new Map<string, number>();
  /** key -> what its listeners cost last time, for keys paced by it. */
  private readonly lastCost = new Map<string, number>();
  private scheduled = false;
  /** Resolvers of `flushed()`, called at the end of the next flush. */
  private waiting: (() => void)[] = [];
  private wake: ReturnType<typeof setTimeout> | undefined;
  private wakeAt = Number.POSITIVE_INFINITY;
  private readonly schedule: Schedule;
  private readonly now: () => number;
  private readonly paced: boolean;

  constructor(options: NotifierOptions = {}) {
    this.schedule = options.schedule ?? microtask;
    this.now = options.now ?? (() => performance.now());
    this.paced = options.paced ?? true;
  }

  subscribe(key: string, listener: () => void): () => void {
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    const subscription: Subscription = { listener, active: true };
    set.add(subscription);
    return () => {
      if (!subscription.active) return;
      subscription.active = false;
      set.delete(subscription);
      if (set.size === 0 && this.listeners.get(key) === set) {
        this.listeners.delete(key);
        this.readyAt.delete(key);
        this.lastCost.delete(key);
        this.pending.delete(key);
      }
    };
  }

  notify(keys: Iterable<string>): void {
    for (const key of keys) if (this.listeners.has(key)) this.pending.add(key);
    this.request();
  }

  /**
   * Resolves once the keys notified so far have been flushed (at once when
   * nothing is pending), so that a write's promise settles after every
   * subscriber has seen what it changed.
   */
  flushed(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Number of keys with listeners; 0 once everything unsubscribed. */
  get size(): number {
    return this.listeners.size;
  }

  private request(): void {
    if (this.pending.size === 0 || this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const now = this.now();
    const due: string[] = [];
    let wakeAt = Number.POSITIVE_INFINITY;
    for (const key of this.pending) {
      const readyAt = this.readyAt.get(key);
      if (readyAt !== undefined && readyAt > now) wakeAt = Math.min(wakeAt, readyAt);
      else due.push(key);
    }
    for (const key of due) this.pending.delete(key);
    if (this.lastCost.size > 0) due.sort((a, b) => (this.lastCost.get(a) ?? 0) - (this.lastCost.get(b) ?? 0));
    for (const key of due) this.run(key);
    if (wakeAt !== Number.POSITIVE_INFINITY) this.wakeUpAt(wakeAt);
    // Keys notified by the listeners themselves, or while they ran, flush next time.
    if (due.length > 0) this.requestDue();
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }

  private run(key: string): void {
    const subscriptions = this.listeners.get(key);
    if (!subscriptions) return;
    const started = this.paced ? this.now() : 0;
    // A snapshot: a listener that (re)subscribes during the flush waits for the next one instead of looping.
    for (const subscription of Array.from(subscriptions)) {
      if (!subscription.active) continue;
      try {
        subscription.listener();
      } catch (error) {
        reportUnhandledError(error);
      }
    }
    if (!this.paced) return;
    const ended = this.now();
    const cost = ended - started;
    if (cost >= PACED_FROM_MS && this.listeners.has(key)) {
      this.readyAt.set(key, ended + Math.min(cost * (1 / FLUSH_SHARE - 1), MAX_PACING_MS));
      this.lastCost.set(key, cost);
    } else {
      this.readyAt.delete(key);
      this.lastCost.delete(key);
    }
  }

  /** Schedules a flush if a pending key is due now; held-back keys wait for their timer. */
  private requestDue(): void {
    const now = this.now();
    for (const key of this.pending) {
      const readyAt = this.readyAt.get(key);
      if (readyAt === undefined || readyAt <= now) return this.request();
    }
  }

  private wakeUpAt(at: number): void {
    if (this.wake !== undefined && this.wakeAt <= at) return;
    if (this.wake !== undefined) clearTimeout(this.wake);
    this.wakeAt = at;
    this.wake = setTimeout(() => {
      this.wake = undefined;
      this.wakeAt = Number.POSITIVE_INFINITY;
      this.request();
    }, Math.max(0, at - this.now()));
  }
}

/** As RxJS reports an error no one can handle: to `config.onUnhandledError`, or thrown in a later task. */
function reportUnhandledError(error: unknown): void {
  const { onUnhandledError } = config;
  setTimeout(() => {
    if (onUnhandledError) onUnhandledError(error);
    else throw error;
  });
}
