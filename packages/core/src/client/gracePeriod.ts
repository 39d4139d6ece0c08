/**
 * The grace period of shared queries: after its last subscriber leaves, a
 * query stays open this long (a re-render or a navigation back reuses it), then
 * closes. One timer per query key, on the client's clock.
 */
import type { Timers } from '../clock.js';

export class GracePeriod {
  private readonly pending = new Map<string, unknown>();

  constructor(
    private readonly timers: Timers,
    private readonly ms: number,
  ) {}

  /** Calls `close` once the period has passed, unless `cancel(key)` comes first. */
  start(key: string, close: () => void): void {
    this.cancel(key);
    this.pending.set(
      key,
      this.timers.setTimeout(() => {
        this.pending.delete(key);
        close();
      }, this.ms),
    );
  }

  cancel(key: string): void {
    const handle = this.pending.get(key);
    if (handle === undefined) return;
    this.timers.clearTimeout(handle);
    this.pending.delete(key);
  }
}
