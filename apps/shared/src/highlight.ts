// Search highlighting over styled segments: every case-insensitive
// occurrence of the query in the line's visible text is marked, across
// segment boundaries (a match may span two colours).
import type { AnsiSegment } from './ansi.ts';

export interface MarkedSegment extends AnsiSegment {
  readonly mark: boolean;
}

export function highlight(segments: readonly AnsiSegment[], query: string): MarkedSegment[] {
  if (query === '') return segments.map((s) => ({ ...s, mark: false }));
  const text = segments.map((s) => s.text).join('').toLowerCase();
  const needle = query.toLowerCase();
  const ranges: Array<[number, number]> = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) ranges.push([at, at + needle.length]);
  if (ranges.length === 0) return segments.map((s) => ({ ...s, mark: false }));
  const out: MarkedSegment[] = [];
  let offset = 0;
  for (const segment of segments) {
    const start = offset;
    const end = offset + segment.text.length;
    // Cut points inside this segment: its ends and every range edge that falls within it.
    const cuts = new Set([start, end]);
    for (const [a, b] of ranges) {
      if (a > start && a < end) cuts.add(a);
      if (b > start && b < end) cuts.add(b);
    }
    const sorted = [...cuts].toSorted((x, y) => x - y);
    for (let i = 0; i < sorted.length - 1; i++) {
      const [a, b] = [sorted[i]!, sorted[i + 1]!];
      const mark = ranges.some(([ra, rb]) => a >= ra && b <= rb);
      out.push({ ...segment, text: segment.text.slice(a - start, b - start), mark });
    }
    offset = end;
  }
  return out;
}

/** Whether the line's visible text contains the query (case-insensitive). */
export function matches(visibleText: string, query: string): boolean {
  return query !== '' && visibleText.toLowerCase().includes(query.toLowerCase());
}
