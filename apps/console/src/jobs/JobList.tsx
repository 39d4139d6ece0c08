import { Jobs } from '@rxkube/core';
import { useWatchResourceList, useWatchResourceTable } from '@rxkube/react';
import { DOWNGRADE_POLLING } from '../lib/client.ts';
import { age } from '../lib/format.ts';
import { useNow } from '../lib/useNow.ts';
import { useScope } from '../lib/scope.ts';
import { useListView } from '../lib/listView.ts';
import { QueryState } from '../shell/QueryState.tsx';
import { ServerTable } from '../shell/ServerTable.tsx';
import { ViewSelector } from '../shell/ViewSelector.tsx';
import { CreateJobForm } from './CreateJobForm.tsx';
import { jobPhase, jobProgress } from './jobStatus.ts';

export function JobList() {
  const scope = useScope();
  const [view, setView] = useListView('table');
  const params = { cluster: scope.cluster, resource: Jobs, namespace: scope.namespace, downgradePolling: DOWNGRADE_POLLING };
  const table = useWatchResourceTable(view === 'table' ? params : null);
  const list = useWatchResourceList(view === 'table' ? null : { ...params, view });
  const snapshot = view === 'table' ? table : list;
  const count = view === 'table' ? table.data?.rows.length : list.data?.length;
  const now = useNow();
  const jobs = list.data ?? [];
  return (
    <>
      <CreateJobForm />
      <section className="card" data-testid="job-list">
        <div className="card-header">
          <h2>
            Jobs <span className="muted">{scope.namespace ? `in ${scope.namespace}` : 'in all namespaces'}</span>
          </h2>
          <span className="count" data-testid="job-count">
            {count === undefined ? '…' : `${count} jobs`}
          </span>
          <ViewSelector view={view} onChange={setView} />
        </div>
        <QueryState snapshot={snapshot} what="jobs" />
        {table.data && <ServerTable table={table.data} rowTestId="job-row" now={now} link={(namespace, name) => scope.link(['jobs', namespace, name])} />}
        {view !== 'table' && (
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
        )}
        {count === 0 && <p className="empty">No jobs here. Create one above.</p>}
      </section>
    </>
  );
}
