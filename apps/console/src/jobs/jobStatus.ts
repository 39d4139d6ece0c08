// A Job's state in one word and its progress. The state is the rule both
// consoles share (apps/shared/src/jobState.ts).
import type { Jobs, ObjectOf } from '@rxkube/core';

export { jobState as jobPhase, type JobState as JobPhase } from '../../../shared/src/jobState.ts';

export type Job = ObjectOf<typeof Jobs>;

/** succeeded / completions (completions defaults to 1, as in batch/v1). */
export function jobProgress(job: Job): { succeeded: number; completions: number } {
  return { succeeded: job.status?.succeeded ?? 0, completions: job.spec?.completions ?? 1 };
}
