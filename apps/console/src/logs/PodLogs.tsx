// A pod container's log, live: follow keeps the newest line in view; pause
// stops the scrolling, not the stream (the view holds still on the lines it
// showed, while new ones keep arriving and are counted); search marks its
// matches and jumps between them; download saves what the client keeps
// (the last MAX_LINES lines: core drops the oldest first).
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { LogWindow } from '@rxkube/core';
import { stripAnsi } from '../../../shared/src/ansi.ts';
import { matches } from '../../../shared/src/highlight.ts';
import { DOWNGRADE_POLLING } from '../lib/client.ts';
import { downloadLog } from './download.ts';
import { LOG_ROW_HEIGHT, LogLineView } from './LogLineView.tsx';
import { useLogs } from './useLogs.ts';
import './logs.css';

/**
 * How long a follow may stay silent while the container runs before it is
 * checked and reopened: a proxy that loses its upstream may hold the page's
 * connection open with nothing in it (Vite's dev proxy does). `?logStallSeconds=`
 * shortens it for browser tests, as lib/tuning.ts does for the client's timings.
 */
const STALL_SECONDS = Number(new URLSearchParams(window.location.search).get('logStallSeconds')) || undefined;

/** Lines kept in the page; at ~150 bytes a line, a few MB whatever the pod writes. */
export const MAX_LINES = 20_000;
const TAIL_LINES = 500;

interface Props {
  cluster: string | undefined;
  namespace: string;
  pod: string;
  containers: readonly string[];
}

export function PodLogs({ cluster, namespace, pod, containers }: Props) {
  const [container, setContainer] = useState(containers[0]);
  const [following, setFollowing] = useState(true);
  const [query, setQuery] = useState('');
  const [frozen, setFrozen] = useState<{ lines: LogWindow; received: number }>();
  const params = useMemo(
    () => (container ? { cluster, namespace, name: pod, container, tailLines: TAIL_LINES, maxLines: MAX_LINES, downgradePolling: DOWNGRADE_POLLING, stallSeconds: STALL_SECONDS } : null),
    [cluster, namespace, pod, container],
  );
  const live = useLogs(params);
  const lines = (following ? live.lines : frozen?.lines) ?? live.lines;
  const count = lines?.length ?? 0;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LOG_ROW_HEIGHT,
    overscan: 20,
    getItemKey: (i) => (lines ? lines.dropped + i : i),
  });

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (following && element) element.scrollTop = element.scrollHeight;
  }, [following, lines, count]);

  const matching = useMemo(() => {
    if (!lines || query === '') return [];
    const found: number[] = [];
    for (let i = 0; i < lines.length; i++) if (matches(stripAnsi(lines.at(i)!.text), query)) found.push(i);
    return found;
  }, [lines, query]);

  const pause = () => {
    if (live.lines) setFrozen({ lines: live.lines, received: live.received });
    setFollowing(false);
  };
  const follow = () => {
    setFrozen(undefined);
    setFollowing(true);
  };
  const nextMatch = () => {
    if (matching.length === 0) return;
    if (following) pause();
    const element = scrollRef.current;
    const firstVisible = element ? Math.floor(element.scrollTop / LOG_ROW_HEIGHT) : 0;
    const next = matching.find((i) => i > firstVisible) ?? matching[0]!;
    virtualizer.scrollToIndex(next, { align: 'start' });
  };

  const status = live.status;
  const phase = live.error ? 'error' : (status?.phase ?? 'loading');
  const newSincePause = frozen ? live.received - frozen.received : 0;

  return (
    <section className="card pod-logs" data-testid="pod-logs">
      <div className="card-header log-toolbar">
        <h3>Logs</h3>
        {containers.length > 1 && (
          <select
            data-testid="log-container"
            value={container}
            onChange={(e) => {
              // Another container is another log: follow it from its end.
              setContainer(e.target.value);
              setFrozen(undefined);
              setFollowing(true);
            }}
            aria-label="Container"
          >
            {containers.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        )}
        <span className={`badge log-phase log-phase-${phase}`} data-testid="log-status" data-phase={phase} title={status?.notice?.message ?? status?.error?.message}>
          {phase}
        </span>
        {following ? (
          <button type="button" className="small" data-testid="log-pause" onClick={pause}>
            Pause
          </button>
        ) : (
          <button type="button" className="small" data-testid="log-follow" onClick={follow}>
            Follow{newSincePause > 0 ? ` (+${newSincePause} new)` : ''}
          </button>
        )}
        <span className="muted" data-testid="log-count" data-received={live.received}>
          {count} lines{lines && lines.dropped > 0 ? ` (${lines.dropped} older dropped)` : ''}
        </span>
        <input data-testid="log-search" className="filter" type="search" placeholder="Search" value={query} onChange={(e) => setQuery(e.target.value)} />
        {query && (
          <>
            <span className="muted" data-testid="log-matches">
              {matching.length} matching
            </span>
            <button type="button" className="small" data-testid="log-next-match" onClick={nextMatch} disabled={matching.length === 0}>
              Next
            </button>
          </>
        )}
        <button type="button" className="small" data-testid="log-download" disabled={!lines || count === 0} onClick={() => lines && downloadLog(lines, `${pod}-${container}.log`)}>
          Download
        </button>
      </div>
      {live.error && (
        <p className="notice error" data-testid="log-error">
          {live.error.message}
        </p>
      )}
      {phase === 'waiting' && <p className="notice" data-testid="log-waiting">{status?.error?.message ?? 'The container is not running yet.'}</p>}
      <div ref={scrollRef} className="log-scroll" data-testid="log-scroll" data-following={following}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {lines &&
            virtualizer.getVirtualItems().map((item) => {
              const line = lines.at(item.index);
              if (!line) return null;
              const before = lines.at(item.index - 1);
              return <LogLineView key={item.key} line={line} number={lines.dropped + item.index} query={query} newRun={before !== undefined && before.run !== line.run} top={item.start} />;
            })}
        </div>
        {status?.phase === 'ended' && <p className="muted log-ended" data-testid="log-ended">The log ended.</p>}
      </div>
    </section>
  );
}
