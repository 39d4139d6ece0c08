import { age } from '../lib/format.ts';
import { useNow } from '../lib/useNow.ts';
import { JobActions } from './JobActions.tsx';
import { jobPhase } from './jobStatus.ts';
import { useJob } from './useJob.ts';

export function JobHeader({ namespace, name }: { namespace: string; name: string }) {
  const { data: job, status: query } = useJob(namespace, name);
  const now = useNow();
  if (!job) return null;
  const phase = jobPhase(job);
  const status = job.status ?? {};
  const container = job.spec?.template.spec?.containers[0];
  return (
    <section className="card job-header" data-testid="job-header" data-resource-version={job.metadata?.resourceVersion}>
      <div className="card-header">
        <h2>{name}</h2>
        <span className={`badge large phase-${phase.toLowerCase()}`} data-testid="job-phase">
          {phase}
        </span>
        <JobActions job={job} writes={query.writes} />
      </div>
      <div className="stats">
        <div className="stat">
          <span className="stat-value" data-testid="job-active">{status.active ?? 0}</span>
          <span className="stat-label">active</span>
        </div>
        <div className="stat">
          <span className="stat-value ok" data-testid="job-succeeded">{status.succeeded ?? 0}</span>
          <span className="stat-label">succeeded</span>
        </div>
        <div className="stat">
          <span className="stat-value bad" data-testid="job-failed">{status.failed ?? 0}</span>
          <span className="stat-label">failed</span>
        </div>
        <dl className="facts">
          <dt>Namespace</dt>
          <dd>{namespace}</dd>
          <dt>Created</dt>
          <dd>{age(job.metadata?.creationTimestamp, now)} ago</dd>
          <dt>Parallelism</dt>
          <dd>{job.spec?.parallelism ?? 1}</dd>
          <dt>Image</dt>
          <dd>{container?.image ?? '-'}</dd>
          <dt>Started</dt>
          <dd>{status.startTime ? `${age(status.startTime, now)} ago` : '-'}</dd>
          <dt>Completed</dt>
          <dd>{status.completionTime ? `${age(status.completionTime, now)} ago` : '-'}</dd>
        </dl>
      </div>
    </section>
  );
}
