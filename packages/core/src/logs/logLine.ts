/**
 * One line of a container's log, as the kubelet sends it with
 * `timestamps=true`: an RFC 3339 timestamp with up to nine fractional digits
 * (trailing zeros trimmed, as Go's RFC3339Nano prints), one space, the text.
 * The second a line belongs to is its timestamp cut before the fraction: that
 * is what `sinceTime` can ask for, since the apiserver drops the fraction.
 */
export interface LogLine {
  /** The timestamp exactly as the server sent it, e.g. `2026-12-06T07:30:45.123456789Z`. */
  readonly time: string;
  /** The line without its timestamp and newline; ANSI escapes left in. */
  readonly text: string;
  /** Which run of the container wrote it: its restartCount when the line was read. */
  readonly run: number;
}

const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d{1,9})?(Z|[+-]\d\d:\d\d) /;

/** Splits `timestamp text`; undefined when the line carries no timestamp. */
export function parseLogLine(raw: string, run: number): LogLine | undefined {
  const match = TIMESTAMP.exec(raw);
  if (!match) return undefined;
  return { time: raw.slice(0, match[0].length - 1), text: raw.slice(match[0].length), run };
}

/**
 * The whole second of a timestamp, in the form `sinceTime` takes
 * (`2026-12-06T07:30:45Z`); offsets other than Z are converted to UTC.
 */
export function secondOf(time: string): string {
  const match = TIMESTAMP.exec(`${time} `);
  if (!match) throw new Error(`not a log timestamp: ${time}`);
  if (match[3] === 'Z') return `${match[1]}Z`;
  return `${new Date(`${match[1]}${match[3]}`).toISOString().slice(0, 19)}Z`;
}
