// The pod list: rows for the model's pods, deletions (through the API and
// through the row's button) arriving through the watch, and thousands of
// pods with only the visible rows in the DOM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resources } from '@rxkube/testing';
import { startStack, type Stack } from './support/stack.ts';
import { eventually } from '../support/until.ts';
import { waitForText } from './support/waitForText.ts';
import { createNamespace, createPod } from './support/objects.ts';

interface PodLike {
  metadata: { name: string; namespace: string };
}

describe('pod list', () => {
  let stack: Stack;
  const podsIn = (namespace: string) => stack.fake.clusters.global.list<PodLike>(resources.Pods, { namespace });
  const row = (name: string) => stack.page.locator(`[data-testid="pod-row"][data-name="${name}"]`);

  beforeAll(async () => {
    stack = await startStack({ seedState: true, seed: 7 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('renders a row for each of the model pods, in namespace then name order', async () => {
    const pods = podsIn('testhl');
    expect(pods.length).toBeGreaterThan(100);
    await stack.open('#/pods?ns=testhl');
    await waitForText(stack.page.getByTestId('pod-count'), `${pods.length} pods`);
    await row(pods[0]!.metadata.name).waitFor();
    const shown = await stack.page.getByTestId('pod-row').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.name));
    expect(shown.slice(0, 10)).toEqual(pods.slice(0, 10).map((p) => p.metadata.name));

    const last = pods.at(-1)!.metadata.name;
    await stack.page.getByTestId('pod-filter').fill(last);
    await waitForText(stack.page.getByTestId('pod-count'), `1 of ${pods.length}`);
    await row(last).waitFor();
    await stack.page.getByTestId('pod-filter').fill('');
  });

  it('removes a pod deleted through the API from the list', async () => {
    const before = podsIn('testhl');
    const victim = before[3]!.metadata;
    await row(victim.name).waitFor();
    stack.fake.clusters.global.delete(resources.Pods, { namespace: victim.namespace, name: victim.name });
    await row(victim.name).waitFor({ state: 'detached' });
    await waitForText(stack.page.getByTestId('pod-count'), `${before.length - 1} pods`);
  });

  it('deletes a pod with its row button; the row leaves when the watch reports it', async () => {
    const victim = podsIn('testhl')[5]!.metadata;
    await row(victim.name).getByTestId('delete-pod').click();
    await row(victim.name).waitFor({ state: 'detached' });
    expect(stack.fake.clusters.global.find(resources.Pods, { namespace: victim.namespace, name: victim.name })).toBeUndefined();
    expect(stack.fake.requests.count({ method: 'DELETE', resource: 'pods', path: `/pods/${victim.name}` })).toBe(1);
  });

  it('keeps 3,000 pods smooth: only the rows in view are in the DOM', async () => {
    const cluster = stack.fake.clusters.global;
    createNamespace(cluster, 'bulk');
    const names = Array.from({ length: 3_000 }, (_, i) => `bulk-${String(i).padStart(4, '0')}`);
    for (const name of names) createPod(cluster, 'bulk', name);
    await stack.open('#/pods?ns=bulk');
    await waitForText(stack.page.getByTestId('pod-count'), '3000 pods');
    await row(names[0]!).waitFor();
    expect(await stack.page.getByTestId('pod-row').count()).toBeLessThan(80);

    await stack.page.getByTestId('pod-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await row(names.at(-1)!).waitFor();
    await row(names[0]!).waitFor({ state: 'detached' });
    expect(await stack.page.getByTestId('pod-row').count()).toBeLessThan(80);

    // A change to one of 3,000 still shows at once.
    const pod = cluster.get<any>(resources.Pods, { namespace: 'bulk', name: names.at(-1)! });
    cluster.updateStatus(resources.Pods, { ...pod, status: { ...pod.status, phase: 'Failed' } });
    await waitForText(row(names.at(-1)!).getByTestId('pod-phase'), 'Failed');
    await eventually(() => expect(stack.pageErrors).toEqual([]));
  });
});
