// shareAcrossTabs: tabs of one console (pages of one browser context, on the
// fake's own origin) hold one set of watches, closing the leader tab loses no
// event and repeats none, and the downgrade switch of any tab moves the shared
// connections. Each test has its own fake apiserver and browser context (its
// own Web Locks and BroadcastChannel), so each runs alone.
import { startFakeApiServer, type FakeApiServer, type StaticPage } from '@rxkube/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DowngradePolling } from '@rxkube/core';
import { launchChromium } from './support/browser.ts';
import { eventually } from '../support/until.ts';
import { createPod } from './support/objects.ts';
import { buildTestPage, type TestPageApi } from './support/testPage.ts';
import { setPageHidden } from './support/visibility.ts';

declare global {
  interface Window {
    rxkubePage: TestPageApi;
  }
}

const NAMESPACES = ['tabs-a', 'tabs-b'];
/** Followed by the first tab only: its watch shows when that tab sleeps. */
const SOLO = 'tabs-solo';

/** The pod names of a tab's last emission for a namespace. */
const lastEmitted = (tab: Page, namespace: string) =>
  tab.evaluate((ns) => window.rxkubePage.emitted(ns).at(-1)?.map((entry) => entry.split('@')[0]) ?? [], namespace);

describe('tabs that share one set of watches', () => {
  let pages: Record<string, StaticPage>;
  let browser: Browser;
  let fake: FakeApiServer;
  let context: BrowserContext;

  beforeAll(async () => {
    pages = await buildTestPage();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    fake = await startFakeApiServer({ pages, bookmarkIntervalMs: 1_000 });
    for (const namespace of [...NAMESPACES, SOLO]) createPod(fake.clusters.global, namespace, 'pod-0');
    context = await browser.newContext();
  });
  afterEach(async () => {
    await context?.close();
    await fake?.close();
  });

  /** A tab of the console following the pods of `namespaces`, once it shows them. */
  async function openTab(namespaces = NAMESPACES, downgradePolling?: DowngradePolling): Promise<Page> {
    const tab = await context.newPage();
    await tab.goto(`${fake.url}/`);
    await tab.evaluate(
      ([followed, polling]) => window.rxkubePage.followPods(followed, { browser: { shareAcrossTabs: true, hiddenTabGraceMs: 200 } }, polling),
      [namespaces, downgradePolling] as const,
    );
    for (const namespace of namespaces) await eventually(async () => expect(await lastEmitted(tab, namespace)).toEqual(['pod-0']));
    return tab;
  }

  /** A leader (the first tab takes the lock), which alone also follows SOLO, and two followers. */
  async function openThreeTabs(): Promise<Page[]> {
    const leader = await openTab([...NAMESPACES, SOLO]);
    await eventually(() => expect(fake.requests.openWatches()).toBe(NAMESPACES.length + 1));
    return [leader, await openTab(), await openTab()];
  }

  it('holds one stream per distinct question for three tabs', async () => {
    const questions = NAMESPACES.length + 1;
    await openThreeTabs();
    // Both followers show the data, and every watch ever opened is the leader's.
    expect(fake.requests.count({ watch: true })).toBe(questions);
    expect(fake.requests.openWatches()).toBe(questions);
    console.log(`figure: streams held by 3 tabs: ${fake.requests.openWatches()} for ${questions} distinct questions (unshared: ${questions + 2 * NAMESPACES.length})`);
  });

  it('keeps the watches other tabs read open while the leader tab sleeps hidden', async () => {
    const [leader, ...followers] = await openThreeTabs();
    await setPageHidden(leader!, true);
    // Asleep: the watch only the leader reads has closed, the shared ones stay open.
    await eventually(() => expect(fake.requests.openWatches({ namespace: SOLO })).toBe(0));
    expect(fake.requests.openWatches()).toBe(NAMESPACES.length);
    for (const namespace of NAMESPACES) createPod(fake.clusters.global, namespace, 'pod-h');
    for (const tab of followers) {
      for (const namespace of NAMESPACES) await eventually(async () => expect(await lastEmitted(tab, namespace)).toEqual(['pod-0', 'pod-h']));
    }
  });

  it('loses no event and repeats none when the leader tab closes', async () => {
    const cluster = fake.clusters.global;
    const [leader, ...followers] = await openThreeTabs();
    const closedAt = Date.now();
    // Changes before, during and after the leader's closing.
    for (const namespace of NAMESPACES) createPod(cluster, namespace, 'pod-1');
    const closing = leader!.close();
    for (const namespace of NAMESPACES) createPod(cluster, namespace, 'pod-2');
    await closing;
    for (const namespace of NAMESPACES) createPod(cluster, namespace, 'pod-3');

    const all = ['pod-0', 'pod-1', 'pod-2', 'pod-3'];
    for (const tab of followers) {
      for (const namespace of NAMESPACES) await eventually(async () => expect(await lastEmitted(tab, namespace)).toEqual(all));
    }
    // The new leader watches on from the version it held: no list since the close, one watch per question again.
    await eventually(() => expect(fake.requests.openWatches()).toBe(NAMESPACES.length));
    const since = fake.requests.all().filter((request) => request.openedAt >= closedAt && request.resource === 'pods');
    expect(since.filter((request) => !request.watch)).toEqual([]);
    expect(since.every((request) => request.query.resourceVersion !== undefined && request.query.resourceVersion !== '')).toBe(true);

    for (const tab of followers) {
      for (const namespace of NAMESPACES) {
        const emissions = await tab.evaluate((ns) => window.rxkubePage.emitted(ns), namespace);
        // Each emission adds pods: none repeated, none lost on the way, none going back.
        for (let i = 1; i < emissions.length; i += 1) {
          expect(emissions[i]!.length, `${namespace}: ${JSON.stringify(emissions)}`).toBeGreaterThan(emissions[i - 1]!.length);
          expect(emissions[i]).toEqual(expect.arrayContaining(emissions[i - 1]!));
        }
      }
    }
  });

  it("moves the leader's shared connections to polling and back when a follower tab flips the downgrade switch", async () => {
    const polling: DowngradePolling = { interval: 300 };
    const leader = await openTab(NAMESPACES, polling);
    await eventually(() => expect(fake.requests.openWatches()).toBe(NAMESPACES.length));
    const follower = await openTab(NAMESPACES, polling);
    const pollsSince = (at: number, namespace: string) => fake.requests.all({ resource: 'pods', namespace, watch: false }).filter((r) => r.openedAt >= at).length;

    const downgradedAt = Date.now();
    await follower.evaluate(() => window.rxkubePage.setDowngradeWatch(true));
    // Polling, counted at the server: every question listed again and again, and no watch left open.
    await eventually(() => {
      expect(fake.requests.openWatches()).toBe(0);
      for (const namespace of NAMESPACES) expect(pollsSince(downgradedAt, namespace)).toBeGreaterThanOrEqual(3);
    });
    for (const namespace of NAMESPACES) createPod(fake.clusters.global, namespace, 'pod-p');
    for (const tab of [leader, follower]) {
      for (const namespace of NAMESPACES) await eventually(async () => expect(await lastEmitted(tab, namespace)).toEqual(['pod-0', 'pod-p']));
    }
    expect(fake.requests.all({ watch: true }).filter((r) => r.openedAt >= downgradedAt)).toEqual([]);
    expect(await leader.evaluate(() => window.rxkubePage.transports())).toEqual(['poll', 'poll']);

    const upgradedAt = Date.now();
    await follower.evaluate(() => window.rxkubePage.setDowngradeWatch(false));
    await eventually(() => expect(fake.requests.openWatches()).toBe(NAMESPACES.length));
    expect(await leader.evaluate(() => window.rxkubePage.transports())).toEqual(['stream', 'stream']);
    // Streaming again: the watches resume from the polled version, and a change arrives on them, not by a poll.
    const listsAfterWatches = fake.requests.count({ resource: 'pods', watch: false });
    for (const namespace of NAMESPACES) createPod(fake.clusters.global, namespace, 'pod-s');
    for (const namespace of NAMESPACES) await eventually(async () => expect(await lastEmitted(follower, namespace)).toEqual(['pod-0', 'pod-p', 'pod-s']));
    expect(fake.requests.all({ watch: true }).filter((r) => r.openedAt >= upgradedAt)).toHaveLength(NAMESPACES.length);
    expect(fake.requests.count({ resource: 'pods', watch: false })).toBe(listsAfterWatches);
  });
});
