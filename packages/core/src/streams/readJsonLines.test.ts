import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../errors/KubeApiError.js';
import { readJsonLineBatches, readJsonLines } from './readJsonLines.js';

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text);

interface Tracking {
  cancelled: boolean;
  reads: number;
}

/** A body that hands out the given chunks, one per read; `tracking` records reads and whether it was cancelled. */
function body(chunks: readonly Uint8Array[], tracking: Tracking = { cancelled: false, reads: 0 }): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        tracking.reads += 1;
        const chunk = chunks[index++];
        if (chunk === undefined) controller.close();
        else controller.enqueue(chunk);
      },
      cancel() {
        tracking.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
}

/** Splits the bytes at the given offsets. */
function split(data: Uint8Array, ...at: number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const end of [...at, data.length]) {
    chunks.push(data.slice(start, end));
    start = end;
  }
  return chunks;
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const values: T[] = [];
  for await (const value of iterable) values.push(value);
  return values;
}

async function failure(iterable: AsyncIterable<unknown>): Promise<KubeApiError> {
  try {
    await collect(iterable);
  } catch (error) {
    expect(error).toBeInstanceOf(KubeApiError);
    return error as KubeApiError;
  }
  throw new Error('expected the stream to fail');
}

describe('readJsonLines', () => {
  it('parses each line of a single chunk', async () => {
    expect(await collect(readJsonLines(body([bytes('{"a":1}\n{"b":2}\n')])))).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('joins a line split across two chunks at every byte position', async () => {
    const data = bytes('{"type":"ADDED","object":{"metadata":{"name":"web-1"}}}\n{"n":2}\n');
    for (let at = 0; at <= data.length; at++) {
      expect(await collect(readJsonLines(body(split(data, at))))).toEqual([{ type: 'ADDED', object: { metadata: { name: 'web-1' } } }, { n: 2 }]);
    }
  });

  it('joins a line delivered one byte per chunk', async () => {
    const data = bytes('{"a":"x"}\n{"b":[1,2]}\n');
    const chunks = Array.from(data, (byte) => Uint8Array.of(byte));
    expect(await collect(readJsonLines(body(chunks)))).toEqual([{ a: 'x' }, { b: [1, 2] }]);
  });

  it('joins a multi-byte UTF-8 character split across chunks', async () => {
    const data = bytes('{"name":"日本","icon":"🚀"}\n');
    const japanese = data.indexOf(0xe6); // the first byte of 日
    const rocket = data.indexOf(0xf0); // the first byte of 🚀
    for (const at of [japanese + 1, japanese + 2, rocket + 1, rocket + 2, rocket + 3]) {
      expect(await collect(readJsonLines(body(split(data, at))))).toEqual([{ name: '日本', icon: '🚀' }]);
    }
    expect(await collect(readJsonLines(body(split(data, japanese + 1, rocket + 2, rocket + 3))))).toEqual([{ name: '日本', icon: '🚀' }]);
  });

  it('skips blank lines and CRLF endings', async () => {
    expect(await collect(readJsonLines(body([bytes('\n{"a":1}\r\n\n   \n{"b":2}\n\n')])))).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('parses a final line without a newline', async () => {
    expect(await collect(readJsonLines(body([bytes('{"a":1}\n{"b"'), bytes(':2}')])))).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('ends without values for an empty body', async () => {
    expect(await collect(readJsonLines(body([])))).toEqual([]);
  });

  it('fails with MalformedStream on a line that is not JSON', async () => {
    const error = await failure(readJsonLines(body([bytes('{"a":1}\n<html>login</html>\n')])));
    expect(error.reason).toBe('MalformedStream');
    expect(error.message).toContain('<html>login</html>');
    expect(error.retryable).toBe(true);
  });

  it('fails with MalformedStream on a final line that is not JSON', async () => {
    expect((await failure(readJsonLines(body([bytes('{"a":1}\n{"b":')])))).reason).toBe('MalformedStream');
  });

  it('fails with MalformedStream when the stream ends inside a UTF-8 character', async () => {
    const data = bytes('{"a":1}\n"日');
    const error = await failure(readJsonLines(body([data.slice(0, data.length - 1)])));
    expect(error.reason).toBe('MalformedStream');
    expect(error.message).toContain('ended inside a UTF-8 character');
  });

  it('fails with MalformedStream on invalid UTF-8', async () => {
    const error = await failure(readJsonLines(body([bytes('{"a":"'), Uint8Array.of(0xff, 0xfe), bytes('"}\n')])));
    expect(error.reason).toBe('MalformedStream');
    expect(error.message).toContain('not valid UTF-8');
  });

  it('fails with MalformedStream on a line longer than maxLineLength', async () => {
    const line = JSON.stringify({ data: 'x'.repeat(100) });
    await expect(collect(readJsonLines(body([bytes(`${line}\n`)]), { maxLineLength: line.length }))).resolves.toHaveLength(1);
    const error = await failure(readJsonLines(body([bytes(`${line}\n`)]), { maxLineLength: line.length - 1 }));
    expect(error.reason).toBe('MalformedStream');
    expect(error.message).toContain('longer than');
  });

  it('fails as soon as an unfinished line passes maxLineLength, without waiting for its end, and cancels the body', async () => {
    let reads = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          reads += 1;
          controller.enqueue(bytes('x'.repeat(40)));
        },
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const error = await failure(readJsonLines(endless, { maxLineLength: 100 }));
    expect(error.reason).toBe('MalformedStream');
    expect(reads).toBe(3);
    expect(cancelled).toBe(true);
  });

  it('cancels the body when a bad line ends the reading', async () => {
    const tracking = { cancelled: false, reads: 0 };
    await failure(readJsonLines(body([bytes('not json\n'), bytes('{"a":1}\n')], tracking)));
    expect(tracking.cancelled).toBe(true);
  });
});

describe('readJsonLineBatches', () => {
  it('yields one batch per chunk read, and nothing for a chunk without a complete line', async () => {
    const batches = await collect(readJsonLineBatches(body([bytes('{"a":1}\n{"a":2}\n{"a"'), bytes(':3}'), bytes('\n{"a":4}\n'), bytes('{"a":5}')])));
    expect(batches).toEqual([[{ a: 1 }, { a: 2 }], [{ a: 3 }, { a: 4 }], [{ a: 5 }]]);
  });

  it('cancels the body when the consumer leaves early', async () => {
    const tracking = { cancelled: false, reads: 0 };
    const source = body([bytes('{"a":1}\n'), bytes('{"a":2}\n'), bytes('{"a":3}\n')], tracking);
    for await (const batch of readJsonLineBatches(source)) {
      expect(batch).toEqual([{ a: 1 }]);
      break;
    }
    expect(tracking.cancelled).toBe(true);
    expect(tracking.reads).toBe(1);
    expect(source.locked).toBe(false);
  });

  it('does not cancel a body it read to the end, and releases it', async () => {
    const tracking = { cancelled: false, reads: 0 };
    const source = body([bytes('{"a":1}\n')], tracking);
    await collect(readJsonLineBatches(source));
    expect(tracking.cancelled).toBe(false);
    expect(source.locked).toBe(false);
  });
});
