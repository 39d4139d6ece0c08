// Behind a proxy that holds watch responses until they end, the console's
// first watch gets nothing for its whole length, then everything at once: the
// client sees it at the end of that one watch, moves the cluster's queries to
// polling, and says so (transport poll, notice BufferingProxy). Changes then
// arrive by polling, counted at the fake. Prints the time to detect. Each
// test opens its own page (a new client) on its own namespace.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FaultRule } from '@rxkube/testing';
import { startStack, type Stack } from './support/stack.ts';
import { eventually } from '../support/until.ts';
import { waitForText } from './support/waitForText.ts';
import { createPod } from './support/objects.ts';

// Watches of 2 s; the fake bookmarks every 200 ms, and the client allows 1.5 s without one.
const TUNING = '?watchTimeoutSeconds=2&bookmarkIntervalMs=1500&bufferingProbeMs=600000';

describe('behind a buffering proxy', () => {
  let stack: Stack;
  let proxy: FaultRule | undefined;
  const podsConnection = () => stack.page.locator('[data-testid="connection-row"][data-resource="pods"]');
  const row = (name: string) => stack.page.locator(`[data-testid="pod-row"][data-name="${name}"]`);

  beforeAll(async () => {
    stack = await startStack({ bookmarkIntervalMs: 200 });
  });
  afterEach(() => {
    if (proxy) stack.fake.faults.remove(proxy.id);
    proxy = undefined;
  });
  afterAll(async () => {
    await stack?.close();
  });

  /**
   * A fresh console on `namespace` behind the proxy, once the client has moved to polling:
   * the namespace's first pods watch, and the first poll after it ended.
   */
  async function openBehindProxy(namespace: string, pod: string) {
    createPod(stack.fake.clusters.global, namespace, pod);
    proxy = stack.fake.faults.inject({ kind: 'bufferingProxy' }, { watch: true, times: 'always' });
    await stack.newPage();
    await stack.open(`${TUNING}#/pods?ns=${namespace}`);
    await row(pod).waitFor();
    await podsConnection().and(stack.page.locator('[data-transport="poll"]')).waitFor({ timeout: 20_000 });
    // The page may show the switch before its first poll reaches the server: wait for that request.
    return eventually(() => {
      const requests = stack.fake.requests.all({ resource: 'pods', namespace });
      const watch = requests.find((r) => r.watch && r.closedAt !== undefined);
      const poll = watch && requests.find((r) => !r.watch && r.openedAt >= watch.closedAt!);
      expect(poll).toBeDefined();
      return { firstWatch: watch!, firstPoll: poll! };
    });
  }

  it('detects the proxy within one watch and polls, with the notice in the status', async () => {
    const namespace = 'proxied-detect';
    const { firstWatch, firstPoll } = await openBehindProxy(namespace, 'proxied-a');
    await podsConnection().locator('[data-testid="connection-notice"][data-reason="BufferingProxy"]').waitFor();
    await waitForText(stack.page.locator('[data-testid="query-state"]').first().getByTestId('freshness'), 'polling');

    expect(stack.fake.requests.all({ resource: 'pods', namespace, watch: true })).toHaveLength(1);
    console.log(`buffering proxy detected ${firstPoll.openedAt - firstWatch.openedAt} ms after the first watch opened (its watch lasted ${firstWatch.closedAt! - firstWatch.openedAt} ms)`);
    // Every query of the cluster moved: no watch left open.
    await eventually(() => expect(stack.fake.requests.openWatches()).toBe(0));
    expect(stack.pageErrors).toEqual([]);
  });

  it('shows changes by polling', async () => {
    const namespace = 'proxied-poll';
    const { firstPoll } = await openBehindProxy(namespace, 'proxied-b0');
    const lists = () => stack.fake.requests.all({ resource: 'pods', namespace, watch: false });
    // Polling: the namespace is listed again and again after the switch.
    await eventually(() => expect(lists().filter((r) => r.openedAt >= firstPoll.openedAt).length).toBeGreaterThanOrEqual(2));

    const changedAt = Date.now();
    createPod(stack.fake.clusters.global, namespace, 'proxied-b');
    await row('proxied-b').waitFor();
    // The change came by a list made after it: no watch has opened since the switch, none is open.
    expect(lists().filter((r) => r.openedAt >= changedAt).length).toBeGreaterThanOrEqual(1);
    expect(stack.fake.requests.all({ resource: 'pods', namespace, watch: true }).filter((r) => r.openedAt >= firstPoll.openedAt)).toEqual([]);
    expect(stack.fake.requests.openWatches()).toBe(0);
    expect(stack.pageErrors).toEqual([]);
  });
});
