// Reads a streaming JSON-lines body (watch, export) one line at a time, for
// tests: with a deadline per line, so a test waiting for an event fails
// instead of hanging, and with `cancel()` to close the connection.
export class LineReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = '';
  private ended = false;
  private pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;

  constructor(body: ReadableStream<Uint8Array> | null) {
    if (!body) throw new Error('response has no body');
    this.reader = body.getReader();
  }

  /** The next non-blank line, or undefined once the body ended. Rejects if the body breaks or `timeoutMs` passes. */
  async nextLine(timeoutMs = 5_000): Promise<string | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const newline = this.buffer.indexOf('\n');
      if (newline !== -1) {
        const line = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 1);
        if (line.trim()) return line;
        continue;
      }
      if (this.ended) {
        const rest = this.buffer;
        this.buffer = '';
        return rest.trim() ? rest : undefined;
      }
      // A read that timed out stays pending and is picked up by the next call, so no chunk is lost.
      this.pending ??= this.reader.read();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()))));
      const result = await Promise.race([this.pending, timeout]).finally(() => clearTimeout(timer));
      if (result === 'timeout') throw new Error(`no line within ${timeoutMs} ms`);
      this.pending = undefined;
      if (result.done) this.ended = true;
      else this.buffer += this.decoder.decode(result.value, { stream: true });
    }
  }

  /** The next line parsed as JSON (undefined at the end). */
  async next<T = any>(timeoutMs = 5_000): Promise<T | undefined> {
    const line = await this.nextLine(timeoutMs);
    return line === undefined ? undefined : (JSON.parse(line) as T);
  }

  async take<T = any>(count: number, timeoutMs = 5_000): Promise<T[]> {
    const out: T[] = [];
    for (let i = 0; i < count; i++) {
      const value = await this.next<T>(timeoutMs);
      if (value === undefined) throw new Error(`body ended after ${i} of ${count} lines`);
      out.push(value);
    }
    return out;
  }

  /** Every remaining line until the body ends. */
  async rest<T = any>(timeoutMs = 5_000): Promise<T[]> {
    const out: T[] = [];
    for (;;) {
      const value = await this.next<T>(timeoutMs);
      if (value === undefined) return out;
      out.push(value);
    }
  }

  cancel(): Promise<void> {
    this.ended = true;
    return this.reader.cancel().catch(() => {});
  }
}
