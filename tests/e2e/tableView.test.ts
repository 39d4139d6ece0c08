// The table view in Chromium: the Pods page shows the server's columns
// (what `kubectl get pods` prints) from a Table list and a Table watch, a
// watch event updates a row's cells, the selector switches the page to full
// objects (a query of its own), and a CRD's list shows its
// additionalPrinterColumns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resources } from '@rxkube/testing';
import { startStack, type Stack } from './support/stack.ts';
import { eventually } from '../support/until.ts';
import { waitForText } from './support/waitForText.ts';
import { createNamespace, createPod } from './support/objects.ts';

describe('table view', () => {
  let stack: Stack;
  const byId = (id: string) => stack.page.getByTestId(id);
  const row = (name: string) => stack.page.locator(`[data-testid="pod-row"][data-name="${name}"]`);
  const podRequests = (verb: 'list' | 'watch') => stack.fake.requests.all().filter((r) => r.resource === 'pods' && r.verb === verb && r.namespace === 'tables');

  beforeAll(async () => {
    stack = await startStack({ seedState: true, seed: 11 });
    const cluster = stack.fake.clusters.global;
    createNamespace(cluster, 'tables');
    for (const name of ['tbl-b', 'tbl-a', 'tbl-c']) createPod(cluster, 'tables', name);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("shows the server's pod columns and rows, from a Table list and watch", async () => {
    await stack.open('#/pods?ns=tables');
    await waitForText(byId('pod-count'), '3 pods');
    expect(await byId('view-selector').inputValue()).toBe('table');
    const head = await byId('pod-head').locator('span').allTextContents();
    expect(head.filter(Boolean)).toEqual(['Name', 'Namespace', 'Ready', 'Status', 'Restarts', 'Age']);
    const shown = await byId('pod-row').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.name));
    expect(shown).toEqual(['tbl-a', 'tbl-b', 'tbl-c']);
    await eventually(() => expect(podRequests('watch')).toHaveLength(1));
    expect(podRequests('list')[0]!.accept).toMatch(/^application\/json;as=Table;g=meta\.k8s\.io;v=v1/);
    expect(podRequests('watch')[0]!.accept).toMatch(/^application\/json;as=Table;/);
    // Cells as the server printed them: READY 0/1 (no container status yet), STATUS the phase.
    expect((await row('tbl-a').locator(':scope > span').allTextContents()).slice(0, 5)).toEqual(['tbl-a', 'tables', '0/1', 'Running', '0']);
  });

  it('updates a row from a Table watch event, and adds and removes rows', async () => {
    const cluster = stack.fake.clusters.global;
    const pod = cluster.get<any>(resources.Pods, { namespace: 'tables', name: 'tbl-b' });
    cluster.updateStatus(resources.Pods, { ...pod, status: { phase: 'Running', containerStatuses: [{ name: 'main', ready: false, restartCount: 7, state: { waiting: { reason: 'CrashLoopBackOff' } } }] } });
    await waitForText(row('tbl-b').getByTestId('pod-phase'), 'CrashLoopBackOff');
    expect((await row('tbl-b').locator(':scope > span').allTextContents()).slice(0, 5)).toEqual(['tbl-b', 'tables', '0/1', 'CrashLoopBackOff', '7']);
    createPod(cluster, 'tables', 'tbl-d', 'Pending');
    await waitForText(row('tbl-d').getByTestId('pod-phase'), 'Pending');
    cluster.delete(resources.Pods, { namespace: 'tables', name: 'tbl-a' });
    await row('tbl-a').waitFor({ state: 'detached' });
    await waitForText(byId('pod-count'), '3 pods');
    expect(podRequests('watch')).toHaveLength(1);
  });

  it('switches to full objects with the selector: a query of its own, plain JSON', async () => {
    await byId('view-selector').selectOption('full');
    await eventually(() => expect(podRequests('list').some((r) => r.accept?.startsWith('application/json;drop=metadata.managedFields'))).toBe(true));
    await waitForText(row('tbl-b').getByTestId('pod-phase'), 'Running');
    expect(stack.page.url()).toContain('view=full');
    expect(await byId('pod-list').getAttribute('data-view')).toBe('full');
  });

  it("shows a CRD's additionalPrinterColumns in the MicroServices table", async () => {
    await stack.open('#/microservices?cluster=calico3&ns=testhl');
    const table = byId('server-table');
    await table.locator('[data-testid="microservice-row"][data-name="asm-cal3"]').waitFor();
    expect(await table.locator('th').allTextContents()).toEqual(['Name', 'Version', 'Phase', 'Available', 'Age', 'Namespace']);
    expect((await table.locator('[data-testid="microservice-row"] td').allTextContents()).slice(0, 4)).toEqual(['asm-cal3', 'v1', 'Running', '2']);
    await eventually(() => expect(stack.pageErrors).toEqual([]));
  });
});
