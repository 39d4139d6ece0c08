// The Angular console's Job page shows the log of the Job's pod, live, in
// Chromium: the lines the fake wrote (colours rendered), then each new one,
// the newest in view. Built and served as in angularConsole.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { podObject, resources, writePodLog, type FakeApiServer } from '@rxkube/testing';
import type { AppServer } from './appServer.ts';
import { startAngularStack, type AngularStack } from './angularStack.ts';

let stack: AngularStack | undefined;
let api: FakeApiServer;
let app: AppServer;
let browser: Browser;

beforeAll(async () => {
  stack = await startAngularStack({ seed: 19 });
  ({ api, app, browser } = stack);
});
afterAll(async () => {
  await stack?.close();
});

describe('the Angular Job page', () => {
  it('shows the log of the Job\'s pod, live, with the newest line in view', async () => {
    const cluster = api.clusters.global;
    cluster.create(resources.Jobs, {
      metadata: { name: 'report', namespace: 'default' },
      spec: { completions: 1, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36' }] } } },
    });
    const pod = podObject('default', 'report-x7k2p', { main: 'running' });
    cluster.create(resources.Pods, { ...pod, metadata: { ...pod.metadata, labels: { 'job-name': 'report' } } });
    const write = (text: string) => writePodLog(cluster, { namespace: 'default', pod: 'report-x7k2p' }, text);
    const written = Array.from({ length: 60 }, (_, i) => write(i === 0 ? '\u001b[32mstarting\u001b[0m' : `step ${i}`)).flat();

    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${app.url}/jobs/default/report`);
    await page.getByTestId('job-log-pod').filter({ hasText: 'report-x7k2p' }).waitFor();
    const shown = () => page.getByTestId('job-log-line').evaluateAll((rows) => rows.map((row) => `${row.getAttribute('data-time')} ${row.textContent!.slice(13)}`));
    await expect.poll(shown, { timeout: 15_000 }).toEqual(written.map((line) => line.replace('\u001b[32mstarting\u001b[0m', 'starting')));
    expect(await page.locator('[data-testid="job-log-line"] .ansi-green').first().textContent()).toBe('starting');

    written.push(...write('finished'));
    await page.getByTestId('job-log-line').filter({ hasText: 'finished' }).waitFor();
    const inView = await page.getByTestId('job-log-box').evaluate((box) => box.scrollTop + box.clientHeight >= box.scrollHeight - 1);
    expect(inView).toBe(true);
    expect(await page.getByTestId('job-log-status').getAttribute('data-phase')).toBe('streaming');
    expect(problems).toEqual([]);
  });
});
