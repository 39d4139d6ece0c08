// A Job, live. The header, the progress bar and the conditions each subscribe
// to the Job themselves (one shared connection); the events have their own
// query (events.k8s.io/v1, fieldSelector=regarding.name=<job>).
import { useScope } from '../lib/scope.ts';
import { QueryState } from '../shell/QueryState.tsx';
import { JobConditions } from './JobConditions.tsx';
import { JobEvents } from './JobEvents.tsx';
import { JobHeader } from './JobHeader.tsx';
import { JobProgress } from './JobProgress.tsx';
import { useJob } from './useJob.ts';

export function JobDetail({ namespace, name }: { namespace: string; name: string }) {
  const scope = useScope();
  const snapshot = useJob(namespace, name);
  return (
    <div className="detail" data-testid="job-detail">
      <p className="crumbs">
        <a href={scope.link(['jobs'])}>Jobs</a> / {namespace} / <strong>{name}</strong>
      </p>
      <QueryState snapshot={snapshot} what={`job ${name}`} />
      {snapshot.data === null ? (
        <p className="notice" data-testid="job-missing">
          Job {namespace}/{name} does not exist (yet). This page shows it as soon as it is created.
        </p>
      ) : (
        <>
          <JobHeader namespace={namespace} name={name} />
          <JobProgress namespace={namespace} name={name} />
          <JobConditions namespace={namespace} name={name} />
        </>
      )}
      <JobEvents namespace={namespace} name={name} />
    </div>
  );
}
