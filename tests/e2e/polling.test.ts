// Downgrade polling: with the switch on, the console makes no watch=true
// request at all (checked in the fake's request log since the switch), and
// changes still arrive, by polling. Each test starts from a fresh page and
// turns the switch on itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resources } from '@rxkube/testing';
import { startStack, type Stack } from './support/stack.ts';
import { eventually } from '../support/until.ts';
import { waitForText } from './support/waitForText.ts';
import { completeCondition, createJob, createPod, setJobStatus } from './support/objects.ts';

describe('downgrade polling', () => {
  let stack: Stack;
  const row = (name: string) => stack.page.locator(`[data-testid="pod-row"][data-name="${name}"]`);
  const connections = (transport: string) => stack.page.locator(`[data-testid="connection-row"][data-transport="${transport}"]`);
  const watchesSince = (since: number) => stack.fake.requests.all().filter((r) => r.openedAt >= since && (r.watch || r.query.watch === 'true' || r.query.watch === '1'));

  /** A fresh console on the pods page, streaming, then switched to polling; returns when the switch was turned on. */
  async function pollingPodsPage(): Promise<number> {
    await stack.newPage();
    await stack.open('#/pods?ns=default');
    await connections('stream').nth(1).waitFor();
    await eventually(() => expect(stack.fake.requests.openWatches()).toBe(2));
    const switchedAt = Date.now();
    await stack.page.getByTestId('downgrade-switch').check();
    await connections('poll').nth(1).waitFor();
    return switchedAt;
  }

  beforeAll(async () => {
    stack = await startStack({ seedState: true, seed: 3 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('replaces every watch with polling when the switch is turned on', async () => {
    const switchedAt = await pollingPodsPage();
    expect(await connections('stream').count()).toBe(0);
    // The old client's watches are closed, and the new one opens none.
    await eventually(() => expect(stack.fake.requests.openWatches()).toBe(0));
    await eventually(() => expect(stack.fake.requests.count({ resource: 'pods', verb: 'list' })).toBeGreaterThan(1));
    expect(watchesSince(switchedAt)).toEqual([]);
  });

  it('still shows changes to pods, by polling', async () => {
    const switchedAt = await pollingPodsPage();
    const cluster = stack.fake.clusters.global;
    const [first] = cluster.list<any>(resources.Pods, { namespace: 'default' });
    await row(first.metadata.name).waitFor();
    cluster.delete(resources.Pods, first);
    createPod(cluster, 'default', 'aaa-polled-pod', 'Pending');
    await row(first.metadata.name).waitFor({ state: 'detached' });
    await waitForText(row('aaa-polled-pod').getByTestId('pod-phase'), 'Pending');

    const pod = cluster.get<any>(resources.Pods, { namespace: 'default', name: 'aaa-polled-pod' });
    cluster.updateStatus(resources.Pods, { ...pod, status: { ...pod.status, phase: 'Running' } });
    await waitForText(row('aaa-polled-pod').getByTestId('pod-phase'), 'Running');
    expect(watchesSince(switchedAt)).toEqual([]);
  });

  it('still shows a Job progressing, by polling, and made no watch=true request since the switch', async () => {
    const switchedAt = await pollingPodsPage();
    const cluster = stack.fake.clusters.global;
    createJob(cluster, 'default', 'polled-job', 2);
    await stack.open('#/jobs/default/polled-job?ns=default');
    await waitForText(stack.page.getByTestId('job-progress-text'), '0 / 2 completions');
    setJobStatus(cluster, 'default', 'polled-job', { active: 1, succeeded: 1 });
    await waitForText(stack.page.getByTestId('job-progress-text'), '1 / 2 completions');
    const done = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    setJobStatus(cluster, 'default', 'polled-job', { active: 0, succeeded: 2, completionTime: done, conditions: completeCondition(done) });
    await waitForText(stack.page.getByTestId('job-phase'), 'Complete');

    expect(watchesSince(switchedAt)).toEqual([]);
    expect(stack.fake.requests.openWatches()).toBe(0);
    // Polls did happen: lists of pods, jobs (by name) and events since the switch.
    const lists = stack.fake.requests.all({ verb: 'list' }).filter((r) => r.openedAt >= switchedAt);
    expect(new Set(lists.map((r) => r.resource))).toEqual(new Set(['namespaces', 'pods', 'jobs', 'events']));
  });

  it('streams again when the switch is turned off', async () => {
    await pollingPodsPage();
    await eventually(() => expect(stack.fake.requests.openWatches()).toBe(0));
    await stack.page.getByTestId('downgrade-switch').uncheck();
    await connections('stream').nth(1).waitFor();
    await eventually(() => expect(stack.fake.requests.openWatches()).toBe(2));
    expect(await connections('poll').count()).toBe(0);
    expect(stack.pageErrors).toEqual([]);
  });
});
