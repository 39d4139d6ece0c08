// What the pages show about a Job, as pure functions of the object (no Angular).
import type { Events, Jobs, ObjectOf, Phase, Pods } from '@rxkube/core';
import { jobState } from '../../../shared/src/jobState.js';

/** The one-word state, by the rule both consoles share. */
export { jobState, type JobState } from '../../../shared/src/jobState.js';

export type Job = ObjectOf<typeof Jobs>;
export type JobEvent = ObjectOf<typeof Events>;
export type Pod = ObjectOf<typeof Pods>;
export type JobCondition = NonNullable<NonNullable<Job['status']>['conditions']>[number];

export interface JobProgress {
  succeeded: number;
  /** undefined for a work-queue Job (no spec.completions): no known end. */
  completions: number | undefined;
  /** 0..100, rounded; 100 once Complete. */
  percent: number;
  label: string;
}

export function jobProgress(job: Job): JobProgress {
  const succeeded = job.status?.succeeded ?? 0;
  const completions = job.spec?.completions ?? (job.spec?.parallelism === undefined || job.spec.parallelism === null ? 1 : undefined);
  const complete = jobState(job) === 'Complete';
  const percent = complete ? 100 : completions ? Math.min(100, Math.round((succeeded / completions) * 100)) : 0;
  const label = completions === undefined ? `${succeeded} succeeded` : `${succeeded}/${completions} completions`;
  return { succeeded, completions, percent, label };
}

/** A Job's condition types and their status, for a list cell: "Complete", "Failed", or "" while running. */
export function conditionSummary(job: Job): string {
  return (job.status?.conditions ?? []).filter((c) => c.status === 'True').map((c) => c.type).join(', ');
}

/** When an events.k8s.io/v1 Event last happened, as an ISO string ('' when it carries no time). */
export function eventTime(event: JobEvent): string {
  const t = event.series?.lastObservedTime ?? event.eventTime ?? event.deprecatedLastTimestamp ?? event.metadata?.creationTimestamp;
  return t ? String(t) : '';
}

/** Newest first; ties by name so the order is stable. */
export function sortEvents(events: readonly JobEvent[]): JobEvent[] {
  return events.toSorted((a, b) => eventTime(b).localeCompare(eventTime(a)) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
}

/** The query's transport state in words, for the small status pill. */
export function phaseLabel(phase: Phase): string {
  switch (phase) {
    case 'ready':
      return 'live';
    case 'polling':
      return 'polling';
    case 'reconnecting':
      return 'reconnecting…';
    case 'loading':
      return 'loading…';
    case 'error':
      return 'error';
  }
}

/** '' and 'global' mean the management cluster, addressed without a prefix. */
export function clusterParam(cluster: string | null | undefined): { cluster?: string } {
  const trimmed = cluster?.trim() ?? '';
  return trimmed && trimmed !== 'global' ? { cluster: trimmed } : {};
}

/** A short relative age ("42s", "5m", "3h", "2d") of an RFC 3339 time at `now`. */
export function age(time: string | undefined | null, now: number): string {
  if (!time) return '';
  const seconds = Math.max(0, Math.floor((now - Date.parse(time)) / 1000));
  if (Number.isNaN(seconds)) return '';
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7_200) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.floor(seconds / 3_600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

/** An RFC 3339 time as "2026-11-25 12:41:14 UTC" ('—' when absent). */
export function timestamp(time: string | undefined | null): string {
  if (!time) return '—';
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? String(time) : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** The pod created last (creationTimestamp, then name): a retried Job's current attempt. */
export function newestPod(pods: readonly Pod[]): Pod | undefined {
  let newest: Pod | undefined;
  for (const pod of pods) {
    const a = `${pod.metadata?.creationTimestamp ?? ''} ${pod.metadata?.name ?? ''}`;
    const b = newest && `${newest.metadata?.creationTimestamp ?? ''} ${newest.metadata?.name ?? ''}`;
    if (b === undefined || a > b) newest = pod;
  }
  return newest;
}
