/**
 * Newline-delimited JSON from a byte stream, one batch of values per chunk
 * read, so that a consumer can apply a whole chunk's events at once.
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
}

export const DEFAULT_MAX_LINE_LENGTH = 8 * 1024 * 1024;

export async function* readJsonLineBatches<T = unknown>(
  body: ReadableStream<Uint8Array>,
  options: ReadJsonLinesOptions = {},
): AsyncGenerator<T[], void, undefined> {
  const maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
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
      const { values, rest } = parseLines(pending, scanned, false, maxLineLength);
      scanned = rest === pending ? pending.length : 0;
      pending = rest;
      if (values.length > 0) yield values as T[];
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

function parseLines(text: string, scanFrom: number, atEnd: boolean, maxLineLength: number): { values: unknown[]; rest: string } {
  const values: unknown[] = [];
  let start = 0;
  for (let newline = text.indexOf('\n', scanFrom); newline !== -1; newline = text.indexOf('\n', start)) {
    parseLine(text.slice(start, newline), values, maxLineLength);
    start = newline + 1;
  }
  const rest = start === 0 ? text : text.slice(start);
  if (atEnd) {
    parseLine(rest, values, maxLineLength);
    return { values, rest: '' };
  }
  if (rest.length > maxLineLength) {
    throw KubeApiError.client('MalformedStream', `a line is longer than ${maxLineLength} characters`);
  }
  return { values, rest };
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
