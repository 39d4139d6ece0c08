// Two clusters: the switcher moves the console to calico3 (every request
// under /kubernetes/calico3), whose namespaces fill the picker and whose
// MicroService CRD (asm.alauda.io/v1beta3) is listed and shown live.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resources } from '@rxkube/testing';
import { startStack, type Stack } from './support/stack.ts';
import { eventually } from '../support/until.ts';
import { waitForText } from './support/waitForText.ts';
import { createNamespace } from './support/objects.ts';

describe('clusters and the MicroService CRD', () => {
  let stack: Stack;
  const byId = (id: string) => stack.page.getByTestId(id);

  beforeAll(async () => {
    stack = await startStack({ seedState: true, seed: 5 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('switches to calico3 and lists its namespaces and MicroServices', async () => {
    const calico3 = stack.fake.clusters.get('calico3');
    createNamespace(calico3, 'only-in-calico3');
    await stack.open('#/microservices');
    await byId('microservice-list').waitFor();
    await byId('cluster-switcher').selectOption('calico3');
    await stack.page.locator('[data-testid="microservice-row"][data-name="asm-cal3"]').waitFor();
    await byId('namespace-picker').locator('option[value="only-in-calico3"]').waitFor({ state: 'attached' });
    expect(stack.page.url()).toContain('cluster=calico3');
    expect(stack.fake.requests.count({ cluster: 'calico3', resource: 'microservices', watch: true })).toBe(1);
    expect(stack.fake.requests.count({ cluster: 'global', resource: 'microservices', watch: true })).toBe(1);
  });

  it('shows a MicroService live on its detail page', async () => {
    const calico3 = stack.fake.clusters.get('calico3');
    await stack.page.locator('[data-testid="microservice-row"][data-name="asm-cal3"] a').click();
    await waitForText(byId('microservice-phase'), 'Running');
    await waitForText(byId('microservice-version'), 'v1');

    const ms = calico3.get<any>(resources.MicroServices, { namespace: 'testhl', name: 'asm-cal3' });
    calico3.updateStatus(resources.MicroServices, { ...ms, status: { ...ms.status, phase: 'Degraded', availableReplicas: 0 } });
    await waitForText(byId('microservice-phase'), 'Degraded');
    await waitForText(byId('microservice-replicas'), '0');
    calico3.patch(resources.MicroServices, { namespace: 'testhl', name: 'asm-cal3' }, { spec: { version: 'v2' } }, 'merge');
    await waitForText(byId('microservice-version'), 'v2');

    const detailWatch = await eventually(() => {
      const found = stack.fake.requests.all({ resource: 'microservices', watch: true, open: true }).find((r) => r.query.fieldSelector === 'metadata.name=asm-cal3');
      expect(found).toBeDefined();
      return found!;
    });
    expect(detailWatch.cluster).toBe('calico3');
    expect(detailWatch.path).toBe('/kubernetes/calico3/apis/asm.alauda.io/v1beta3/namespaces/testhl/microservices');
    expect(stack.pageErrors).toEqual([]);
  });
});
