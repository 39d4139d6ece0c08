/**
 * The time of day a log line shows, `HH:MM:SS.mmm`, from its RFC 3339
 * timestamp. The kubelet writes the fraction without trailing zeros
 * (`08:47:06.9Z`, `08:47:06Z`), so a fixed slice of the string would show
 * `06.9Z` for one line and `06.899` for the next.
 */
export function logClock(time: string): string {
  const fraction = /\.(\d+)/.exec(time)?.[1] ?? '';
  return `${time.slice(11, 19)}.${fraction.padEnd(3, '0').slice(0, 3)}`;
}
