import { ChangeDetectionStrategy, Component, computed, inject, signal, type Signal } from '@angular/core';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { injectWatchResourceList } from '@rxkube/angular';
import { Jobs, type QuerySnapshot } from '@rxkube/core';
import { age, clusterParam, conditionSummary, jobProgress, jobState, phaseLabel, type Job } from './jobs.js';
import { injectNow } from './now.js';

/** The Jobs of one namespace (all namespaces when empty), live. */
@Component({
  selector: 'app-job-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <section class="card" data-testid="job-list">
      <div class="card-head">
        <h1>Jobs</h1>
        <span class="pill" [class]="'phase-' + jobs().status.phase" data-testid="job-list-phase">{{ phase() }}</span>
      </div>
      <form class="filters" (submit)="$event.preventDefault()">
        <label>
          Namespace
          <input data-testid="namespace-input" name="namespace" autocomplete="off" placeholder="all namespaces"
                 [value]="namespace()" (input)="setNamespace($any($event.target).value)" />
        </label>
        <label>
          Cluster
          <input data-testid="cluster-input" name="cluster" autocomplete="off" placeholder="global"
                 [value]="cluster()" (input)="setCluster($any($event.target).value)" />
        </label>
      </form>

      @let list = jobs();
      @if (list.status.phase === 'error') {
        <p class="notice error" data-testid="job-list-error">Cannot list Jobs: {{ list.error?.message }}</p>
      } @else if (list.data === undefined) {
        <p class="notice" data-testid="job-list-loading">Loading…</p>
      } @else if (list.data.length === 0) {
        <p class="notice" data-testid="job-list-empty">No Jobs in {{ namespace() ? 'namespace ' + namespace() : 'any namespace' }}.</p>
      } @else {
        <table class="grid">
          <thead>
            <tr><th>Name</th><th>Namespace</th><th>State</th><th>Completions</th><th>Active</th><th>Failed</th><th>Conditions</th><th>Age</th></tr>
          </thead>
          <tbody>
            @for (job of list.data; track job.metadata?.uid ?? job.metadata?.name) {
              @let progress = progressOf(job);
              <tr data-testid="job-row" [attr.data-job-name]="job.metadata?.name">
                <td>
                  <a data-testid="job-link" [routerLink]="['/jobs', job.metadata?.namespace, job.metadata?.name]" [queryParams]="clusterQuery()">{{ job.metadata?.name }}</a>
                </td>
                <td>{{ job.metadata?.namespace }}</td>
                <td><span class="state" [class]="'state-' + stateOf(job)" data-testid="job-row-state">{{ stateOf(job) }}</span></td>
                <td data-testid="job-row-completions">
                  <span class="mini-bar"><span [style.width.%]="progress.percent"></span></span>
                  {{ progress.label }}
                </td>
                <td>{{ job.status?.active ?? 0 }}</td>
                <td>{{ job.status?.failed ?? 0 }}</td>
                <td>{{ conditionsOf(job) }}</td>
                <td>{{ ageOf(job) }}</td>
              </tr>
            }
          </tbody>
        </table>
        <p class="muted" data-testid="job-count">{{ list.data.length }} {{ list.data.length === 1 ? 'Job' : 'Jobs' }}</p>
      }
    </section>
  `,
})
export class JobListComponent {
  private readonly router = inject(Router);
  private readonly now = injectNow();

  private readonly query = inject(ActivatedRoute).snapshot.queryParamMap;

  /** Start from `?namespace=` and `?cluster=`; after that the inputs own them (and write them back to the URL). */
  protected readonly namespace = signal(this.query.get('namespace') ?? 'default');
  protected readonly cluster = signal(this.query.get('cluster') ?? '');
  protected readonly clusterQuery = computed(() => clusterParam(this.cluster()));

  /** Follows both inputs; an empty namespace lists every namespace. */
  protected readonly jobs: Signal<QuerySnapshot<readonly Job[]>> = injectWatchResourceList(
    computed(() => {
      const namespace = this.namespace().trim();
      return { resource: Jobs, ...this.clusterQuery(), ...(namespace ? { namespace } : {}) };
    }),
  );
  protected readonly phase = computed(() => phaseLabel(this.jobs().status.phase));

  protected readonly stateOf = jobState;
  protected readonly progressOf = jobProgress;
  protected readonly conditionsOf = conditionSummary;
  protected ageOf(job: Job): string {
    return age(job.metadata?.creationTimestamp, this.now());
  }

  protected setNamespace(value: string): void {
    this.namespace.set(value);
    this.syncUrl();
  }

  protected setCluster(value: string): void {
    this.cluster.set(value);
    this.syncUrl();
  }

  /** Keeps the filters in the URL, so going back from a Job returns to the same list. */
  private syncUrl(): void {
    void this.router.navigate([], {
      queryParams: { namespace: this.namespace(), cluster: this.cluster() || null },
      replaceUrl: true,
    });
  }
}
