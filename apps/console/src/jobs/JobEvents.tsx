// The Job's events.k8s.io/v1 Events, newest first, live.
import { useMemo } from 'react';
import { Events, type ObjectOf } from '@rxkube/core';
import { useWatchResourceList } from '@rxkube/react';
import { DOWNGRADE_POLLING } from '../lib/client.ts';
import { age } from '../lib/format.ts';
import { useNow } from '../lib/useNow.ts';
import { useScope } from '../lib/scope.ts';
import { QueryState } from '../shell/QueryState.tsx';

type Event = ObjectOf<typeof Events>;

const timeOf = (e: Event) => e.eventTime ?? e.deprecatedLastTimestamp ?? e.metadata?.creationTimestamp ?? '';

export function JobEvents({ namespace, name }: { namespace: string; name: string }) {
  const { cluster } = useScope();
  const snapshot = useWatchResourceList({
    cluster,
    resource: Events,
    namespace,
    fieldSelector: `regarding.name=${name}`,
    downgradePolling: DOWNGRADE_POLLING,
  });
  const now = useNow();
  const events = useMemo(
    () => (snapshot.data ?? []).filter((e) => e.regarding?.kind === 'Job').toSorted((a, b) => timeOf(b).localeCompare(timeOf(a))),
    [snapshot.data],
  );
  return (
    <section className="card" data-testid="job-events">
      <div className="card-header">
        <h3>Events</h3>
        <span className="count">{snapshot.data ? events.length : '…'}</span>
      </div>
      <QueryState snapshot={snapshot} what="events" />
      {snapshot.data && events.length === 0 ? (
        <p className="empty">No events.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Age</th>
              <th>Type</th>
              <th>Reason</th>
              <th>Note</th>
              <th>From</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.metadata?.uid ?? e.metadata?.name} data-testid="job-event" data-reason={e.reason}>
                <td className="muted">{age(timeOf(e), now)}</td>
                <td>
                  <span className={`badge ${e.type === 'Warning' ? 'phase-failed' : 'phase-neutral'}`}>{e.type}</span>
                </td>
                <td>{e.reason}</td>
                <td>{e.note}</td>
                <td className="muted">{e.reportingController}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
