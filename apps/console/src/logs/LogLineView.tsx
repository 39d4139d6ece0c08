// One log line: its time, its text with ANSI colours as spans and the search
// matches marked, and a marker where a new run of the container begins.
import { memo } from 'react';
import type { LogLine } from '@rxkube/core';
import { ansiSegments } from '../../../shared/src/ansi.ts';
import { highlight } from '../../../shared/src/highlight.ts';
import { logClock } from '../../../shared/src/logClock.ts';

export const LOG_ROW_HEIGHT = 18;

interface Props {
  line: LogLine;
  /** The line's number in the follow (dropped lines included). */
  number: number;
  query: string;
  /** The first line of a new run of the container (after a restart). */
  newRun: boolean;
  top: number;
}

export const LogLineView = memo(function LogLineView({ line, number, query, newRun, top }: Props) {
  const segments = highlight(ansiSegments(line.text), query);
  return (
    <div
      className={`log-line${newRun ? ' new-run' : ''}`}
      data-testid="log-line"
      data-number={number}
      data-time={line.time}
      style={{ transform: `translateY(${top}px)`, height: LOG_ROW_HEIGHT }}
    >
      <span className="log-time" title={line.time}>
        {logClock(line.time)}
      </span>
      {newRun && <span className="log-run">restart {line.run}</span>}
      <span className="log-text" data-testid="log-text">
        {segments.map((s, i) => {
          const className = [s.fg && `ansi-${s.fg}`, s.bg && `ansi-bg-${s.bg}`, s.bold && 'ansi-bold'].filter(Boolean).join(' ') || undefined;
          return s.mark ? (
            <mark key={i} className={className}>
              {s.text}
            </mark>
          ) : (
            <span key={i} className={className}>
              {s.text}
            </span>
          );
        })}
      </span>
    </div>
  );
});
