// Pods on @rxkube/testing's in-page fake, as the React and Angular binding
// tests use them. `current` returns the fake in use: each test makes a new one.
import type { FakeApiHandlers } from '@rxkube/testing/msw';
import type { ObjectOf, Pods } from '@rxkube/core';

type Pod = ObjectOf<typeof Pods>;

export function fakePods(current: () => FakeApiHandlers) {
  const pods = () => current().model.cluster();
  return {
    pods,
    /** Creates pods in namespace default (label app=web) and returns their resourceVersions by name. */
    serve(...names: string[]): Record<string, string> {
      const versions: Record<string, string> = {};
      for (const name of names) versions[name] = pods().create<Pod>('pods', { metadata: { name, namespace: 'default', labels: { app: 'web' } } }).metadata!.resourceVersion!;
      return versions;
    },
    /** The fake's pod requests so far (or only watches, only open ones). */
    requests: (filter: { watch?: boolean; open?: boolean } = {}) => current().requests.all({ resource: 'pods', ...filter }),
  };
}
