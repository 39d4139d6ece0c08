// A response body written line by line (watch events, export results).
// Invariants: nothing is enqueued after the stream finished (msw throws
// ERR_INVALID_STATE and kills the process otherwise); every timer is
// registered here and cleared when the stream finishes, whichever way
// (closed by us, failed, or cancelled by the client).
const encoder = new TextEncoder();

export class LineStream {
  readonly body: ReadableStream<Uint8Array<ArrayBuffer>>;
  private controller!: ReadableStreamDefaultController<Uint8Array<ArrayBuffer>>;
  private finished = false;
  /** A cut waiting for the queue to drain (erroring a stream drops what is queued). */
  private cut: Error | undefined;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly cleanups: Array<() => void> = [];

  constructor() {
    this.body = new ReadableStream<Uint8Array<ArrayBuffer>>({
      start: (controller) => {
        this.controller = controller;
      },
      pull: (controller) => {
        if (this.cut) controller.error(this.cut);
      },
      cancel: () => this.finish(),
    });
  }

  get done(): boolean {
    return this.finished;
  }

  /** Writes raw text; false once the stream is finished. */
  write(text: string): boolean {
    if (this.finished) return false;
    this.controller.enqueue(encoder.encode(text));
    return true;
  }

  writeLine(value: unknown): boolean {
    return this.write(`${JSON.stringify(value)}\n`);
  }

  /** Ends the body normally (the client sees a complete response). */
  close(): void {
    if (this.finished) return;
    this.finish();
    this.controller.close();
  }

  /** Breaks the body: the client sees the connection cut mid-response. */
  fail(reason = new Error('connection cut by the fake apiserver')): void {
    if (this.finished) return;
    this.finish();
    if ((this.controller.desiredSize ?? 0) > 0) this.controller.error(reason);
    else this.cut = reason;
  }

  after(ms: number, fn: () => void): void {
    if (this.finished) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.finished) fn();
    }, ms);
    this.timers.add(timer);
  }

  every(ms: number, fn: () => void): void {
    if (this.finished) return;
    const timer = setInterval(() => {
      if (!this.finished) fn();
    }, ms);
    this.timers.add(timer);
  }

  /** Runs `fn` once when the stream finishes, however it finishes. */
  onFinish(fn: () => void): void {
    if (this.finished) fn();
    else this.cleanups.push(fn);
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const fn of this.cleanups.splice(0)) fn();
  }
}
