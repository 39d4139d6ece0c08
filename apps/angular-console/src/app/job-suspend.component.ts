import { ChangeDetectionStrategy, Component, computed, input, signal, type InputSignal } from '@angular/core';
import { injectKubeClient } from '@rxkube/angular';
import { Jobs, type QuerySnapshot } from '@rxkube/core';
import { clusterParam, type Job } from './jobs.js';

/**
 * Suspend or resume the Job of a snapshot. The edit is an optimistic
 * `client.mutate` recipe: the page shows it at once, "Saving…" while the
 * server has not answered (the query's `status.writes`), and on a failure the
 * server's Job again with the reason.
 */
@Component({
  selector: 'app-job-suspend',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button type="button" data-testid="job-suspend" [disabled]="terminating()" (click)="toggle()">{{ suspended() ? 'Resume' : 'Suspend' }}</button>
    @if (saving()) { <span class="pill" data-testid="write-saving">Saving…</span> }
    @else if (error()) { <span class="write-error" data-testid="write-error" role="alert">Not saved: {{ error() }}</span> }
  `,
  styles: `:host { display: inline-flex; gap: 8px; align-items: center; } .write-error { color: var(--bad); font-size: 13px; }`,
})
export class JobSuspendComponent {
  private readonly client = injectKubeClient();

  readonly job: InputSignal<QuerySnapshot<Job | null>> = input.required<QuerySnapshot<Job | null>>();
  readonly cluster = input<string | undefined>(undefined);

  protected readonly error = signal<string | undefined>(undefined);
  protected readonly suspended = computed(() => this.job().data?.spec?.suspend === true);
  protected readonly terminating = computed(() => Boolean(this.job().data?.metadata?.deletionTimestamp));
  protected readonly saving = computed(() => {
    const meta = this.job().data?.metadata;
    return this.job().status.writes?.objects.includes(`${meta?.namespace}/${meta?.name}`) ?? false;
  });

  protected toggle(): void {
    const meta = this.job().data?.metadata;
    if (!meta?.name) return;
    // Decided at the click; on a conflict the recipe sets the same value on the newer Job.
    const suspend = !this.suspended();
    this.error.set(undefined);
    this.client
      .mutate({ resource: Jobs, ...clusterParam(this.cluster()), namespace: meta.namespace, name: meta.name }, (draft) => {
        if (draft.spec) draft.spec.suspend = suspend;
      })
      .catch((e: unknown) => this.error.set(e instanceof Error ? e.message : String(e)));
  }
}
