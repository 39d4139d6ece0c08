// How current a query's data is: "live", "polling", or "stale since 12:03:10"
// (also paused and resyncing, with the time they began). It reads only the
// status, which changes when the kind of freshness does, never per event.
import type { QueryStatus } from '@rxkube/core';

/** 12:03:10 in the viewer's time zone. */
export const clockTime = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

export function freshnessText({ freshness, since }: Pick<QueryStatus, 'freshness' | 'since'>): string {
  return freshness === 'live' || freshness === 'polling' ? freshness : `${freshness} since ${clockTime(since)}`;
}

export function FreshnessBadge({ status }: { status: Pick<QueryStatus, 'freshness' | 'since'> }) {
  return (
    <span className={`badge freshness-${status.freshness}`} data-testid="freshness" data-freshness={status.freshness}>
      {freshnessText(status)}
    </span>
  );
}
