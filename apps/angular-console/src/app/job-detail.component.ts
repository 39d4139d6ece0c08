import { ChangeDetectionStrategy, Component, computed, input, type Signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { injectWatchResource, injectWatchResourceList } from '@rxkube/angular';
import { Events, Jobs, Pods, type QuerySnapshot } from '@rxkube/core';
import { age, clusterParam, eventTime, jobProgress, jobState, newestPod, phaseLabel, sortEvents, timestamp, type Job, type JobEvent, type Pod } from './jobs.js';
import { JobSuspendComponent } from './job-suspend.component.js';
import { JobPodLogsComponent } from './job-pod-logs.component.js';
import { injectNow } from './now.js';

/**
 * One Job, live: its counts, progress, conditions, pods and events.k8s.io/v1
 * Events. Three queries, each a signal; the page re-renders only when one of
 * their snapshots changes.
 */
@Component({
  selector: 'app-job-detail',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, JobSuspendComponent, JobPodLogsComponent],
  template: `
    <nav class="crumbs">
      <a data-testid="back-to-list" routerLink="/" [queryParams]="{ namespace: namespace(), cluster: cluster() || null }">← Jobs in {{ namespace() }}</a>
    </nav>
    <section class="card" data-testid="job-detail">
      <div class="card-head">
        <h1>
          <span class="kind">Job</span>
          <span data-testid="job-name">{{ name() }}</span>
        </h1>
        <span class="muted" data-testid="job-namespace">{{ namespace() }}</span>
        @if (cluster()) { <span class="muted" data-testid="job-cluster">@ {{ cluster() }}</span> }
        <span class="spacer"></span>
        <span class="pill" [class]="'phase-' + job().status.phase" data-testid="job-phase" [attr.title]="job().error?.message ?? null">{{ jobPhase() }}</span>
      </div>

      @let snapshot = job();
      @if (snapshot.data === undefined && snapshot.status.phase === 'error') {
        <p class="notice error" data-testid="job-error">Cannot read Job {{ namespace() }}/{{ name() }}: {{ snapshot.error?.message }}</p>
      } @else if (snapshot.data === undefined) {
        <p class="notice" data-testid="job-loading">Loading…</p>
      } @else if (snapshot.data === null) {
        <p class="notice" data-testid="job-not-found">Job {{ namespace() }}/{{ name() }} does not exist: not created yet, or deleted. This page shows it as soon as it does.</p>
      } @else {
        @let j = snapshot.data;
        @let p = progress()!;
        <div class="summary">
          <span class="state big" [class]="'state-' + state()" data-testid="job-state">{{ state() }}</span>
          <app-job-suspend [job]="snapshot" [cluster]="cluster()" />
          <div class="progress-wrap">
            <div class="progress" role="progressbar" data-testid="job-progress" aria-label="Completions"
                 aria-valuemin="0" aria-valuemax="100" [attr.aria-valuenow]="p.percent" [class]="'progress-' + state()">
              <div class="progress-fill" [style.width.%]="p.percent"></div>
            </div>
            <span data-testid="job-progress-label">{{ p.label }} · {{ p.percent }}%</span>
          </div>
        </div>

        <dl class="counts">
          <div><dt>Active</dt><dd data-testid="job-active">{{ j.status?.active ?? 0 }}</dd></div>
          <div><dt>Ready</dt><dd data-testid="job-ready">{{ j.status?.ready ?? 0 }}</dd></div>
          <div><dt>Succeeded</dt><dd data-testid="job-succeeded">{{ j.status?.succeeded ?? 0 }}</dd></div>
          <div><dt>Failed</dt><dd data-testid="job-failed">{{ j.status?.failed ?? 0 }}</dd></div>
          <div><dt>Completions</dt><dd data-testid="job-completions">{{ j.spec?.completions ?? '—' }}</dd></div>
          <div><dt>Parallelism</dt><dd data-testid="job-parallelism">{{ j.spec?.parallelism ?? 1 }}</dd></div>
          <div><dt>Started</dt><dd data-testid="job-start-time">{{ time(j.status?.startTime) }}</dd></div>
          <div><dt>Completed</dt><dd data-testid="job-completion-time">{{ time(j.status?.completionTime) }}</dd></div>
          <div><dt>Resource version</dt><dd data-testid="job-resource-version">{{ j.metadata?.resourceVersion }}</dd></div>
        </dl>

        <h2>Conditions</h2>
        @let conditions = j.status?.conditions ?? [];
        @if (conditions.length === 0) {
          <p class="muted" data-testid="job-conditions-empty">No conditions yet.</p>
        } @else {
          <table class="grid" data-testid="job-conditions">
            <thead><tr><th>Type</th><th>Status</th><th>Reason</th><th>Message</th><th>Last transition</th></tr></thead>
            <tbody>
              @for (c of conditions; track c.type) {
                <tr data-testid="job-condition" [attr.data-condition-type]="c.type" [attr.data-condition-status]="c.status">
                  <td>{{ c.type }}</td><td>{{ c.status }}</td><td>{{ c.reason }}</td><td>{{ c.message }}</td><td>{{ time(c.lastTransitionTime) }}</td>
                </tr>
              }
            </tbody>
          </table>
        }
      }
    </section>

    @if (job().data) {
      <section class="card" data-testid="job-pods">
        <div class="card-head">
          <h2>Pods</h2>
          <span class="pill" [class]="'phase-' + pods().status.phase">{{ podsPhase() }}</span>
        </div>
        @let podList = pods().data;
        @if (podList === undefined) {
          <p class="muted">Loading…</p>
        } @else if (podList.length === 0) {
          <p class="muted" data-testid="job-pods-empty">No pods.</p>
        } @else {
          <table class="grid">
            <thead><tr><th>Name</th><th>Phase</th><th>Node</th><th>Restarts</th><th>Age</th></tr></thead>
            <tbody>
              @for (pod of podList; track pod.metadata?.uid ?? pod.metadata?.name) {
                <tr data-testid="job-pod" [attr.data-pod-name]="pod.metadata?.name" [attr.data-pod-phase]="pod.status?.phase ?? 'Pending'">
                  <td>{{ pod.metadata?.name }}</td>
                  <td><span class="state" [class]="'state-' + (pod.status?.phase ?? 'Pending')">{{ pod.status?.phase ?? 'Pending' }}</span></td>
                  <td>{{ pod.spec?.nodeName ?? '—' }}</td>
                  <td>{{ pod.status?.containerStatuses?.[0]?.restartCount ?? 0 }}</td>
                  <td>{{ ageOf(pod.metadata?.creationTimestamp) }}</td>
                </tr>
              }
            </tbody>
          </table>
        }
      </section>
    }

    @if (logPod(); as pod) {
      <app-job-pod-logs [cluster]="cluster()" [namespace]="namespace()" [pod]="pod" />
    }

    <section class="card" data-testid="job-events">
      <div class="card-head">
        <h2>Events</h2>
        <span class="pill" [class]="'phase-' + events().status.phase" data-testid="job-events-phase">{{ eventsPhase() }}</span>
      </div>
      @let eventList = sortedEvents();
      @if (events().status.phase === 'error') {
        <p class="notice error" data-testid="job-events-error">Cannot list events: {{ events().error?.message }}</p>
      } @else if (eventList === undefined) {
        <p class="muted">Loading…</p>
      } @else if (eventList.length === 0) {
        <p class="muted" data-testid="job-events-empty">No events.</p>
      } @else {
        <table class="grid">
          <thead><tr><th>Type</th><th>Reason</th><th>Note</th><th>From</th><th>Age</th></tr></thead>
          <tbody>
            @for (e of eventList; track e.metadata?.uid ?? e.metadata?.name) {
              <tr data-testid="job-event" [attr.data-event-reason]="e.reason" [class.warning]="e.type === 'Warning'">
                <td>{{ e.type }}</td>
                <td data-testid="job-event-reason">{{ e.reason }}</td>
                <td data-testid="job-event-note">{{ e.note }}</td>
                <td>{{ e.reportingController }}</td>
                <td>{{ eventAge(e) }}</td>
              </tr>
            }
          </tbody>
        </table>
      }
    </section>
  `,
})
export class JobDetailComponent {
  private readonly now = injectNow();

  /** Route params `:namespace/:name` and `?cluster=` (router input binding). */
  readonly namespace = input.required<string>();
  readonly name = input.required<string>();
  readonly cluster = input<string | undefined>(undefined);

  private readonly where = computed(() => ({ ...clusterParam(this.cluster()), namespace: this.namespace() }));

  protected readonly job: Signal<QuerySnapshot<Job | null>> = injectWatchResource(computed(() => ({ resource: Jobs, ...this.where(), name: this.name() })));
  protected readonly events: Signal<QuerySnapshot<readonly JobEvent[]>> = injectWatchResourceList(computed(() => ({ resource: Events, ...this.where(), fieldSelector: `regarding.name=${this.name()}` })));
  protected readonly pods: Signal<QuerySnapshot<readonly Pod[]>> = injectWatchResourceList(computed(() => ({ resource: Pods, ...this.where(), labelSelector: { 'job-name': this.name() } })));

  /** The Job's newest pod: the one whose log the page shows. */
  protected readonly logPod = computed(() => newestPod(this.pods().data ?? [])?.metadata?.name);

  protected readonly state = computed(() => {
    const job = this.job().data;
    return job ? jobState(job) : undefined;
  });
  protected readonly progress = computed(() => {
    const job = this.job().data;
    return job ? jobProgress(job) : undefined;
  });
  protected readonly sortedEvents: Signal<JobEvent[] | undefined> = computed(() => {
    const list = this.events().data;
    return list && sortEvents(list);
  });
  protected readonly jobPhase = computed(() => phaseLabel(this.job().status.phase));
  protected readonly eventsPhase = computed(() => phaseLabel(this.events().status.phase));
  protected readonly podsPhase = computed(() => phaseLabel(this.pods().status.phase));

  protected readonly time = timestamp;

  protected ageOf(time: string | undefined): string {
    return age(time, this.now());
  }
  protected eventAge(event: JobEvent): string {
    return age(eventTime(event), this.now());
  }
}
