/**
 * A hidden tab sleeps: after the page has been hidden for the grace period,
 * `sleep` is called (the client pauses every watch: no stream, no poll, no
 * timer); when it is visible again, `wake` (each watch resumes from its last
 * resourceVersion). Hidden for less than the grace period, nothing happens: a
 * quick look at another tab costs no reconnect. Queries that other tabs read
 * through this one (tab sharing) stay awake.
 *
 *   createKubeClient({ environment: tabSleep({ hiddenTabGraceMs: 60_000 }) })
 */
import type { AddOnHost } from '../client/addOnHost.js';
import type { ClientAddOn } from '../client/environment.js';
import type { Timers } from '../clock.js';
import { documentVisibility, type PageVisibility } from './pageVisibility.js';

export interface TabSleepOptions {
  /** How long a tab stays hidden before its watches close (status `paused`), in ms; default 60 000; Infinity never. */
  hiddenTabGraceMs?: number | undefined;
  /** Whether the page is hidden; default the document's (none outside a browser: nothing sleeps). */
  visibility?: PageVisibility | undefined;
}

/** The add-on: the client's queries pause while the tab sleeps. */
export function tabSleep(options: TabSleepOptions = {}): ClientAddOn {
  return {
    attach(host: AddOnHost) {
      const visibility = options.visibility ?? documentVisibility();
      if (!visibility) return () => undefined;
      const sleep = new TabSleep(visibility, host.timers, options.hiddenTabGraceMs ?? 60_000, {
        sleep: () => host.setEnvironment({ asleep: true }),
        wake: () => host.setEnvironment({ asleep: false }),
      });
      return () => sleep.dispose();
    },
  };
}

export class TabSleep {
  private timer: unknown;
  private sleeping = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly visibility: PageVisibility,
    private readonly timers: Timers,
    private readonly graceMs: number,
    private readonly handlers: { sleep(): void; wake(): void },
  ) {
    this.unsubscribe = visibility.subscribe(() => this.changed());
    this.changed();
  }

  get asleep(): boolean {
    return this.sleeping;
  }

  dispose(): void {
    this.unsubscribe();
    this.cancelTimer();
  }

  private changed(): void {
    if (this.visibility.hidden) {
      if (this.sleeping || this.timer !== undefined || !Number.isFinite(this.graceMs)) return;
      this.timer = this.timers.setTimeout(() => {
        this.timer = undefined;
        this.sleeping = true;
        this.handlers.sleep();
      }, this.graceMs);
      return;
    }
    this.cancelTimer();
    if (!this.sleeping) return;
    this.sleeping = false;
    this.handlers.wake();
  }

  private cancelTimer(): void {
    if (this.timer === undefined) return;
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
