// A container's log, live, for a component: core's watchLogs with the kept
// window and the status, re-rendered at most once per animation frame however
// fast lines arrive (a pod writing thousands of lines a second would
// otherwise ask for a render per batch).
import { useEffect, useState } from 'react';
import type { LogStatus, LogWindow, WatchLogsParams } from '@rxkube/core';
import { useKubeClient } from '@rxkube/react';

export interface LogsState {
  lines: LogWindow | undefined;
  status: LogStatus | undefined;
  error: Error | undefined;
  /** Lines received since the follow began (kept or not). */
  received: number;
}

const EMPTY: LogsState = { lines: undefined, status: undefined, error: undefined, received: 0 };

export function useLogs(params: WatchLogsParams | null): LogsState {
  const client = useKubeClient();
  const [state, setState] = useState<LogsState>(EMPTY);
  const key = params && JSON.stringify(params);
  useEffect(() => {
    setState(EMPTY);
    if (!params) return undefined;
    let latest: LogsState = EMPTY;
    let frame: number | undefined;
    const flush = () => {
      frame = undefined;
      setState(latest);
    };
    const schedule = () => {
      if (frame === undefined) frame = requestAnimationFrame(flush);
    };
    const subscription = client.watchLogs(params).subscribe({
      next: (update) => {
        latest = { lines: update.lines, status: update.status, error: undefined, received: latest.received + update.added.length };
        schedule();
      },
      error: (error: Error) => {
        latest = { ...latest, error };
        schedule();
      },
    });
    return () => {
      subscription.unsubscribe();
      if (frame !== undefined) cancelAnimationFrame(frame);
    };
    // `key` stands for params: a new object with the same content is the same follow.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key]);
  return state;
}
