/**
 * One activity at a time for a driver of a state machine (a watch, a log
 * follow): a request with its abort signal, or a timer. Beginning a new
 * activity aborts the last one and clears its timer, and an answer or a timer
 * of an activity that has ended is dropped: no stale input reaches the state
 * machine.
 */
import type { Timers } from '../clock.js';

export class Activity<Input> {
  private id = 0;
  private controller: AbortController | undefined;
  private timer: unknown;
  private ended = false;

  constructor(
    private readonly timers: Timers,
    private readonly dispatch: (input: Input) => void,
  ) {}

  /** Ends the current activity and starts the next: its id and the signal that aborts it. */
  begin(): { id: number; signal: AbortSignal } {
    this.controller?.abort();
    this.clearTimer();
    this.controller = new AbortController();
    this.id += 1;
    return { id: this.id, signal: this.controller.signal };
  }

  /** Whether `id` is still the current activity (and the driver has not stopped). */
  isCurrent(id: number): boolean {
    return !this.ended && id === this.id;
  }

  /** One timer at a time, belonging to the current activity: `input` is dispatched when it fires. */
  setTimer(ms: number, input: Input): void {
    this.clearTimer();
    const id = this.id;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      if (this.isCurrent(id)) this.dispatch(input);
    }, ms);
  }

  clearTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The driver stops: the current request is aborted and nothing more is dispatched. */
  end(): void {
    this.ended = true;
    this.controller?.abort();
    this.clearTimer();
  }
}
