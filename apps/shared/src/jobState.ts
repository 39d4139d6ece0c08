/**
 * A batch/v1 Job's state in one word, the one rule both consoles show
 * (apps/console and apps/angular-console import it by relative path; it is not
 * part of any package). It follows `kubectl get jobs` — printJob in
 * kubernetes/kubernetes pkg/printers/internalversion/printers.go: the first of
 * Complete, Failed, Terminating (deletionTimestamp set), Suspended,
 * FailureTarget, SuccessCriteriaMet that holds — with two refinements a
 * console wants:
 * - `spec.suspend: true` reads Suspended before the Job controller has added
 *   its Suspended condition, so a Job shows suspended the moment it is asked;
 * - kubectl's "Running" is split by `status.active`: Running while pods are
 *   active, Pending while none are (created, or waiting to retry).
 * Only conditions with status "True" count; "False" and "Unknown" ones are
 * history (a resumed Job keeps `Suspended: False`).
 *
 * FailureTarget and SuccessCriteriaMet are the controller's verdict while the
 * Job's pods are still terminating (Kubernetes 1.31+); Failed or Complete
 * follow once they are gone.
 */

/** The parts of a batch/v1 Job the rule reads; a `kubernetes-types` Job fits it. */
export interface JobLike {
  metadata?: { deletionTimestamp?: string | null | undefined } | null | undefined;
  spec?: { suspend?: boolean | null | undefined } | null | undefined;
  status?: {
    active?: number | null | undefined;
    conditions?: readonly { type: string; status: string }[] | null | undefined;
  } | null | undefined;
}

export type JobState = 'Complete' | 'Failed' | 'Terminating' | 'Suspended' | 'FailureTarget' | 'SuccessCriteriaMet' | 'Running' | 'Pending';

export function jobState(job: JobLike): JobState {
  const holds = (type: string) => job.status?.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;
  if (holds('Complete')) return 'Complete';
  if (holds('Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (holds('Suspended') || job.spec?.suspend === true) return 'Suspended';
  if (holds('FailureTarget')) return 'FailureTarget';
  if (holds('SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return (job.status?.active ?? 0) > 0 ? 'Running' : 'Pending';
}
