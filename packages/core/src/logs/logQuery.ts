/**
 * The query of one log request: always with timestamps (the resume rule
 * needs them); the caller's first-request options (tailLines, sinceSeconds,
 * sinceTime) only until there is a point to resume from, then `sinceTime`
 * of that second alone.
 */
import { queryString, type QueryValue } from '../urls/query.js';

export interface LogRequestOptions {
  container?: string | undefined;
  tailLines?: number | undefined;
  sinceSeconds?: number | undefined;
  sinceTime?: string | Date | undefined;
  previous?: boolean | undefined;
  limitBytes?: number | undefined;
}

export function logQuery(options: LogRequestOptions, follow: boolean, resumeFrom: string | undefined): string {
  const q: Record<string, QueryValue> = { timestamps: true };
  if (follow) q.follow = true;
  if (options.container !== undefined) q.container = options.container;
  if (options.previous) q.previous = true;
  if (options.limitBytes !== undefined) q.limitBytes = options.limitBytes;
  if (resumeFrom !== undefined) {
    q.sinceTime = resumeFrom;
  } else {
    if (options.tailLines !== undefined) q.tailLines = options.tailLines;
    if (options.sinceSeconds !== undefined) q.sinceSeconds = options.sinceSeconds;
    if (options.sinceTime !== undefined) q.sinceTime = options.sinceTime instanceof Date ? options.sinceTime.toISOString() : options.sinceTime;
  }
  return queryString(q);
}

/** An HTTP date (`Sun, 06 Dec 2026 07:30:45 GMT`) as a sinceTime; undefined when absent (a cross-origin response may hide it). */
export function sinceTimeOfDate(date: string | null): string | undefined {
  const ms = date ? Date.parse(date) : Number.NaN;
  return Number.isNaN(ms) ? undefined : `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
