// shareAcrossTabs: three tabs of one console (three pages of one browser
// context, on the fake's own origin) hold one set of watches, and closing the
// leader tab loses no event and repeats none.
import { startFakeApiServer, type FakeApiServer } from '@rxkube/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.ts';
import { eventually } from './support/eventually.ts';
import { createPod } from './support/objects.ts';
import { buildTestPage, type TestPageApi } from './support/testPage.ts';

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
  let fake: FakeApiServer;
  let browser: Browser;
  let context: BrowserContext;
  const tabs: Page[] = [];

  beforeAll(async () => {
    fake = await startFakeApiServer({ pages: await buildTestPage(), bookmarkIntervalMs: 1_000 });
    for (const namespace of [...NAMESPACES, SOLO]) createPod(fake.clusters.global, namespace, 'pod-0');
    browser = await launchChromium();
    context = await browser.newContext();
  });
  afterAll(async () => {
    await browser?.close();
    await fake?.close();
  });

  async function openTab(namespaces = NAMESPACES): Promise<Page> {
    const tab = await context.newPage();
    await tab.goto(`${fake.url}/`);
    await tab.evaluate((followed) => window.rxkubePage.followPods(followed, { browser: { shareAcrossTabs: true, hiddenTabGraceMs: 200 } }), namespaces);
    tabs.push(tab);
    for (const namespace of NAMESPACES) await eventually(async () => expect(await lastEmitted(tab, namespace)).toEqual(['pod-0']));
    return tab;
  }

  it('holds one stream per distinct question for three tabs', async () => {
    const questions = NAMESPACES.length + 1;
    await openTab([...NAMESPACES, SOLO]); // the first tab takes the lock: the leader
    await eventually(() => expect(fake.requests.openWatches()).toBe(questions));
    await openTab();
    await openTab();
    // Both followers show the data, and every watch ever opened is the leader's.
    expect(fake.requests.count({ watch: true })).toBe(questions);
    expect(fake.requests.openWatches()).toBe(questions);
    console.log(`figure: streams held by 3 tabs: ${fake.requests.openWatches()} for ${questions} distinct questions (unshared: ${questions + 2 * NAMESPACES.length})`);
  });

  it('keeps the watches other tabs read open while the leader tab sleeps hidden', async () => {
    const [leader, ...followers] = tabs;
    await leader!.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
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
    const [leader, ...followers] = tabs;
    const closedAt = Date.now();
    // Changes before, during and after the leader's closing.
    for (const namespace of NAMESPACES) createPod(cluster, namespace, 'pod-1');
    const closing = leader!.close();
    for (const namespace of NAMESPACES) createPod(cluster, namespace, 'pod-2');
    await closing;
    for (const namespace of NAMESPACES) createPod(cluster, namespace, 'pod-3');

    const all = ['pod-0', 'pod-1', 'pod-2', 'pod-3', 'pod-h'];
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
});
