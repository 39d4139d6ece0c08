// The Job detail page: a Job that runs to Complete without a reload, its
// events, one shared connection for the components that show the Job, a
// screenshot, and a Job created from the form arriving through the watch.
// Each test opens a fresh page on a Job of its own.
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resources } from '@rxkube/testing';
import { startStack, type Stack } from './support/stack.ts';
import { waitForText } from './support/waitForText.ts';
import { completeCondition, createJob, createNamespace, recordJobEvent, setJobStatus } from './support/objects.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

describe('job detail', () => {
  let stack: Stack;
  const byId = (id: string) => stack.page.getByTestId(id);

  beforeAll(async () => {
    stack = await startStack({ seed: 11 });
    createNamespace(stack.fake.clusters.global, 'testhl');
    createJob(stack.fake.clusters.global, 'testhl', 'pi', 3);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('shows a Job progressing to Complete without a reload', async () => {
    const cluster = stack.fake.clusters.global;
    await stack.newPage();
    await stack.open('#/jobs/testhl/pi');
    await waitForText(byId('job-phase'), 'Pending');
    await waitForText(byId('job-progress-text'), '0 / 3 completions');
    // A page that reloaded would lose this.
    await stack.page.evaluate(() => Object.assign(window, { e2eMarker: 'still here' }));

    const started = new Date(Date.now() - 20_000).toISOString().replace(/\.\d+Z$/, 'Z');
    setJobStatus(cluster, 'testhl', 'pi', { startTime: started, active: 1, ready: 1, succeeded: 0, failed: 0 });
    recordJobEvent(cluster, 'testhl', 'pi', 'SuccessfulCreate', 'Created pod: pi-7x2kq', new Date(Date.now() - 19_000));
    await waitForText(byId('job-phase'), 'Running');
    await waitForText(byId('job-active'), '1');
    await stack.page.locator('[data-testid="job-event"][data-reason="SuccessfulCreate"]').waitFor();

    setJobStatus(cluster, 'testhl', 'pi', { startTime: started, active: 1, ready: 1, succeeded: 2, failed: 1 });
    recordJobEvent(cluster, 'testhl', 'pi', 'SuccessfulCreate', 'Created pod: pi-m4c9d', new Date(Date.now() - 12_000));
    await waitForText(byId('job-progress-text'), '2 / 3 completions');
    await waitForText(byId('job-succeeded'), '2');
    await waitForText(byId('job-failed'), '1');

    const done = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    setJobStatus(cluster, 'testhl', 'pi', { startTime: started, completionTime: done, active: 0, ready: 0, succeeded: 3, failed: 1, conditions: completeCondition(done) });
    recordJobEvent(cluster, 'testhl', 'pi', 'Completed', 'Job completed');
    await waitForText(byId('job-phase'), 'Complete');
    await waitForText(byId('job-progress-text'), '3 / 3 completions');
    await waitForText(byId('job-active'), '0');
    await stack.page.locator('[data-testid="job-condition"][data-type="Complete"]').waitFor();
    await stack.page.locator('[data-testid="job-event"][data-reason="Completed"]').waitFor();
    expect(await byId('job-event').count()).toBe(3);

    expect(await stack.page.evaluate(() => (window as unknown as { e2eMarker?: string }).e2eMarker)).toBe('still here');
    expect(stack.fake.requests.all({ resource: 'jobs', watch: true }).filter((r) => r.query.fieldSelector === 'metadata.name=pi')).toHaveLength(1);
  });

  it('shares one connection between the components that show the same Job', async () => {
    const cluster = stack.fake.clusters.global;
    createJob(cluster, 'testhl', 'shared', 2);
    await stack.newPage();
    await stack.open('#/jobs/testhl/shared');
    await byId('job-header').waitFor();
    await byId('job-progress').waitFor();
    await byId('job-conditions').waitFor();
    await waitForText(byId('job-progress-text'), '0 / 2 completions');
    // The later positive signal: a change that every component shows has come through the watch.
    setJobStatus(cluster, 'testhl', 'shared', { active: 1, succeeded: 1 });
    await waitForText(byId('job-progress-text'), '1 / 2 completions');
    await waitForText(byId('job-active'), '1');
    // One watch for the Job since the page opened (not merely one open now): no second connection, early or late.
    expect(stack.fake.requests.all({ resource: 'jobs', watch: true }).filter((r) => r.query.fieldSelector === 'metadata.name=shared')).toHaveLength(1);
    // The events have their own question: one more connection, not one per component.
    expect(stack.fake.requests.all({ resource: 'events', watch: true, open: true }).map((r) => r.query.fieldSelector)).toEqual(['regarding.name=shared']);

    // The client's own view: one query for the Job, shared by its subscribers.
    const row = stack.page.locator('[data-testid="connection-row"][data-resource="jobs"][data-field-selector="metadata.name=shared"]');
    await row.waitFor();
    await expect(row.count()).resolves.toBe(1);
    await waitForText(row.getByTestId('connection-transport'), 'stream');
  });

  it('saves a screenshot of the Job page', async () => {
    const cluster = stack.fake.clusters.global;
    createJob(cluster, 'testhl', 'pictured', 1);
    const done = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    setJobStatus(cluster, 'testhl', 'pictured', { completionTime: done, active: 0, ready: 0, succeeded: 1, failed: 0, conditions: completeCondition(done) });
    await stack.newPage();
    await stack.open('#/jobs/testhl/pictured');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await waitForText(byId('job-phase'), 'Complete');
    // The connection panel samples once a second: wait for it to show every query live.
    await stack.page.locator('[data-testid="connection-row"]').first().waitFor();
    await stack.page.locator('[data-testid="connection-row"]:not([data-phase="ready"])').first().waitFor({ state: 'detached' });
    const path = `${SCREENSHOTS}console-job.png`;
    await stack.page.screenshot({ path, fullPage: true });
    // The file on disk is a PNG as wide as the page (signature, then the IHDR width).
    const png = readFileSync(path);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBe(1440);
  });

  it('creates a Job from the form; it appears in the list through the watch', async () => {
    await stack.newPage();
    await stack.open('#/jobs?ns=testhl');
    await stack.page.locator('[data-testid="job-row"][data-name="pi"]').waitFor();
    await byId('create-job-name').fill('made-in-e2e');
    await byId('create-job-completions').fill('4');
    await byId('create-job-submit').click();
    await waitForText(byId('create-job-result'), 'Created job testhl/made-in-e2e');
    await stack.page.locator('[data-testid="job-row"][data-name="made-in-e2e"]').waitFor();
    const job = stack.fake.clusters.global.get<any>(resources.Jobs, { namespace: 'testhl', name: 'made-in-e2e' });
    expect(job.spec.completions).toBe(4);
    expect(stack.pageErrors).toEqual([]);
  });
});
