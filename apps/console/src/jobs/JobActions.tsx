// Suspend, resume and delete a Job. Each edit is shown at once: suspend is an
// optimistic `client.mutate` recipe (a JSON Patch guarded by the Job's
// resourceVersion, re-run on a conflict), delete shows "Terminating" until the
// server answers. A failure rolls the page back to the server's Job and says why.
//
// The Job and its write status come from the header's snapshot, not from a
// subscription of its own: the rejected promise re-renders this component
// before the cache's next flush, and with its own subscription it would read
// the rolled-back status there while the header still shows the edit.
import { Jobs, type WriteStatus } from '@rxkube/core';
import { useKubeClient } from '@rxkube/react';
import { useScope } from '../lib/scope.ts';
import { useWrite } from '../lib/useWrite.ts';
import { WriteState } from '../shell/WriteState.tsx';
import type { Job } from './jobStatus.ts';

export function JobActions({ job, writes }: { job: Job; writes: WriteStatus | undefined }) {
  const { cluster } = useScope();
  const client = useKubeClient();
  const write = useWrite();
  const namespace = job.metadata?.namespace ?? '';
  const name = job.metadata?.name ?? '';
  const target = { cluster, resource: Jobs, namespace, name };
  const suspended = job.spec?.suspend === true;
  const terminating = Boolean(job.metadata?.deletionTimestamp);
  // The value is decided at the click; on a conflict the recipe sets it again on the newer Job.
  const setSuspend = (suspend: boolean) =>
    write.run(() =>
      client.mutate(target, (draft) => {
        if (draft.spec) draft.spec.suspend = suspend;
      }),
    );
  return (
    <div className="actions-bar" data-testid="job-actions">
      <button type="button" className="small" data-testid="job-suspend" disabled={terminating} onClick={() => setSuspend(!suspended)}>
        {suspended ? 'Resume' : 'Suspend'}
      </button>
      <button type="button" className="small danger" data-testid="job-delete" disabled={terminating} onClick={() => write.run(() => client.deleteResource(target))}>
        Delete
      </button>
      <WriteState writes={writes} object={`${namespace}/${name}`} error={write.error} />
    </div>
  );
}
