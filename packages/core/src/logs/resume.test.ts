import { describe, expect, it } from 'vitest';
import type { LogLine } from './logLine.js';
import { accept, emptyCursor, restarted, resumed, resumeSince, type ResumeCursor } from './resume.js';

const line = (time: string, text: string): LogLine => ({ time, text, run: 0 });
const texts = (lines: readonly LogLine[]) => lines.map((l) => `${l.time} ${l.text}`);

/** Feeds batches through accept, as one response. */
function feed(cursor: ResumeCursor, ...batches: LogLine[][]): { shown: string[]; cursor: ResumeCursor } {
  const shown: string[] = [];
  let c = cursor;
  for (const batch of batches) {
    const out = accept(c, batch);
    shown.push(...texts(out.fresh));
    c = out.cursor;
  }
  return { shown, cursor: c };
}

describe('the resume rule', () => {
  const a = line('2026-12-06T07:30:44.9Z', 'a');
  const b = line('2026-12-06T07:30:45.1Z', 'b');
  const c = line('2026-12-06T07:30:45.5Z', 'c');
  const d = line('2026-12-06T07:30:45.7Z', 'd');
  const e = line('2026-12-06T07:30:46Z', 'e');

  it('asks from nowhere before any line, then from the whole second of the last line shown', () => {
    expect(resumeSince(emptyCursor())).toBeUndefined();
    const { cursor } = feed(emptyCursor(), [a, b, c]);
    expect(resumeSince(cursor)).toBe('2026-12-06T07:30:45Z');
  });

  it('drops the lines of the resume second already shown, and keeps the rest of that second', () => {
    const first = feed(emptyCursor(), [a, b, c]);
    // The server answers sinceTime=07:30:45Z with every line of that second on.
    const second = feed(resumed(first.cursor), [b, c, d, e]);
    expect(second.shown).toEqual(texts([d, e]));
  });

  it('counts identical lines of one second instead of merging them', () => {
    const twice = line('2026-12-06T07:30:45.5Z', 'same');
    const first = feed(emptyCursor(), [twice, twice]);
    expect(first.shown).toHaveLength(2);
    // A third identical line was written in the same second, then the stream broke.
    const second = feed(resumed(first.cursor), [twice, twice, twice]);
    expect(second.shown).toEqual(texts([twice]));
  });

  it('survives several resumes within one second', () => {
    const one = feed(emptyCursor(), [b]);
    const two = feed(resumed(one.cursor), [b, c]);
    const three = feed(resumed(two.cursor), [b, c, d]);
    expect([...one.shown, ...two.shown, ...three.shown]).toEqual(texts([b, c, d]));
  });

  it('keeps a line split across batches of one response once', () => {
    const { shown } = feed(resumed(feed(emptyCursor(), [b]).cursor), [b], [c], [c]);
    expect(shown).toEqual(texts([c, c]));
  });

  it('drops lines older than the resume second (a server that ignores sinceTime)', () => {
    const first = feed(emptyCursor(), [a, b]);
    expect(feed(resumed(first.cursor), [a, b, c]).shown).toEqual(texts([c]));
  });

  it('shows a restarted container its identical lines of the same second: a new run is a new log', () => {
    const first = feed(emptyCursor(), [b]);
    expect(feed(restarted(first.cursor), [b]).shown).toEqual(texts([b]));
  });

  it('reads timestamps with offsets to the same UTC second', () => {
    const shifted = line('2026-12-06T09:30:45.2+02:00', 'x');
    const { cursor } = feed(emptyCursor(), [shifted]);
    expect(resumeSince(cursor)).toBe('2026-12-06T07:30:45Z');
  });
});
