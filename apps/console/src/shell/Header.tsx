import { MOCK_MODE } from '../lib/mode.ts';
import { ClusterSwitcher } from './ClusterSwitcher.tsx';
import { DowngradeSwitch } from './DowngradeSwitch.tsx';
import { NamespacePicker } from './NamespacePicker.tsx';

export function Header({ downgrade, onDowngradeChange }: { downgrade: boolean; onDowngradeChange(on: boolean): void }) {
  return (
    <header className="header">
      <a className="brand" href="#/pods">
        rxkube <span>console</span>
      </a>
      {MOCK_MODE && (
        <span className="mode" data-testid="mock-mode" title="The fake cluster runs in this page (msw service worker); reload to reset it">
          in-browser fake cluster
        </span>
      )}
      <div className="header-controls">
        <ClusterSwitcher />
        <NamespacePicker />
        <DowngradeSwitch on={downgrade} onChange={onDowngradeChange} />
      </div>
    </header>
  );
}
