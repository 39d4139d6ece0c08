// Every query the client holds open: what it asks, how (stream or poll), how
// current it is (freshness, and the age of its last event or bookmark), how
// far it got (resourceVersion), how often it had to reconnect, and how busy
// it is (events per second), and why it is not doing the obvious thing
// (the query status's notice: a streaming list fallen back to list+watch,
// a throttled or relisting query).
import { useKubeClient } from '@rxkube/react';
import { rate } from '../lib/format.ts';
import { useNow } from '../lib/useNow.ts';
import { FreshnessBadge } from '../shell/FreshnessBadge.tsx';
import { useConnectionRates, type ConnectionRow } from './useConnectionRates.ts';

/** Seconds since the last event or bookmark (or poll answer); '-' before the first. */
const lastEventAge = (lastEventAt: number | undefined, now: number) => (lastEventAt === undefined ? '-' : `${Math.max(0, Math.round((now - lastEventAt) / 1000))}s ago`);

const describe = (c: ConnectionRow) => [c.namespace, c.labelSelector, c.fieldSelector].filter(Boolean).join(' · ') || 'all namespaces';

export function ConnectionPanel() {
  const rows = useConnectionRates(useKubeClient());
  const now = useNow();
  const streams = rows.filter((r) => r.transport === 'stream').length;
  return (
    <aside className="card connections" data-testid="connection-panel">
      <div className="card-header">
        <h3>Connections</h3>
        <span className="count" data-testid="connection-count">
          {rows.length} open · {streams} stream · {rows.length - streams} poll
        </span>
      </div>
      {rows.length === 0 && <p className="empty">No open queries.</p>}
      <ul className="connection-list">
        {rows.map((c) => (
          <li
            key={c.key}
            className="connection"
            data-testid="connection-row"
            data-resource={c.resource}
            data-transport={c.transport}
            data-phase={c.phase}
            data-freshness={c.freshness}
            data-field-selector={c.fieldSelector ?? ''}
          >
            <div className="connection-title">
              <strong>{c.resource}</strong>
              <span className="muted">{c.cluster ?? 'global'}</span>
              <span className={`badge transport-${c.transport}`} data-testid="connection-transport">
                {c.transport}
              </span>
              <span className={`badge phase-${c.phase}`}>{c.phase}</span>
              <FreshnessBadge status={c} />
            </div>
            <div className="connection-query muted" title={c.key}>
              {describe(c)}
              {c.coveredBy !== undefined && <span data-testid="connection-covered"> · read from an open list</span>}
            </div>
            {c.notice && (
              <p className="notice reconnecting" data-testid="connection-notice" data-reason={c.notice.reason}>
                {c.notice.message}
              </p>
            )}
            <dl className="connection-stats">
              <dt>rv</dt>
              <dd data-testid="connection-rv">{c.resourceVersion ?? '-'}</dd>
              <dt>last event</dt>
              <dd data-testid="connection-last-event">{lastEventAge(c.lastEventAt, now)}</dd>
              <dt>reconnects</dt>
              <dd>{c.reconnects}</dd>
              <dt>events/s</dt>
              <dd data-testid="connection-rate">{rate(c.eventsPerSecond)}</dd>
              <dt>subscribers</dt>
              <dd>{c.subscribers}</dd>
            </dl>
          </li>
        ))}
      </ul>
    </aside>
  );
}
