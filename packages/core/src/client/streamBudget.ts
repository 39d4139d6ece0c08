/**
 * The watch-stream budget (`maxWatchStreams`): a browser gives an origin six
 * HTTP/1.1 connections, and a page whose watches hold all of them cannot make
 * any other request. A query over the budget polls instead, and the longest
 * waiting one takes the first stream that frees up.
 */
export class StreamBudget {
  private readonly holders = new Set<string>();
  /** In arrival order: the first is the longest waiting. */
  private readonly waiting = new Set<string>();

  constructor(private max: number) {}

  /** Takes a stream for `key` if one is free; otherwise `key` waits for one. */
  take(key: string): boolean {
    if (this.holders.size < this.max) {
      this.holders.add(key);
      return true;
    }
    this.waiting.add(key);
    return false;
  }

  /** Gives up `key`'s stream or place in line; returns the waiting key that got the stream, if any. */
  release(key: string): string | undefined {
    this.waiting.delete(key);
    if (!this.holders.delete(key)) return undefined;
    const [next] = this.waiting;
    if (next === undefined) return undefined;
    this.waiting.delete(next);
    this.holders.add(next);
    return next;
  }

  /** Raises the budget (the protocol turned out to multiplex); returns the waiting keys that got a stream, longest waiting first. */
  widen(max: number): string[] {
    if (max <= this.max) return [];
    this.max = max;
    const granted: string[] = [];
    for (const key of this.waiting) {
      if (this.holders.size >= this.max) break;
      this.waiting.delete(key);
      this.holders.add(key);
      granted.push(key);
    }
    return granted;
  }
}
