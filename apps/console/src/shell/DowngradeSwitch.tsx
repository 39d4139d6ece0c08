import { POLL_INTERVAL_MS } from '../lib/client.ts';

/** The console's DOWNGRADE_WATCH_ENABLED: poll every list instead of streaming watches. */
export function DowngradeSwitch({ on, onChange }: { on: boolean; onChange(on: boolean): void }) {
  return (
    <label className="control switch" title={`Poll every ${POLL_INTERVAL_MS / 1000} s instead of watching (for proxies that break long responses)`}>
      <input data-testid="downgrade-switch" type="checkbox" checked={on} onChange={(e) => onChange(e.target.checked)} />
      <span>Downgrade to polling</span>
    </label>
  );
}
