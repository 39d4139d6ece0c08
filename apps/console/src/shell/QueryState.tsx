// What a live query is doing, beside its data: nothing while it streams, a
// line while it loads, polls or reconnects, the error when it ended.
import type { QuerySnapshot } from '@rxkube/core';
import { POLL_INTERVAL_MS } from '../lib/client.ts';

export function QueryState({ snapshot, what }: { snapshot: QuerySnapshot<unknown>; what: string }) {
  const { status, error } = snapshot;
  if (status.phase === 'ready') return null;
  if (status.phase === 'error') {
    return (
      <p className="notice error" data-testid="query-error">
        Cannot load {what}: {error?.message ?? 'unknown error'}
      </p>
    );
  }
  const text = {
    loading: `Loading ${what}…`,
    polling: `Polling ${what} every ${POLL_INTERVAL_MS / 1000} s (downgrade mode)`,
    reconnecting: `Reconnecting to ${what}${error ? ` (${error.message})` : ''}…`,
  }[status.phase];
  return (
    <p className={`notice ${status.phase}`} data-testid="query-state" data-phase={status.phase}>
      {text}
    </p>
  );
}
