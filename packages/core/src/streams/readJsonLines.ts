/**
 * Newline-delimited JSON from a byte stream, one batch of values per chunk
 * read, so that a consumer can apply a whole chunk's events at once; a large
 * read is cut into batches of about `maxBatchChars`, so that a consumer can
 * let the page render between them.
 *
 * Invariants: UTF-8 is decoded in streaming mode (a character split across
 * chunks is joined, a truncated or invalid one is an error, never U+FFFD in
 * data); a line split across chunks is parsed once, whole; blank lines are
 * skipped; a line that is not JSON, or longer than `maxLineLength`, is a
 * KubeApiError('MalformedStream'). Leaving early cancels the body.
 */
import { KubeApiError } from '../errors/KubeApiError.js';

export interface ReadJsonLinesOptions {
  /** Longest line accepted, in characters. Default 8 Mi; etcd keeps objects below 1.5 MiB. */
  maxLineLength?: number;
  /** A batch ends after the line that crosses this many characters of a read; default 256 Ki. */
  maxBatchChars?: number;
}

export const DEFAULT_MAX_LINE_LENGTH = 8 * 1024 * 1024;

/** About fifty 5 KB objects: a batch a browser parses and applies in a few milliseconds. */
export const DEFAULT_MAX_BATCH_CHARS = 256 * 1024;

export async function* readJsonLineBatches<T = unknown>(
  body: ReadableStream<Uint8Array>,
  options: ReadJsonLinesOptions = {},
): AsyncGenerator<T[], void, undefined> {
  const maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  const maxBatchChars = options.maxBatchChars ?? DEFAULT_MAX_BATCH_CHARS;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const reader = body.getReader();
  let pending = '';
  // Where the search for the next newline resumes: `pending` before it holds none,
  // so a long line arriving in many chunks is scanned once, not once per chunk.
  let scanned = 0;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        pending += decode(decoder, undefined);
        const last = parseLines(pending, 0, true, maxLineLength);
        if (last.values.length > 0) yield last.values as T[];
        return;
      }
      pending += decode(decoder, value);
      // A large read (a browser hands over megabytes at once when it falls behind) becomes several batches.
      for (let full = true; full; ) {
        const parsed = parseLines(pending, scanned, false, maxLineLength, maxBatchChars);
        scanned = parsed.rest === pending ? pending.length : 0;
        pending = parsed.rest;
        full = parsed.full;
        if (parsed.values.length > 0) yield parsed.values as T[];
      }
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** One value at a time, for callers that do not batch. */
export async function* readJsonLines<T = unknown>(body: ReadableStream<Uint8Array>, options: ReadJsonLinesOptions = {}): AsyncGenerator<T, void, undefined> {
  for await (const batch of readJsonLineBatches<T>(body, options)) yield* batch;
}

function decode(decoder: TextDecoder, chunk: Uint8Array | undefined): string {
  try {
    return chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true });
  } catch (cause) {
    const where = chunk === undefined ? 'the stream ended inside a UTF-8 character' : 'the stream is not valid UTF-8';
    throw KubeApiError.client('MalformedStream', where, cause);
  }
}

function parseLines(text: string, scanFrom: number, atEnd: boolean, maxLineLength: number, maxBatchChars = Number.POSITIVE_INFINITY): { values: unknown[]; rest: string; full: boolean } {
  const values: unknown[] = [];
  let start = 0;
  for (let newline = text.indexOf('\n', scanFrom); newline !== -1; newline = text.indexOf('\n', start)) {
    parseLine(text.slice(start, newline), values, maxLineLength);
    start = newline + 1;
    if (start >= maxBatchChars && !atEnd) return { values, rest: text.slice(start), full: true };
  }
  const rest = start === 0 ? text : text.slice(start);
  if (atEnd) {
    parseLine(rest, values, maxLineLength);
    return { values, rest: '', full: false };
  }
  if (rest.length > maxLineLength) {
    throw KubeApiError.client('MalformedStream', `a line is longer than ${maxLineLength} characters`);
  }
  return { values, rest, full: false };
}

function parseLine(line: string, into: unknown[], maxLineLength: number): void {
  if (line.length > maxLineLength) throw KubeApiError.client('MalformedStream', `a line is longer than ${maxLineLength} characters`);
  if (line.trim() === '') return;
  try {
    into.push(JSON.parse(line));
  } catch (cause) {
    const excerpt = line.length > 80 ? `${line.slice(0, 80)}…` : line;
    throw KubeApiError.client('MalformedStream', `a line is not JSON: ${excerpt}`, cause);
  }
}
