import { Jobs } from '@rxkube/core';
import { useWatchResourceList } from '@rxkube/react';
import { DOWNGRADE_POLLING } from '../lib/client.ts';
import { age } from '../lib/format.ts';
import { useNow } from '../lib/useNow.ts';
import { useScope } from '../lib/scope.ts';
import { QueryState } from '../shell/QueryState.tsx';
import { CreateJobForm } from './CreateJobForm.tsx';
import { jobPhase, jobProgress } from './jobStatus.ts';

export function JobList() {
  const scope = useScope();
  const snapshot = useWatchResourceList({ cluster: scope.cluster, resource: Jobs, namespace: scope.namespace, downgradePolling: DOWNGRADE_POLLING });
  const now = useNow();
  const jobs = snapshot.data ?? [];
  return (
    <>
      <CreateJobForm />
      <section className="card" data-testid="job-list">
        <div className="card-header">
          <h2>
            Jobs <span className="muted">{scope.namespace ? `in ${scope.namespace}` : 'in all namespaces'}</span>
          </h2>
          <span className="count" data-testid="job-count">
            {snapshot.data ? `${jobs.length} jobs` : '…'}
          </span>
        </div>
        <QueryState snapshot={snapshot} what="jobs" />
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Namespace</th>
              <th>Status</th>
              <th className="num">Completions</th>
              <th className="num">Age</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => {
              const { succeeded, completions } = jobProgress(job);
              const phase = jobPhase(job);
              const name = job.metadata?.name ?? '';
              const namespace = job.metadata?.namespace ?? '';
              return (
                <tr key={job.metadata?.uid ?? name} data-testid="job-row" data-name={name}>
                  <td>
                    <a href={scope.link(['jobs', namespace, name])}>{name}</a>
                  </td>
                  <td className="muted">{namespace}</td>
                  <td>
                    <span className={`badge phase-${phase.toLowerCase()}`}>{phase}</span>
                  </td>
                  <td className="num">
                    {succeeded}/{completions}
                  </td>
                  <td className="num muted">{age(job.metadata?.creationTimestamp, now)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {snapshot.data && jobs.length === 0 && <p className="empty">No jobs here. Create one above.</p>}
      </section>
    </>
  );
}
