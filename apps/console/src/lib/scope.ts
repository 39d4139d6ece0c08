// Where the console looks: a cluster (undefined = the global cluster, served
// without a prefix) and a namespace (undefined = all namespaces), read from
// the URL so that links keep them.
import { href, useLocation } from './router.ts';

export const GLOBAL = 'global';

/** The clusters of the switcher; every one but the global one is reached under /kubernetes/{name}. */
export const CLUSTERS: readonly string[] = [GLOBAL, 'calico3'];

export interface Scope {
  /** The name shown: 'global' or a workload cluster. */
  clusterName: string;
  /** What core expects: undefined for the global cluster. */
  cluster: string | undefined;
  namespace: string | undefined;
  path: readonly string[];
  /** A link to `path` in this scope, with optional changes to it. */
  link(path: readonly string[], change?: { cluster?: string; namespace?: string }): string;
}

export function useScope(): Scope {
  const { path, params } = useLocation();
  const clusterName = params.get('cluster') || GLOBAL;
  const namespace = params.get('ns') || undefined;
  return {
    clusterName,
    cluster: clusterName === GLOBAL ? undefined : clusterName,
    namespace,
    path,
    link: (to, change = {}) => {
      const c = change.cluster ?? clusterName;
      const ns = 'namespace' in change ? change.namespace : namespace;
      return href(to, { cluster: c === GLOBAL ? undefined : c, ns });
    },
  };
}
