import { describe, expect, it } from 'vitest';
import { LogBuffer } from './logWindow.js';

const lines = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ time: '2026-12-06T07:30:45Z', text: String(from + i), run: 0 }));

describe('LogBuffer', () => {
  it('keeps at most maxLines, oldest out first, and counts what it dropped', () => {
    const buffer = new LogBuffer(2500);
    for (let i = 0; i < 10; i++) buffer.push(lines(i * 1000, 1000));
    const window = buffer.snapshot();
    expect(window.length).toBe(2500);
    expect(window.dropped).toBe(7500);
    expect(window.at(0)?.text).toBe('7500');
    expect(window.at(2499)?.text).toBe('9999');
    expect(window.at(2500)).toBeUndefined();
    expect(window.slice(-2).map((l) => l.text)).toEqual(['9998', '9999']);
  });

  it('hands out snapshots that later lines do not change', () => {
    const buffer = new LogBuffer(3);
    buffer.push(lines(0, 2));
    const before = buffer.snapshot();
    buffer.push(lines(2, 5));
    expect(before.slice().map((l) => l.text)).toEqual(['0', '1']);
    expect(buffer.snapshot().slice().map((l) => l.text)).toEqual(['4', '5', '6']);
  });

  it('holds no more chunks than the window needs', () => {
    const buffer = new LogBuffer(10);
    for (let i = 0; i < 100; i++) buffer.push(lines(i * 1000, 1000));
    expect((buffer as unknown as { chunks: unknown[] }).chunks.length).toBeLessThanOrEqual(2);
  });
});
