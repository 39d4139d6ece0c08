// A Job's state in one word, as `kubectl get jobs` and consoles show it.
import type { Jobs, ObjectOf } from '@rxkube/core';

export type Job = ObjectOf<typeof Jobs>;
export type JobPhase = 'Complete' | 'Failed' | 'Suspended' | 'Running' | 'Pending';

export function jobPhase(job: Job): JobPhase {
  const isTrue = (type: string) => job.status?.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;
  if (isTrue('Complete')) return 'Complete';
  if (isTrue('Failed')) return 'Failed';
  if (job.spec?.suspend) return 'Suspended';
  if ((job.status?.active ?? 0) > 0) return 'Running';
  return 'Pending';
}

/** succeeded / completions (completions defaults to 1, as in batch/v1). */
export function jobProgress(job: Job): { succeeded: number; completions: number } {
  return { succeeded: job.status?.succeeded ?? 0, completions: job.spec?.completions ?? 1 };
}
