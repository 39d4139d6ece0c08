// Shows, and switches, the view a list page reads: `table` (the server's
// printed columns), `metadata` (PartialObjectMetadata) or `full` objects.
// A demo of the library's `view` option: each choice is its own query.
import type { ResourceView } from '@rxkube/core';
import { VIEWS } from '../lib/listView.ts';

const LABELS: Record<ResourceView, string> = { table: 'Table (server columns)', metadata: 'Metadata only', full: 'Full objects' };

export function ViewSelector({ view, onChange }: { view: ResourceView; onChange: (view: ResourceView) => void }) {
  return (
    <label className="view-selector">
      <span className="muted">View</span>
      <select data-testid="view-selector" value={view} onChange={(e) => onChange(e.target.value as ResourceView)}>
        {VIEWS.map((v) => (
          <option key={v} value={v}>
            {LABELS[v]}
          </option>
        ))}
      </select>
    </label>
  );
}
