/**
 * The resume rule: how a log follow picks up after any break without losing
 * or repeating a line.
 *
 * The apiserver formats `sinceTime` with RFC 3339 and no fraction before it
 * passes it to the kubelet (kubernetes pkg/registry/core/pod/strategy.go,
 * `LogLocation`: `opts.SinceTime.Format(time.RFC3339)`), and the kubelet
 * returns every line not before it. So the only exact resume point is the
 * start of the last second seen: ask `sinceTime=<that second>`, then drop the
 * lines of that second already shown. (Asking from the next second, as Lens
 * does, loses what was written later in the second.)
 *
 * Lines are told apart by timestamp and text together. Two identical lines
 * in one second are both real: the rule counts them, never merges them, and
 * drops only as many as were shown. Lines of later seconds are always new.
 *
 * The functions are pure in what they return; `accept` takes over the cursor
 * it is given (its count map is reused while the second does not change, so
 * that a busy second costs O(lines), not O(lines^2)): never reuse a cursor
 * passed to it.
 */
import { secondOf, type LogLine } from './logLine.js';

export interface ResumeCursor {
  /** The last second shown (`sinceTime` form); undefined before any line. */
  readonly second: string | undefined;
  /** How many times each `time text` of that second was shown. */
  readonly shown: Map<string, number>;
  /** Lines of that second still to skip in the current response (after a resume): a copy of `shown` taken then. */
  readonly skip: Map<string, number>;
}

export const emptyCursor = (): ResumeCursor => ({ second: undefined, shown: new Map(), skip: new Map() });

const keyOf = (line: LogLine) => `${line.time} ${line.text}`;

/** The `sinceTime` a resumed request asks for: the last second shown, or none before any line. */
export function resumeSince(cursor: ResumeCursor): string | undefined {
  return cursor.second;
}

/** The cursor for a new response from `resumeSince`: the lines of that second shown so far are to be skipped once each. */
export function resumed(cursor: ResumeCursor): ResumeCursor {
  return { second: cursor.second, shown: cursor.shown, skip: new Map(cursor.shown) };
}

/**
 * A new run of the container (a restart): its log is a new file, so nothing
 * it sends was shown before; the second is kept as the resume point.
 */
export function restarted(cursor: ResumeCursor): ResumeCursor {
  return { second: cursor.second, shown: new Map(), skip: new Map() };
}

/** Splits a batch of a response into the lines not shown yet, and the cursor after them. */
export function accept(cursor: ResumeCursor, lines: readonly LogLine[]): { fresh: LogLine[]; cursor: ResumeCursor } {
  let { second, shown, skip } = cursor;
  const fresh: LogLine[] = [];
  for (const line of lines) {
    const lineSecond = secondOf(line.time);
    if (second !== undefined && lineSecond < second) continue; // before the resume point: shown already
    const key = keyOf(line);
    if (lineSecond === second) {
      const toSkip = skip.get(key) ?? 0;
      if (toSkip > 0) {
        skip.set(key, toSkip - 1);
        continue;
      }
    } else {
      second = lineSecond;
      shown = new Map();
      skip = new Map();
    }
    shown.set(key, (shown.get(key) ?? 0) + 1);
    fresh.push(line);
  }
  return { fresh, cursor: { second, shown, skip } };
}
