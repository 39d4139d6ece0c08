// A hidden tab sleeps: after its grace period (1 s here) the console's watch
// streams close at the server; a change made while hidden shows once the tab
// is visible again, through watches resumed from their last resourceVersion,
// and the list never goes blank: rows whose pods did not change stay the
// same DOM nodes. A hidden leader of shared tabs keeps flushing: its
// followers' queries stay awake, and its cache keeps delivering.
// Hidden here also means no animation frame (support/visibility.ts), as in a
// real background tab.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resources, startFakeApiServer, type FakeApiServer } from '@rxkube/testing';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { buildTestPage, type TestPageApi } from './support/testPage.ts';
import { startStack, type Stack } from './support/stack.ts';
import { eventually } from '../support/until.ts';
import { waitForText } from './support/waitForText.ts';
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

declare global {
  interface Window {
    rxkubePage: TestPageApi;
  }
}

/** The pod names a tab's list of `namespace` showed last. */
const lastEmitted = (tab: Page, namespace: string) =>
  tab.evaluate((ns) => window.rxkubePage.emitted(ns).at(-1)?.map((entry) => entry.split('@')[0]) ?? [], namespace);

describe('a hidden leader tab', () => {
  const SHARED = 'hidden-shared';
  /** Followed by the leader only: its watch closing says the leader sleeps. */
  const OWN = 'hidden-own';
  let fake: FakeApiServer;
  let browser: Browser;

  beforeAll(async () => {
    fake = await startFakeApiServer({ pages: await buildTestPage(), bookmarkIntervalMs: 1_000 });
    for (const namespace of [SHARED, OWN]) createPod(fake.clusters.global, namespace, 'pod-0');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await fake?.close();
  });

  it('keeps flushing while hidden: its own subscribers and its followers see every change', async () => {
    const context = await browser.newContext();
    const open = async (namespaces: string[]) => {
      const tab = await context.newPage();
      await tab.goto(`${fake.url}/`);
      await tab.evaluate((followed) => window.rxkubePage.followPods(followed, { browser: { shareAcrossTabs: true, hiddenTabGraceMs: 200 } }), namespaces);
      for (const namespace of namespaces) await eventually(async () => expect(await lastEmitted(tab, namespace)).toEqual(['pod-0']));
      return tab;
    };
    const leader = await open([SHARED, OWN]); // the first tab takes the lock
    await eventually(() => expect(fake.requests.openWatches()).toBe(2));
    const follower = await open([SHARED]);

    await setPageHidden(leader, true);
    // Asleep (past its grace period): the watch only the leader reads has closed; the shared one stays.
    await eventually(() => expect(fake.requests.openWatches({ namespace: OWN })).toBe(0));
    expect(fake.requests.openWatches({ namespace: SHARED })).toBe(1);

    const names = ['pod-0'];
    for (let i = 1; i <= 5; i += 1) {
      createPod(fake.clusters.global, SHARED, `pod-${i}`);
      names.push(`pod-${i}`);
      await eventually(async () => expect(await lastEmitted(follower, SHARED)).toEqual(names));
    }
    // The hidden leader, with no animation frame, still flushed every change to its own subscriber.
    await eventually(async () => expect(await lastEmitted(leader, SHARED)).toEqual(names));
    await context.close();
  });
});
