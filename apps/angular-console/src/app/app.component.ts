import { ChangeDetectionStrategy, Component, computed } from '@angular/core';
import { RouterLink, RouterOutlet } from '@angular/router';
import { injectKubeClient } from '@rxkube/angular';
import { injectNow } from './now.js';

@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink],
  template: `
    <header class="topbar">
      <a routerLink="/" class="brand" data-testid="app-title">rxkube <span>· Angular console</span></a>
      <span class="spacer"></span>
      <span class="connections" data-testid="connections" [attr.title]="connectionList()">
        {{ connections().open }} {{ connections().open === 1 ? 'query' : 'queries' }} open · {{ connections().events }} events
      </span>
    </header>
    <main class="page">
      <router-outlet />
    </main>
  `,
})
export class AppComponent {
  private readonly client = injectKubeClient();
  private readonly now = injectNow(500);

  /** The client's open queries (one connection each, shared by every page asking the same), sampled twice a second. */
  private readonly snapshot = computed(() => {
    this.now();
    return this.client.connections();
  });
  protected readonly connections = computed(() => ({ open: this.snapshot().length, events: this.snapshot().reduce((sum, c) => sum + c.events, 0) }));
  protected readonly connectionList = computed(() =>
    this.snapshot()
      .map((c) => `${c.cluster ?? 'global'} ${c.resource} ${c.namespace ?? '*'}${c.fieldSelector ? ` ${c.fieldSelector}` : ''}${c.labelSelector ? ` ${c.labelSelector}` : ''}: ${c.phase}`)
      .join('\n'),
  );
}
