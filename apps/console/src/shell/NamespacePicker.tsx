import { Namespaces } from '@rxkube/core';
import { useWatchResourceList } from '@rxkube/react';
import { DOWNGRADE_POLLING } from '../lib/client.ts';
import { navigate } from '../lib/router.ts';
import { useScope } from '../lib/scope.ts';

/** The namespaces of the current cluster, live; '' means all namespaces. */
export function NamespacePicker() {
  const scope = useScope();
  const { data, status } = useWatchResourceList({ cluster: scope.cluster, resource: Namespaces, downgradePolling: DOWNGRADE_POLLING });
  const names = (data ?? []).map((ns) => ns.metadata?.name ?? '');
  // Keep a namespace from the URL selectable even before (or without) the list.
  if (scope.namespace && !names.includes(scope.namespace)) names.push(scope.namespace);
  const section = scope.path[0] ?? 'pods';
  return (
    <label className="control">
      <span>Namespace</span>
      <select
        data-testid="namespace-picker"
        value={scope.namespace ?? ''}
        disabled={status.phase === 'error'}
        onChange={(e) => navigate(scope.link([section], { namespace: e.target.value || undefined }))}
      >
        <option value="">All namespaces</option>
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
