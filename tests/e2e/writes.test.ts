// The console's writes (client.mutate and the write verbs through the cache),
// in Chromium against the fake apiserver: each edit shows before the server
// answers (the answer held back with the fake's `delay` fault), a 500 or a
// 403 rolls it back and never shows it again, a concurrent kubectl write is
// survived by rebasing the edit, and with the downgrade switch on the write
// shows without waiting for a poll. Each test makes objects of its own.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resources, type Fault, type RequestRecord } from '@rxkube/testing';
import { startStack, type Stack } from './support/stack.ts';
import { eventually } from '../support/until.ts';
import { waitForText } from './support/waitForText.ts';
import { createJob, createNamespace, createPod, setJobStatus } from './support/objects.ts';

const NS = 'writes';
const KUBECTL = '/usr/bin/kubectl';

/** What the Job page showed at one moment: its phase, and the write error ('' for none). */
interface Shown {
  phase: string;
  error: string;
}

/** The phases shown, each change once. */
const phases = (shown: Shown[]) => shown.map((s) => s.phase).filter((phase, i, all) => phase !== all[i - 1]);

describe('console writes', () => {
  let stack: Stack;
  let home: string;
  const byId = (id: string) => stack.page.getByTestId(id);
  const cluster = () => stack.fake.clusters.global;
  const serverJob = (name: string) => cluster().get<any>(resources.Jobs, { namespace: NS, name });

  beforeAll(async () => {
    // A referee that is missing fails, loudly (see packages/testing/src/referee/kubectl.test.ts).
    if (!existsSync(KUBECTL)) throw new Error(`kubectl is missing at ${KUBECTL}: this machine should have kubectl v1.32 (see TOOLCHAIN.md)`);
    home = mkdtempSync(join(tmpdir(), 'rxkube-writes-'));
    stack = await startStack({ seed: 15 });
    createNamespace(cluster(), NS);
  });
  afterAll(async () => {
    await stack?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  /** kubectl v1.32 against the fake, with no user configuration. */
  function kubectl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const all = ['--kubeconfig=/dev/null', `--server=${stack.fake.url}`, `--cache-dir=${join(home, 'cache')}`, ...args];
    return new Promise((resolve) => {
      execFile(KUBECTL, all, { timeout: 20_000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home } }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });
  }

  /** A Job with one active pod (the page reads Running), open on a fresh page. */
  async function runningJobPage(name: string): Promise<void> {
    createJob(cluster(), NS, name, 3);
    setJobStatus(cluster(), NS, name, { active: 1, ready: 1, succeeded: 0, failed: 0 });
    await stack.newPage();
    await stack.open(`#/jobs/${NS}/${name}`);
    await waitForText(byId('job-phase'), 'Running');
  }

  /**
   * Records, in the page, what the Job's phase badge and the write error show
   * together after every DOM commit (a MutationObserver sees each one), when
   * either changes: `Running`, `Suspended`, `Running | Not saved: …`.
   */
  async function recordShown(): Promise<() => Promise<Shown[]>> {
    await stack.page.evaluate(() => {
      const seen: Array<{ phase: string; error: string }> = [];
      Object.assign(window, { shownValues: seen });
      const record = () => {
        const [phase = '', error = ''] = ['job-phase', 'write-error'].map((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim());
        const last = seen.at(-1);
        if (last?.phase !== phase || last.error !== error) seen.push({ phase, error });
      };
      record();
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    return () => stack.page.evaluate(() => [...(window as unknown as { shownValues: Shown[] }).shownValues]);
  }

  /** The PATCH requests of one object, in the order they came. */
  const patches = (resource: string, name: string) => stack.fake.requests.all({ verb: 'patch', resource, name });

  it('shows Suspended before the server answers, then the confirmed Job', async () => {
    await runningJobPage('held');
    stack.fake.faults.inject({ kind: 'delay', ms: 3_000 }, { verb: 'patch', resource: 'jobs' });
    await byId('job-suspend').click();
    await waitForText(byId('job-phase'), 'Suspended');
    await byId('write-saving').waitFor();
    // The PATCH is still held at the fake, which has not changed the Job.
    expect(patches('jobs', 'held').map((r) => r.closedAt)).toEqual([undefined]);
    expect(serverJob('held').spec.suspend).toBe(false);
    // The answer comes; the page keeps showing the edit, now the server's.
    await byId('write-saving').waitFor({ state: 'detached' });
    expect(serverJob('held').spec.suspend).toBe(true);
    await waitForText(byId('job-phase'), 'Suspended');
    await waitForText(byId('job-suspend'), 'Resume');
    expect(await byId('job-header').getAttribute('data-resource-version')).toBe(serverJob('held').metadata.resourceVersion);

    // And back: Resume is shown at once too.
    stack.fake.faults.inject({ kind: 'delay', ms: 1_000 }, { verb: 'patch', resource: 'jobs' });
    await byId('job-suspend').click();
    await waitForText(byId('job-phase'), 'Running');
    expect(serverJob('held').spec.suspend).toBe(true);
    await byId('write-saving').waitFor({ state: 'detached' });
    expect(serverJob('held').spec.suspend).toBe(false);
    expect(stack.pageErrors).toEqual([]);
  });

  const failures: Array<[string, Fault, number]> = [
    ['500', { kind: 'serverError', message: 'etcdserver: request timed out' }, 500],
    ['403', { kind: 'forbidden', message: 'jobs.batch "denied" is forbidden: User "viewer" cannot patch resource "jobs"' }, 403],
  ];
  it.each(failures)('rolls back on a %s and never shows the edit after the error', async (_, fault, code) => {
    const name = `fails-${code}`;
    await runningJobPage(name);
    const shown = await recordShown();
    stack.fake.faults.inject(fault, { verb: 'patch', resource: 'jobs' });
    await byId('job-suspend').click();
    await byId('write-error').waitFor();
    expect(await byId('write-error').textContent()).toContain((fault as { message: string }).message);
    // A later change of the Job, shown: everything the page showed up to here is recorded.
    setJobStatus(cluster(), NS, name, { active: 2, ready: 2, succeeded: 0, failed: 0 });
    await waitForText(byId('job-active'), '2');
    const values = await shown();
    expect(phases(values)).toEqual(['Running', 'Suspended', 'Running']);
    // From the moment the error shows, never the edit: not beside the error, not after it.
    const errorAt = values.findIndex((v) => v.error !== '');
    expect(errorAt).toBeGreaterThan(0);
    expect(values.slice(errorAt).filter((v) => v.phase === 'Suspended')).toEqual([]);
    expect(patches('jobs', name).map((r) => r.status)).toEqual([code]);
    expect(serverJob(name).spec.suspend).toBe(false);
    await waitForText(byId('job-suspend'), 'Suspend');
    expect(stack.pageErrors).toEqual([]);
  });

  it('survives a concurrent kubectl patch by rebasing: the server ends with both changes', async () => {
    await runningJobPage('contested');
    const shown = await recordShown();
    // Long enough for kubectl to start, discover and patch while the console's PATCH is held.
    stack.fake.faults.inject({ kind: 'delay', ms: 6_000 }, { verb: 'patch', resource: 'jobs' });
    await byId('job-suspend').click();
    await waitForText(byId('job-phase'), 'Suspended');
    await eventually(() => expect(patches('jobs', 'contested').filter((r) => r.closedAt === undefined)).toHaveLength(1));
    const other = await kubectl(['patch', 'job', 'contested', '-n', NS, '--type=merge', '-p', '{"metadata":{"labels":{"owner":"kubectl"}}}']);
    expect(other).toMatchObject({ code: 0, stdout: 'job.batch/contested patched\n' });
    // kubectl's change came while the console's write was still held: it is a real conflict.
    const [held, kubectls] = patches('jobs', 'contested');
    expect(held!.closedAt).toBeUndefined();
    expect(kubectls!.status).toBe(200);

    await byId('write-saving').waitFor({ state: 'detached', timeout: 20_000 });
    const job = serverJob('contested');
    expect(job.spec.suspend).toBe(true);
    expect(job.metadata.labels.owner).toBe('kubectl');
    // The held PATCH failed its resourceVersion test (422); the rebased one passed.
    expect(patches('jobs', 'contested').map((r: RequestRecord) => r.status)).toEqual([422, 200, 200]);
    expect(await byId('job-header').getAttribute('data-resource-version')).toBe(job.metadata.resourceVersion);
    // The edit stayed on screen throughout, and no error was shown.
    expect(await shown()).toEqual([
      { phase: 'Running', error: '' },
      { phase: 'Suspended', error: '' },
    ]);
  });

  it('with the downgrade switch on, shows the write at once, not at the next poll', async () => {
    createJob(cluster(), NS, 'polled', 3);
    setJobStatus(cluster(), NS, 'polled', { active: 1, ready: 1, succeeded: 0, failed: 0 });
    await stack.newPage();
    await stack.open(`#/jobs/${NS}/polled`);
    await waitForText(byId('job-phase'), 'Running');
    await byId('downgrade-switch').check();
    await stack.page.locator('[data-testid="connection-row"][data-resource="jobs"][data-transport="poll"][data-phase="polling"]').waitFor();
    const jobReads = () => stack.fake.requests.all({ resource: 'jobs' }).filter((r) => r.verb === 'list' || r.verb === 'get' || r.verb === 'watch');
    // Click just after a poll has been answered, so that the next one is a poll interval (2 s) away.
    const answered = jobReads().filter((r) => r.closedAt !== undefined).length;
    await eventually(() => expect(jobReads().filter((r) => r.closedAt !== undefined).length).toBeGreaterThan(answered));

    const clickedAt = Date.now();
    await byId('job-suspend').click();
    await waitForText(byId('job-phase'), 'Suspended');
    // The server's answer is on screen (its resourceVersion), with no read of the Job in between.
    const version = await eventually(() => {
      const job = serverJob('polled');
      expect(job.spec.suspend).toBe(true);
      return job.metadata.resourceVersion as string;
    });
    await stack.page.locator(`[data-testid="job-header"][data-resource-version="${version}"]`).waitFor();
    await byId('write-saving').waitFor({ state: 'detached' });
    const shownAt = Date.now();
    expect(jobReads().filter((r) => r.openedAt >= clickedAt && r.openedAt <= shownAt)).toEqual([]);
    expect(stack.fake.requests.all({ watch: true, open: true })).toEqual([]);
  });

  it('scales a Deployment up and down, each shown at once and confirmed', async () => {
    cluster().create(resources.Deployments, {
      metadata: { name: 'shop', namespace: NS, labels: { app: 'shop' } },
      spec: { replicas: 2, selector: { matchLabels: { app: 'shop' } }, template: { metadata: { labels: { app: 'shop' } }, spec: { containers: [{ name: 'shop', image: 'shop:1' }] } } },
    });
    const serverReplicas = () => cluster().get<any>(resources.Deployments, { namespace: NS, name: 'shop' }).spec.replicas;
    await stack.newPage();
    await stack.open(`#/deployments?ns=${NS}`);
    const row = stack.page.locator('[data-testid="deployment-row"][data-name="shop"]');
    await waitForText(row.getByTestId('deployment-replicas'), '2');

    stack.fake.faults.inject({ kind: 'delay', ms: 1_500 }, { verb: 'patch', resource: 'deployments' });
    await row.getByTestId('scale-up').click();
    await waitForText(row.getByTestId('deployment-replicas'), '3');
    await row.getByTestId('write-saving').waitFor();
    expect(serverReplicas()).toBe(2);
    await row.getByTestId('write-saving').waitFor({ state: 'detached' });
    expect(serverReplicas()).toBe(3);

    // Two steps down while both PATCHes are held: the second is made on the same server version,
    // fails its test once the first is in, and is re-run on the newer version.
    stack.fake.faults.inject({ kind: 'delay', ms: 1_500 }, { verb: 'patch', resource: 'deployments', times: 2 });
    await row.getByTestId('scale-down').click();
    await waitForText(row.getByTestId('deployment-replicas'), '2');
    await row.getByTestId('scale-down').click();
    await waitForText(row.getByTestId('deployment-replicas'), '1');
    expect(serverReplicas()).toBe(3);
    await row.getByTestId('write-saving').waitFor({ state: 'detached' });
    expect(serverReplicas()).toBe(1);
    await waitForText(row.getByTestId('deployment-replicas'), '1');
    expect(stack.pageErrors).toEqual([]);
  });

  it("edits a pod's labels and deletes it, each shown at once and confirmed", async () => {
    createPod(cluster(), NS, 'labelled');
    const serverLabels = () => cluster().get<any>(resources.Pods, { namespace: NS, name: 'labelled' }).metadata.labels;
    await stack.newPage();
    await stack.open(`#/pods?ns=${NS}`);
    // The pod list links to the pod's page.
    await stack.page.locator('[data-testid="pod-row"][data-name="labelled"]').getByTestId('pod-link').click();
    await waitForText(byId('pod-detail-phase'), 'Running');
    const label = (key: string) => stack.page.locator(`[data-testid="pod-label"][data-key="${key}"]`);
    const labels = byId('pod-labels');
    await waitForText(label('app').getByTestId('pod-label-value'), 'e2e');

    // Add a label whose key holds a slash; the page shows it while the PATCH is held.
    stack.fake.faults.inject({ kind: 'delay', ms: 1_500 }, { verb: 'patch', resource: 'pods' });
    await byId('pod-label-key').fill('app.kubernetes.io/name');
    await byId('pod-label-new-value').fill('shop');
    await byId('pod-label-set').click();
    await waitForText(label('app.kubernetes.io/name').getByTestId('pod-label-value'), 'shop');
    await labels.getByTestId('write-saving').waitFor();
    expect(serverLabels()).toEqual({ app: 'e2e' });
    await labels.getByTestId('write-saving').waitFor({ state: 'detached' });
    expect(serverLabels()).toEqual({ app: 'e2e', 'app.kubernetes.io/name': 'shop' });

    // Change one and remove another.
    stack.fake.faults.inject({ kind: 'delay', ms: 1_000 }, { verb: 'patch', resource: 'pods', times: 2 });
    await byId('pod-label-key').fill('app');
    await byId('pod-label-new-value').fill('e2e-changed');
    await byId('pod-label-set').click();
    await waitForText(label('app').getByTestId('pod-label-value'), 'e2e-changed');
    await label('app.kubernetes.io/name').getByTestId('pod-label-remove').click();
    await label('app.kubernetes.io/name').waitFor({ state: 'detached' });
    expect(serverLabels()).toEqual({ app: 'e2e', 'app.kubernetes.io/name': 'shop' });
    await eventually(() => expect(serverLabels()).toEqual({ app: 'e2e-changed' }));
    await labels.getByTestId('write-saving').waitFor({ state: 'detached' });
    await waitForText(label('app').getByTestId('pod-label-value'), 'e2e-changed');

    // Delete: Terminating at once, then gone.
    stack.fake.faults.inject({ kind: 'delay', ms: 1_500 }, { verb: 'delete', resource: 'pods' });
    await byId('pod-delete').click();
    await waitForText(byId('pod-detail-phase'), 'Terminating');
    expect(cluster().find(resources.Pods, { namespace: NS, name: 'labelled' })).toBeDefined();
    await byId('pod-missing').waitFor();
    expect(cluster().find(resources.Pods, { namespace: NS, name: 'labelled' })).toBeUndefined();
    expect(stack.pageErrors).toEqual([]);
  });

  it('deletes a Job: Terminating at once, then gone; a refused delete rolls back with the reason', async () => {
    await runningJobPage('doomed');
    stack.fake.faults.inject({ kind: 'forbidden', message: 'User "viewer" cannot delete resource "jobs"' }, { verb: 'delete', resource: 'jobs' });
    await byId('job-delete').click();
    await byId('write-error').waitFor();
    expect(await byId('write-error').textContent()).toContain('cannot delete resource "jobs"');
    await waitForText(byId('job-phase'), 'Running');

    stack.fake.faults.inject({ kind: 'delay', ms: 1_500 }, { verb: 'delete', resource: 'jobs' });
    await byId('job-delete').click();
    await waitForText(byId('job-phase'), 'Terminating');
    expect(cluster().find(resources.Jobs, { namespace: NS, name: 'doomed' })).toBeDefined();
    await byId('job-missing').waitFor();
    expect(cluster().find(resources.Jobs, { namespace: NS, name: 'doomed' })).toBeUndefined();
    expect(stack.pageErrors).toEqual([]);
  });
});
