/**
 * The lines a follow keeps: at most `maxLines`, oldest out first.
 *
 * Lines are stored in fixed-size chunks that are only ever appended to, so
 * a snapshot (`LogWindow`) is a list of chunk references and two offsets: it
 * costs O(maxLines / CHUNK) to take, whatever the number of lines, and stays
 * valid (unchanged) while later lines arrive. A chunk leaves memory once it
 * is wholly out of the window and no snapshot holds it.
 */
import type { LogLine } from './logLine.js';

const CHUNK = 1024;

/** The kept lines at one moment; immutable. */
export interface LogWindow {
  /** Lines in the window. */
  readonly length: number;
  /** How many lines were dropped off the front since the follow began: line `i` of the window is line `dropped + i` of the follow. */
  readonly dropped: number;
  /** The line at `index` (0 = the oldest kept), or undefined outside the window. */
  at(index: number): LogLine | undefined;
  /** A copy of lines `[from, to)` of the window. */
  slice(from?: number, to?: number): LogLine[];
}

export class LogBuffer {
  private chunks: LogLine[][] = [];
  /** Index, in the first chunk, of the first kept line. */
  private head = 0;
  private size = 0;
  private droppedLines = 0;

  constructor(readonly maxLines: number) {
    if (!(maxLines >= 0)) throw new RangeError('maxLines must be 0 or more');
  }

  get length(): number {
    return this.size;
  }

  push(lines: readonly LogLine[]): void {
    for (const line of lines) {
      let last = this.chunks[this.chunks.length - 1];
      if (!last || last.length === CHUNK) {
        last = [];
        this.chunks.push(last);
      }
      last.push(line);
      this.size += 1;
    }
    const over = this.size - this.maxLines;
    if (over > 0) this.dropFront(over);
  }

  snapshot(): LogWindow {
    return windowOf(this.chunks.slice(), this.head, this.size, this.droppedLines);
  }

  private dropFront(count: number): void {
    this.size -= count;
    this.droppedLines += count;
    this.head += count;
    // Every chunk but the last is full, so a head past CHUNK means the first chunk is wholly dropped.
    while (this.head >= CHUNK) {
      this.head -= CHUNK;
      this.chunks.shift();
    }
  }
}

function windowOf(chunks: readonly (readonly LogLine[])[], head: number, length: number, dropped: number): LogWindow {
  const at = (index: number): LogLine | undefined => {
    if (!Number.isInteger(index) || index < 0 || index >= length) return undefined;
    const position = head + index;
    return chunks[Math.floor(position / CHUNK)]?.[position % CHUNK];
  };
  return {
    length,
    dropped,
    at,
    slice(from = 0, to = length) {
      const start = Math.max(0, Math.min(length, from < 0 ? length + from : from));
      const end = Math.max(start, Math.min(length, to < 0 ? length + to : to));
      const out: LogLine[] = [];
      for (let i = start; i < end; i++) out.push(at(i)!);
      return out;
    },
  };
}

export const EMPTY_WINDOW: LogWindow = windowOf([], 0, 0, 0);
