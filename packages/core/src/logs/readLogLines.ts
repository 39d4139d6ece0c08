/**
 * Log lines from a byte stream, one batch per read. UTF-8 is decoded in
 * streaming mode; a line split across reads is joined. What follows the last
 * newline when the body ends or breaks is a fragment (a cut mid-line): it is
 * never emitted, since the resumed request reads that line again, whole.
 * A line without a timestamp (a proxy's message, a line of a stream that did
 * not ask for timestamps) is kept with the timestamp of the line before it,
 * or dropped when it comes first.
 */
import { KubeApiError } from '../errors/KubeApiError.js';
import { parseLogLine, type LogLine } from './logLine.js';

/** Longest line accepted, in characters; the kubelet splits container lines at 16 KiB, a CRI runtime joins them. */
export const MAX_LOG_LINE_LENGTH = 1024 * 1024;

export async function* readLogLines(body: ReadableStream<Uint8Array>, run: () => number): AsyncGenerator<LogLine[], void, undefined> {
  const decoder = new TextDecoder('utf-8');
  const reader = body.getReader();
  let pending = '';
  let lastTime: string | undefined;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      pending += decoder.decode(value, { stream: true });
      const end = pending.lastIndexOf('\n');
      if (end === -1) {
        if (pending.length > MAX_LOG_LINE_LENGTH) throw KubeApiError.client('MalformedStream', `a log line is longer than ${MAX_LOG_LINE_LENGTH} characters`);
        continue;
      }
      const complete = pending.slice(0, end);
      pending = pending.slice(end + 1);
      const lines: LogLine[] = [];
      const runNow = run();
      for (const raw of complete.split('\n')) {
        const line = parseLogLine(raw, runNow);
        if (line) {
          lastTime = line.time;
          lines.push(line);
        } else if (lastTime !== undefined && raw !== '') {
          lines.push({ time: lastTime, text: raw, run: runNow });
        }
      }
      if (lines.length > 0) yield lines;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
