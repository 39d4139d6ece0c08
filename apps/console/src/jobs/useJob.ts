// The Job of a detail page. Every component of the page calls this on its
// own (header, progress, conditions): they ask the same question, so core
// gives them one query and one connection.
import { Jobs, type QuerySnapshot } from '@rxkube/core';
import { useWatchResource } from '@rxkube/react';
import { DOWNGRADE_POLLING } from '../lib/client.ts';
import { useScope } from '../lib/scope.ts';
import type { Job } from './jobStatus.ts';

export function useJob(namespace: string, name: string): QuerySnapshot<Job | null> {
  const { cluster } = useScope();
  return useWatchResource({ cluster, resource: Jobs, namespace, name, downgradePolling: DOWNGRADE_POLLING });
}
