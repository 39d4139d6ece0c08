import { navigate } from '../lib/router.ts';
import { CLUSTERS, useScope } from '../lib/scope.ts';

/** Switching cluster keeps the section (pods, jobs, ...) and the namespace, and leaves any detail page. */
export function ClusterSwitcher() {
  const scope = useScope();
  const section = scope.path[0] ?? 'pods';
  return (
    <label className="control">
      <span>Cluster</span>
      <select
        data-testid="cluster-switcher"
        value={scope.clusterName}
        onChange={(e) => navigate(scope.link([section], { cluster: e.target.value }))}
      >
        {CLUSTERS.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
