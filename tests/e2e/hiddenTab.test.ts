// A hidden tab sleeps: after its grace period (1 s here) the console's watch
// streams close at the server; a change made while hidden shows once the tab
// is visible again, through watches resumed from their last resourceVersion,
// and the list never goes blank: rows whose pods did not change stay the
// same DOM nodes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resources } from '@rxkube/testing';
import { startStack, type Stack } from './support/stack.ts';
import { eventually, waitForText } from './support/eventually.ts';
import { createPod } from './support/objects.ts';
import { setPageHidden } from './support/visibility.ts';

const GRACE_MS = 1_000;

describe('a hidden tab', () => {
  let stack: Stack;
  const row = (name: string) => stack.page.locator(`[data-testid="pod-row"][data-name="${name}"]`);
  const podsState = () => stack.page.locator('[data-testid="query-state"]').first();

  beforeAll(async () => {
    stack = await startStack({});
    for (const name of ['sleepy-a', 'sleepy-b', 'sleepy-c']) createPod(stack.fake.clusters.global, 'default', name, 'Pending');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('closes its streams after the grace period and catches up when visible, without blanking the list', async () => {
    await stack.open(`?hiddenTabGraceMs=${GRACE_MS}#/pods?ns=default`);
    await row('sleepy-c').waitFor();
    await eventually(() => expect(stack.fake.requests.openWatches()).toBe(2));
    await waitForText(podsState().getByTestId('freshness'), 'live');
    // Marks on the rows that will not change, and a watch for a list that goes blank.
    await stack.page.evaluate(() => {
      for (const name of ['sleepy-a', 'sleepy-c']) (document.querySelector(`[data-testid="pod-row"][data-name="${name}"]`) as HTMLElement & { mark?: boolean }).mark = true;
      const flags = window as unknown as { blanked: boolean };
      flags.blanked = false;
      new MutationObserver(() => {
        if (document.querySelectorAll('[data-testid="pod-row"]').length === 0) flags.blanked = true;
      }).observe(document.body, { childList: true, subtree: true });
    });

    const hiddenAt = Date.now();
    await setPageHidden(stack.page, true);
    await eventually(() => expect(stack.fake.requests.openWatches()).toBe(0));
    const watches = stack.fake.requests.all({ watch: true });
    for (const watch of watches) expect(watch.closedAt! - hiddenAt).toBeGreaterThanOrEqual(GRACE_MS - 50);
    await podsState().and(stack.page.locator('[data-freshness="paused"]')).waitFor();
    const lastPodsWatch = watches.filter((r) => r.resource === 'pods').at(-1)!;

    const pod = stack.fake.clusters.global.get<any>(resources.Pods, { namespace: 'default', name: 'sleepy-b' });
    stack.fake.clusters.global.updateStatus(resources.Pods, { ...pod, status: { phase: 'Running' } });
    const requestsWhileHidden = stack.fake.requests.count();

    const visibleAt = Date.now();
    await setPageHidden(stack.page, false);
    await waitForText(row('sleepy-b').getByTestId('pod-phase'), 'Running');
    await waitForText(podsState().getByTestId('freshness'), 'live');

    // Nothing was requested between the streams closing and the tab showing again; then the pods watch resumed where it was.
    const since = stack.fake.requests.all().slice(requestsWhileHidden);
    for (const request of since) expect(request.openedAt).toBeGreaterThanOrEqual(visibleAt);
    const resumed = since.find((r) => r.resource === 'pods');
    expect(resumed).toMatchObject({ watch: true });
    expect(Number(resumed!.query.resourceVersion)).toBeGreaterThanOrEqual(Number(lastPodsWatch.query.resourceVersion));
    expect(since.filter((r) => r.resource === 'pods' && !r.watch)).toEqual([]);

    const marks = await stack.page.evaluate(() =>
      ['sleepy-a', 'sleepy-c'].map((name) => (document.querySelector(`[data-testid="pod-row"][data-name="${name}"]`) as HTMLElement & { mark?: boolean } | null)?.mark === true),
    );
    expect(marks).toEqual([true, true]);
    expect(await stack.page.evaluate(() => (window as unknown as { blanked: boolean }).blanked)).toBe(false);
    expect(stack.pageErrors).toEqual([]);
  });
});
