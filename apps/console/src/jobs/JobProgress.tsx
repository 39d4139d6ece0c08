import { jobPhase, jobProgress } from './jobStatus.ts';
import { useJob } from './useJob.ts';

export function JobProgress({ namespace, name }: { namespace: string; name: string }) {
  const { data: job } = useJob(namespace, name);
  if (!job) return null;
  const { succeeded, completions } = jobProgress(job);
  const percent = Math.min(100, Math.round((succeeded / Math.max(1, completions)) * 100));
  const phase = jobPhase(job);
  return (
    <section className="card" data-testid="job-progress">
      <div className="card-header">
        <h3>Progress</h3>
        <span className="count" data-testid="job-progress-text">
          {succeeded} / {completions} completions
        </span>
      </div>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={completions} aria-valuenow={succeeded}>
        <div className={`progress-bar phase-${phase.toLowerCase()}`} style={{ width: `${percent}%` }} />
      </div>
    </section>
  );
}
