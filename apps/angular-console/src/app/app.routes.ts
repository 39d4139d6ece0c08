import type { Routes } from '@angular/router';
import { JobDetailComponent } from './job-detail.component.js';
import { JobListComponent } from './job-list.component.js';

export const routes: Routes = [
  { path: '', component: JobListComponent, title: 'Jobs · rxkube' },
  { path: 'jobs/:namespace/:name', component: JobDetailComponent, title: (route) => `Job ${route.paramMap.get('name') ?? ''} · rxkube` },
  { path: '**', redirectTo: '' },
];
