// Applies a stream fault to a line stream (watch events, export results).
// The fault fires when the stream has sent `afterEvents` events (bookmarks
// do not count), including 0 = at once.
import type { LineStream } from '../api/lineStream.js';
import type { Fault } from './types.js';

/** Half of a plausible event: what a client sees when the connection drops mid-line. */
const HALF_LINE = '{"type":"MODIFIED","object":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"';
const MALFORMED_LINE = '{"type":"MODIFIED","object":{"kind":"Pod" <html>\n';

export interface EventWriter {
  /** Writes one event line; `counts` = false for bookmarks. */
  write(value: unknown, counts?: boolean): void;
  /** Checks the fault before the first event. */
  start(): void;
}

export function eventWriter(stream: LineStream, fault: Fault | undefined, errorLine: (code: number) => unknown): EventWriter {
  let sent = 0;
  const check = () => {
    if (!fault || stream.done) return;
    switch (fault.kind) {
      case 'endWatchAfter':
        if (sent === fault.events) stream.close();
        return;
      case 'cutMidLine':
        if (sent === (fault.afterEvents ?? 0)) {
          stream.write(HALF_LINE);
          stream.fail();
        }
        return;
      case 'malformedLine':
        if (sent === (fault.afterEvents ?? 0)) stream.write(MALFORMED_LINE);
        return;
      case 'errorEvent':
        if (sent === (fault.afterEvents ?? 0)) {
          stream.writeLine(errorLine(fault.code ?? 410));
          stream.close();
        }
        return;
      default:
        return;
    }
  };
  return {
    start: check,
    write(value, counts = true) {
      if (stream.done) return;
      stream.writeLine(value);
      if (!counts) return;
      sent++;
      check();
    },
  };
}
