// The Angular console (apps/angular-console), built by the Angular CLI
// (AOT), served from its dist by a tiny node:http server that proxies the API
// to an in-process fake apiserver, driven in Chromium. Every change is made
// in the fake's model; the page must follow it without a reload.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { resources, type FakeApiServer, type FakeCluster } from '@rxkube/testing';
import type { AppServer } from './appServer.ts';
import { startAngularStack, type AngularStack } from './angularStack.ts';
import { repoRoot } from './buildApp.ts';

const SCREENSHOTS = join(repoRoot, 'test-output/screenshots');
const LIVE = { timeout: 15_000, interval: 100 };

let stack: AngularStack | undefined;
let api: FakeApiServer;

/** Whether a watch on `path` with `fieldSelector` is open at the fake now. */
const openWatch = (path: string, fieldSelector: string) => () =>
  api.requests.all({ watch: true, open: true }).some((r) => r.path.includes(path) && r.query.fieldSelector === fieldSelector);

/** The open watches of the Job page about pi: the Job, its events, its pods. */
const aboutPi = () =>
  api.requests
    .all({ watch: true, open: true })
    .filter((r) => r.query.fieldSelector === 'metadata.name=pi' || r.query.fieldSelector === 'regarding.name=pi' || r.query.labelSelector === 'job-name=pi');
let app: AppServer;
let browser: Browser;
let cluster: FakeCluster;

beforeAll(async () => {
  stack = await startAngularStack({ clusters: ['global', 'calico3'], seed: 7 });
  ({ api, app, browser } = stack);
  cluster = api.clusters.global;
});

afterAll(async () => {
  await stack?.close();
});

interface JobStatus {
  active?: number;
  ready?: number;
  succeeded?: number;
  failed?: number;
  startTime?: string;
  completionTime?: string;
  conditions?: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[];
}

function createJob(namespace: string, name: string, completions: number): { uid: string } {
  const job = cluster.create<{ metadata: { uid: string } }>(resources.Jobs, {
    metadata: { name, namespace, labels: { app: 'e2e' } },
    spec: {
      completions,
      parallelism: 1,
      backoffLimit: 2,
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 1'] }] } },
    },
  });
  return { uid: job.metadata.uid };
}

function setJobStatus(namespace: string, name: string, status: JobStatus): void {
  const job = cluster.get<Record<string, unknown>>(resources.Jobs, { namespace, name });
  cluster.updateStatus(resources.Jobs, { ...job, status });
}

let eventCount = 0;
function recordEvent(namespace: string, regarding: { name: string; uid: string }, reason: string, note: string, type = 'Normal'): void {
  const at = new Date(Date.now() + eventCount++).toISOString(); // strictly increasing: newest first is well defined
  cluster.create(resources.Events, {
    metadata: { name: `${regarding.name}.${(1_000 + eventCount).toString(16)}`, namespace },
    eventTime: at.replace('Z', '000Z'),
    reportingController: 'job-controller',
    reportingInstance: 'job-controller',
    action: reason,
    reason,
    note,
    type,
    regarding: { kind: 'Job', apiVersion: 'batch/v1', namespace, name: regarding.name, uid: regarding.uid },
  });
}

async function openPage(path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
  });
  await page.goto(`${app.url}${path}`);
  // A marker that a reload would erase.
  await page.evaluate(() => Object.assign(window, { rxkubeSameDocument: true }));
  return { page, problems };
}

const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { rxkubeSameDocument?: boolean }).rxkubeSameDocument === true);
const text = (page: Page, testId: string) => page.getByTestId(testId).first().textContent().then((t) => t?.trim() ?? null);
const rows = (page: Page, testId: string, attribute: string) =>
  page.getByTestId(testId).evaluateAll((elements, attr) => elements.map((e) => e.getAttribute(attr)), attribute);

describe('angular console', () => {
  it('lists Jobs live, opens one and follows its status, conditions, progress and events without a reload', async () => {
    const started = new Date().toISOString();
    const pi = createJob('default', 'pi', 2);
    createJob('kube-system', 'other-ns', 1);
    const other = createJob('default', 'other', 1);
    setJobStatus('default', 'pi', { active: 1, ready: 0, succeeded: 0, failed: 0, startTime: started });
    recordEvent('default', { name: 'pi', uid: pi.uid }, 'SuccessfulCreate', 'Created pod: pi-abcde');
    recordEvent('default', { name: 'other', uid: other.uid }, 'SuccessfulCreate', 'Created pod: other-zzzzz');

    const { page, problems } = await openPage('/');

    // The list: namespace "default" by default, live.
    await expect.poll(() => rows(page, 'job-row', 'data-job-name'), LIVE).toEqual(['other', 'pi']);
    createJob('default', 'later', 1);
    await expect.poll(() => rows(page, 'job-row', 'data-job-name'), LIVE).toEqual(['later', 'other', 'pi']);
    await page.getByTestId('namespace-input').fill('kube-system');
    await expect.poll(() => rows(page, 'job-row', 'data-job-name'), LIVE).toEqual(['other-ns']);
    await page.getByTestId('namespace-input').fill('default');
    await expect.poll(() => rows(page, 'job-row', 'data-job-name'), LIVE).toEqual(['later', 'other', 'pi']);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'angular-console-jobs.png'), fullPage: true, animations: 'disabled' });

    // Into the Job page by a router link: same document.
    await page.locator('[data-testid="job-row"][data-job-name="pi"] [data-testid="job-link"]').click();
    await page.waitForURL(/\/jobs\/default\/pi(\?|$)/);
    await expect.poll(() => text(page, 'job-name'), LIVE).toBe('pi');
    await expect.poll(() => text(page, 'job-state'), LIVE).toBe('Running');
    expect(await text(page, 'job-active')).toBe('1');
    expect(await text(page, 'job-succeeded')).toBe('0');
    expect(await text(page, 'job-completions')).toBe('2');
    expect(await page.getByTestId('job-progress').getAttribute('aria-valuenow')).toBe('0');
    expect(await page.getByTestId('job-conditions-empty').count()).toBe(1);
    // Only pi's events: the field selector regarding.name=pi.
    await expect.poll(() => rows(page, 'job-event', 'data-event-reason'), LIVE).toEqual(['SuccessfulCreate']);
    expect(await text(page, 'job-event-note')).toBe('Created pod: pi-abcde');

    // One of two completions.
    const pod = cluster.create<Record<string, unknown>>(resources.Pods, {
      metadata: { name: 'pi-abcde', namespace: 'default', labels: { 'job-name': 'pi' } },
      spec: { containers: [{ name: 'main', image: 'busybox:1.36' }], restartPolicy: 'Never', nodeName: 'node-1' },
    });
    cluster.updateStatus(resources.Pods, { ...pod, status: { phase: 'Succeeded' } });
    setJobStatus('default', 'pi', { active: 1, ready: 1, succeeded: 1, failed: 0, startTime: started });
    recordEvent('default', { name: 'pi', uid: pi.uid }, 'SuccessfulCreate', 'Created pod: pi-fghij');
    await expect.poll(() => text(page, 'job-succeeded'), LIVE).toBe('1');
    await expect.poll(() => page.getByTestId('job-progress').getAttribute('aria-valuenow'), LIVE).toBe('50');
    await expect.poll(() => text(page, 'job-progress-label'), LIVE).toBe('1/2 completions · 50%');
    await expect.poll(() => rows(page, 'job-pod', 'data-pod-name'), LIVE).toEqual(['pi-abcde']);
    await expect.poll(() => rows(page, 'job-pod', 'data-pod-phase'), LIVE).toEqual(['Succeeded']);
    await expect.poll(() => rows(page, 'job-event', 'data-event-reason'), LIVE).toEqual(['SuccessfulCreate', 'SuccessfulCreate']);

    // Complete.
    const done = new Date().toISOString();
    setJobStatus('default', 'pi', {
      active: 0,
      ready: 0,
      succeeded: 2,
      failed: 0,
      startTime: started,
      completionTime: done,
      conditions: [
        { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastTransitionTime: done },
        { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastTransitionTime: done },
      ],
    });
    recordEvent('default', { name: 'pi', uid: pi.uid }, 'Completed', 'Job completed');
    await expect.poll(() => text(page, 'job-state'), LIVE).toBe('Complete');
    expect(await text(page, 'job-succeeded')).toBe('2');
    expect(await text(page, 'job-active')).toBe('0');
    expect(await page.getByTestId('job-progress').getAttribute('aria-valuenow')).toBe('100');
    expect(await rows(page, 'job-condition', 'data-condition-type')).toEqual(['SuccessCriteriaMet', 'Complete']);
    expect(await page.locator('[data-testid="job-condition"][data-condition-type="Complete"]').getAttribute('data-condition-status')).toBe('True');
    await expect.poll(() => rows(page, 'job-event', 'data-event-reason'), LIVE).toEqual(['Completed', 'SuccessfulCreate', 'SuccessfulCreate']);
    expect(await text(page, 'job-phase')).toBe('live');

    const sameDocumentBefore = await sameDocument(page);
    // The page reached the fake through the proxy as streamed watches. The Job itself was first read from the
    // Job list's query (still open for its grace period); once that closed, the Job got a watch of its own.
    await expect.poll(openWatch('/apis/batch/v1/namespaces/default/jobs', 'metadata.name=pi'), LIVE).toBe(true);
    expect(openWatch('/apis/events.k8s.io/v1/namespaces/default/events', 'regarding.name=pi')()).toBe(true);

    // The header's connection panel: the Job, its events, its pods and the pod whose log the page follows; the list's queries closed after the grace period.
    await expect.poll(() => text(page, 'connections'), LIVE).toMatch(/^4 queries open · \d+ events$/);
    await page.screenshot({ path: join(SCREENSHOTS, 'angular-console-job.png'), fullPage: true, animations: 'disabled' });

    // Back to the list by its router link: the list shows pi complete, and the Job
    // page's three watches close once the client's grace period (2 s) is over.
    await page.getByTestId('back-to-list').click();
    await page.waitForURL((url) => url.pathname === '/');
    await expect.poll(() => rows(page, 'job-row', 'data-job-name'), LIVE).toEqual(['later', 'other', 'pi']);
    expect(await page.locator('[data-testid="job-row"][data-job-name="pi"] [data-testid="job-row-state"]').textContent()).toBe('Complete');
    await expect.poll(() => aboutPi().length, LIVE).toBe(0);

    // A namespace that is not a DNS-1123 label is refused (400 Invalid) before any request.
    await page.getByTestId('namespace-input').fill('Not_A_Namespace');
    await expect.poll(() => page.getByTestId('job-list-error').count(), LIVE).toBe(1);
    expect(await text(page, 'job-list-error')).toMatch(/^Cannot list Jobs: /);
    expect(sameDocumentBefore).toBe(true);
    expect(await sameDocument(page)).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('opens a deep link to a Job that does not exist yet, shows it when created and again gone when deleted', async () => {
    const { page, problems } = await openPage('/jobs/default/late-comer');
    await expect.poll(() => page.getByTestId('job-not-found').count(), LIVE).toBe(1);
    expect(await text(page, 'job-name')).toBe('late-comer');

    const job = createJob('default', 'late-comer', 1);
    setJobStatus('default', 'late-comer', { active: 1, succeeded: 0, failed: 0 });
    recordEvent('default', { name: 'late-comer', uid: job.uid }, 'SuccessfulCreate', 'Created pod: late-comer-aaaaa');
    await expect.poll(() => text(page, 'job-state'), LIVE).toBe('Running');
    await expect.poll(() => rows(page, 'job-event', 'data-event-reason'), LIVE).toEqual(['SuccessfulCreate']);

    setJobStatus('default', 'late-comer', {
      active: 0,
      succeeded: 0,
      failed: 3,
      conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }],
    });
    await expect.poll(() => text(page, 'job-state'), LIVE).toBe('Failed');
    expect(await text(page, 'job-failed')).toBe('3');

    cluster.delete(resources.Jobs, { namespace: 'default', name: 'late-comer' });
    await expect.poll(() => page.getByTestId('job-not-found').count(), LIVE).toBe(1);
    expect(await sameDocument(page)).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });
});
