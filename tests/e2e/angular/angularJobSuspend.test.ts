// The Angular console's Job page suspends and resumes a Job with
// client.mutate: the edit shows before the server answers (the PATCH held by
// the fake's `delay` fault), and a refused one (500) rolls back with the
// reason, never showing the edit again. Built by the Angular CLI (AOT) and
// served from its dist, as in angularConsole.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { resources, type FakeApiServer, type FakeCluster } from '@rxkube/testing';
import { waitForText } from '../support/waitForText.ts';
import type { AppServer } from './appServer.ts';
import { startAngularStack, type AngularStack } from './angularStack.ts';

let stack: AngularStack | undefined;
let api: FakeApiServer;
let app: AppServer;
let browser: Browser;
let cluster: FakeCluster;

beforeAll(async () => {
  stack = await startAngularStack({ clusters: ['global', 'calico3'], seed: 15 });
  ({ api, app, browser } = stack);
  cluster = api.clusters.global;
});

afterAll(async () => {
  await stack?.close();
});

/** A Job with one active pod: the page reads Running. */
function runningJob(name: string): void {
  cluster.create(resources.Jobs, {
    metadata: { name, namespace: 'default', labels: { app: 'e2e' } },
    spec: { completions: 2, parallelism: 1, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36' }] } } },
  });
  const job = cluster.get<Record<string, unknown>>(resources.Jobs, { namespace: 'default', name });
  cluster.updateStatus(resources.Jobs, { ...job, status: { active: 1, ready: 1, succeeded: 0, failed: 0 } });
}

const serverSuspend = (name: string) => cluster.get<{ spec: { suspend?: boolean } }>(resources.Jobs, { namespace: 'default', name }).spec.suspend ?? false;

describe('angular console: suspend and resume', () => {
  it('shows Suspended before the server answers, confirms it, and rolls a failed Resume back', async () => {
    runningJob('sleepy');
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    const byId = (id: string) => page.getByTestId(id);
    try {
      await page.goto(`${app.url}/jobs/default/sleepy`);
      await waitForText(byId('job-state'), 'Running');

      api.faults.inject({ kind: 'delay', ms: 2_000 }, { verb: 'patch', resource: 'jobs' });
      await byId('job-suspend').click();
      await waitForText(byId('job-state'), 'Suspended');
      await byId('write-saving').waitFor();
      expect(serverSuspend('sleepy')).toBe(false);
      await byId('write-saving').waitFor({ state: 'detached' });
      expect(serverSuspend('sleepy')).toBe(true);
      await waitForText(byId('job-suspend'), 'Resume');
      await waitForText(byId('job-state'), 'Suspended');

      // From here, every state and error the page shows, in order.
      await page.evaluate(() => {
        const seen: Array<{ state: string; error: string }> = [];
        Object.assign(window, { shownValues: seen });
        const record = () => {
          const [state = '', error = ''] = ['job-state', 'write-error'].map((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim());
          const last = seen.at(-1);
          if (last?.state !== state || last.error !== error) seen.push({ state, error });
        };
        record();
        new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      api.faults.inject({ kind: 'serverError', message: 'etcdserver: leader changed' }, { verb: 'patch', resource: 'jobs' });
      await byId('job-suspend').click();
      await byId('write-error').waitFor();
      expect(await byId('write-error').textContent()).toContain('etcdserver: leader changed');
      // A later change, shown: everything shown up to here is recorded.
      const job = cluster.get<Record<string, unknown>>(resources.Jobs, { namespace: 'default', name: 'sleepy' });
      cluster.updateStatus(resources.Jobs, { ...job, status: { active: 1, ready: 1, succeeded: 1, failed: 0 } });
      await waitForText(byId('job-succeeded'), '1');
      const shown = await page.evaluate(() => [...(window as unknown as { shownValues: Array<{ state: string; error: string }> }).shownValues]);
      expect(shown.map((s) => s.state).filter((state, i, all) => state !== all[i - 1])).toEqual(['Suspended', 'Running', 'Suspended']);
      // From the moment the error shows, never the edit: not beside the error, not after it.
      const errorAt = shown.findIndex((v) => v.error !== '');
      expect(errorAt).toBeGreaterThan(0);
      expect(shown.slice(errorAt).filter((v) => v.state === 'Running')).toEqual([]);
      expect(serverSuspend('sleepy')).toBe(true);
      await waitForText(byId('job-suspend'), 'Resume');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
