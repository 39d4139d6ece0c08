// What a live query is doing, beside its data: a freshness badge ("live",
// "stale since 12:03:10"), a line while it loads, polls or reconnects, the
// error when it ended.
import type { QuerySnapshot } from '@rxkube/core';
import { POLL_INTERVAL_MS } from '../lib/client.ts';
import { FreshnessBadge } from './FreshnessBadge.tsx';

export function QueryState({ snapshot, what }: { snapshot: QuerySnapshot<unknown>; what: string }) {
  const { status, error } = snapshot;
  if (status.phase === 'error') {
    return (
      <p className="notice error" data-testid="query-error">
        <FreshnessBadge status={status} /> Cannot load {what}: {error?.message ?? 'unknown error'}
      </p>
    );
  }
  const text = {
    ready: '',
    loading: `Loading ${what}…`,
    polling: `Polling ${what} every ${POLL_INTERVAL_MS / 1000} s${status.notice ? '' : ' (downgrade mode)'}`,
    reconnecting: `Reconnecting to ${what}${error ? ` (${error.message})` : ''}…`,
  }[status.phase];
  return (
    <p className={`query-state ${status.phase}`} data-testid="query-state" data-phase={status.phase} data-freshness={status.freshness}>
      <FreshnessBadge status={status} /> {text}
      {status.notice && <span className="muted"> {status.notice.message}</span>}
    </p>
  );
}
