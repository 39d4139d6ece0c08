import { describe, expect, it } from 'vitest';
import { readLogLines } from './readLogLines.js';

function body(...chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
      controller.close();
    },
  });
}

async function read(stream: ReadableStream<Uint8Array>) {
  const batches: string[][] = [];
  for await (const batch of readLogLines(stream, () => 0)) batches.push(batch.map((l) => `${l.time}|${l.text}`));
  return batches;
}

describe('reading log lines', () => {
  it('splits timestamp and text, joining lines and characters split across reads', async () => {
    const euro = new TextEncoder().encode('€');
    const stream = body('2026-12-06T07:30:45.1Z a\n2026-12-06T07:30:45', '.2Z b ', euro.slice(0, 1), euro.slice(1), '\n');
    expect(await read(stream)).toEqual([['2026-12-06T07:30:45.1Z|a'], ['2026-12-06T07:30:45.2Z|b €']]);
  });

  it('never shows a fragment after the last newline: the resumed request reads that line whole', async () => {
    expect(await read(body('2026-12-06T07:30:45Z whole\n2026-12-06T07:30:46Z half a li'))).toEqual([['2026-12-06T07:30:45Z|whole']]);
  });

  it('gives a line without a timestamp the one before it, and skips blank lines', async () => {
    expect(await read(body('\n2026-12-06T07:30:45Z first\nno stamp\n'))).toEqual([['2026-12-06T07:30:45Z|first', '2026-12-06T07:30:45Z|no stamp']]);
  });
});
