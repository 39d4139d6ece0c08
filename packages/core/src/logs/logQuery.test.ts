import { describe, expect, it } from 'vitest';
import { logQuery, sinceTimeOfDate } from './logQuery.js';

const parsed = (query: string) => Object.fromEntries(new URLSearchParams(query.slice(1)));

describe('the log query', () => {
  it('asks with timestamps, and the caller\'s first options until there is a point to resume from', () => {
    expect(parsed(logQuery({ container: 'app', tailLines: 100, sinceSeconds: 60 }, true, undefined))).toEqual({ timestamps: 'true', follow: 'true', container: 'app', tailLines: '100', sinceSeconds: '60' });
  });

  it('then asks from the resume second alone, whatever the first options were', () => {
    expect(parsed(logQuery({ tailLines: 100, sinceTime: new Date('2026-12-06T07:00:00Z') }, false, '2026-12-06T07:30:45Z'))).toEqual({ timestamps: 'true', sinceTime: '2026-12-06T07:30:45Z' });
  });

  it('keeps previous and limitBytes on every request', () => {
    expect(parsed(logQuery({ previous: true, limitBytes: 1024 }, false, undefined))).toEqual({ timestamps: 'true', previous: 'true', limitBytes: '1024' });
  });

  it('reads an HTTP Date header as a sinceTime, and nothing from a missing one', () => {
    expect(sinceTimeOfDate('Sun, 06 Dec 2026 07:30:45 GMT')).toBe('2026-12-06T07:30:45Z');
    expect(sinceTimeOfDate(null)).toBeUndefined();
  });
});
