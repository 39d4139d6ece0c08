import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, afterRenderEffect, computed, effect, inject, input, signal, viewChild } from '@angular/core';
import { injectKubeClient } from '@rxkube/angular';
import type { LogLine, LogStatus } from '@rxkube/core';
import type { Subscription } from 'rxjs';
import { ansiSegments, type AnsiSegment } from '../../../shared/src/ansi.js';
import { logClock } from '../../../shared/src/logClock.js';

/** Lines the page keeps of a Job pod's log; core drops the oldest first. */
const MAX_LINES = 2_000;

/**
 * The log of a Job's pod, live (core's watchLogs): the newest line stays in
 * view while following; ANSI colours rendered with the rule both consoles
 * share. A new pod (the Job retried) or container starts a new follow.
 */
@Component({
  selector: 'app-job-pod-logs',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card" data-testid="job-pod-logs">
      <div class="card-head">
        <h2>Logs <span class="muted" data-testid="job-log-pod">{{ pod() }}</span></h2>
        <span class="spacer"></span>
        <span class="pill" data-testid="job-log-status" [attr.data-phase]="phase()" [attr.title]="status()?.notice?.message ?? status()?.error?.message ?? null">{{ phase() }}</span>
        <label class="muted"><input type="checkbox" data-testid="job-log-follow" [checked]="following()" (change)="following.set(!following())" /> follow</label>
      </div>
      @if (error()) {
        <p class="notice error" data-testid="job-log-error">{{ error() }}</p>
      }
      <div class="log-box" #box data-testid="job-log-box" style="max-height: 360px; overflow: auto; background: #10151f; color: #d8dee9; font: 12px/18px monospace; padding: 6px 8px; border-radius: 6px">
        @for (line of lines(); track $index) {
          <div data-testid="job-log-line" [attr.data-time]="line.time" style="white-space: pre"><span style="color: #7b8496">{{ clock(line.time) }} </span>@for (s of segments(line); track $index) {<span [class]="classOf(s)">{{ s.text }}</span>}</div>
        }
      </div>
    </section>
  `,
  styles: `
    .ansi-red { color: #e06c75; } .ansi-green { color: #98c379; } .ansi-yellow { color: #e5c07b; } .ansi-blue { color: #61afef; }
    .ansi-magenta { color: #c678dd; } .ansi-cyan { color: #56b6c2; } .ansi-bold { font-weight: bold; }
  `,
})
export class JobPodLogsComponent {
  readonly cluster = input<string | undefined>(undefined);
  readonly namespace = input.required<string>();
  readonly pod = input.required<string>();

  private readonly client = injectKubeClient();
  protected readonly lines = signal<readonly LogLine[]>([]);
  protected readonly status = signal<LogStatus | undefined>(undefined);
  protected readonly error = signal<string | undefined>(undefined);
  protected readonly following = signal(true);
  protected readonly phase = computed(() => (this.error() ? 'error' : (this.status()?.phase ?? 'loading')));
  private readonly box = viewChild<ElementRef<HTMLElement>>('box');

  constructor() {
    let subscription: Subscription | undefined;
    effect(() => {
      const params = { cluster: this.cluster(), namespace: this.namespace(), name: this.pod(), tailLines: 500, maxLines: MAX_LINES };
      subscription?.unsubscribe();
      this.lines.set([]);
      this.status.set(undefined);
      this.error.set(undefined);
      subscription = this.client.watchLogs(params).subscribe({
        next: (update) => {
          if (update.added.length > 0) this.lines.set(update.lines.slice());
          this.status.set(update.status);
        },
        error: (error: Error) => this.error.set(error.message),
      });
    });
    inject(DestroyRef).onDestroy(() => subscription?.unsubscribe());
    afterRenderEffect(() => {
      this.lines();
      const box = this.box()?.nativeElement;
      if (box && this.following()) box.scrollTop = box.scrollHeight;
    });
  }

  protected readonly clock = logClock;

  protected segments(line: LogLine): AnsiSegment[] {
    return ansiSegments(line.text);
  }

  protected classOf(segment: AnsiSegment): string {
    return [segment.fg && `ansi-${segment.fg.replace('bright-', '')}`, segment.bold && 'ansi-bold'].filter(Boolean).join(' ');
  }
}
