// Behind a proxy that holds watch responses until they end, the console's
// first watch gets nothing for its whole length, then everything at once: the
// client sees it at the end of that one watch, moves the cluster's queries to
// polling, and says so (transport poll, notice BufferingProxy). Changes then
// arrive by polling. Prints the time to detect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './support/stack.ts';
import { eventually, waitForText } from './support/eventually.ts';
import { createPod } from './support/objects.ts';

// Watches of 2 s; the fake bookmarks every 200 ms, and the client allows 1.5 s without one.
const TUNING = '?watchTimeoutSeconds=2&bookmarkIntervalMs=1500&bufferingProbeMs=600000';

describe('behind a buffering proxy', () => {
  let stack: Stack;
  const podsConnection = () => stack.page.locator('[data-testid="connection-row"][data-resource="pods"]');

  beforeAll(async () => {
    stack = await startStack({ bookmarkIntervalMs: 200 });
    createPod(stack.fake.clusters.global, 'default', 'proxied-a');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('detects the proxy within one watch and polls, with the notice in the status', async () => {
    stack.fake.faults.inject({ kind: 'bufferingProxy' }, { watch: true, times: 'always' });
    await stack.open(`${TUNING}#/pods?ns=default`);
    await stack.page.locator('[data-testid="pod-row"][data-name="proxied-a"]').waitFor();

    await podsConnection().and(stack.page.locator('[data-transport="poll"]')).waitFor({ timeout: 20_000 });
    await podsConnection().locator('[data-testid="connection-notice"][data-reason="BufferingProxy"]').waitFor();
    await waitForText(stack.page.locator('[data-testid="query-state"]').first().getByTestId('freshness'), 'polling');

    // The first pods watch, and the first pods list after it ended: one watch cycle.
    // The page may show the switch before its first poll reaches the server: wait for that request.
    const [firstWatch, firstPoll, podsRequests] = await eventually(() => {
      const requests = stack.fake.requests.all({ resource: 'pods' });
      const watch = requests.find((r) => r.watch && r.closedAt !== undefined);
      const poll = watch && requests.find((r) => !r.watch && r.openedAt >= watch.closedAt!);
      expect(poll).toBeDefined();
      return [watch!, poll!, requests] as const;
    });
    expect(podsRequests.filter((r) => r.watch)).toHaveLength(1);
    console.log(`buffering proxy detected ${firstPoll.openedAt - firstWatch.openedAt} ms after the first watch opened (its watch lasted ${firstWatch.closedAt! - firstWatch.openedAt} ms)`);
    // Every query of the cluster moved: no watch left open.
    await eventually(() => expect(stack.fake.requests.openWatches()).toBe(0));
  });

  it('shows changes by polling', async () => {
    createPod(stack.fake.clusters.global, 'default', 'proxied-b');
    await stack.page.locator('[data-testid="pod-row"][data-name="proxied-b"]').waitFor();
    expect(stack.fake.requests.openWatches()).toBe(0);
    expect(stack.pageErrors).toEqual([]);
  });
});
