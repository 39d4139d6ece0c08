// Browser-only mode (`/?mock`): the fake cluster runs in the page behind
// msw's service worker; the console shows it and streams from it while the
// real (test) apiserver sees no Kubernetes request at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './support/stack.ts';
import { waitForText } from './support/waitForText.ts';

describe('browser-only mode', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ seed: 2 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('runs the console on an in-page fake cluster, without the server', async () => {
    await stack.open('/?mock#/pods?ns=testhl');
    await stack.page.getByTestId('mock-mode').waitFor();
    await waitForText(stack.page.getByTestId('pod-count'), '180 pods');
    await stack.page.getByTestId('pod-row').first().waitFor();
    await waitForText(stack.page.locator('[data-testid="connection-row"][data-resource="pods"]').getByTestId('connection-transport'), 'stream');

    await stack.page.getByTestId('nav-microservices').click();
    await stack.page.getByTestId('cluster-switcher').selectOption('calico3');
    await stack.page.locator('[data-testid="microservice-row"][data-name="asm-cal3"]').waitFor();

    expect(stack.fake.requests.count()).toBe(0);
    expect(stack.pageErrors).toEqual([]);
  });
});
