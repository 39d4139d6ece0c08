// A single object that a list query already open shows (issue 9 item 5): a
// detail widget beside its list opens no connection of its own, and when the
// list goes it moves to a watch of its own with no gap and no repeat.
import { startFakeApiServer, type FakeApiServer } from '@rxkube/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.ts';
import { eventually } from '../support/until.ts';
import { createPod } from './support/objects.ts';
import { buildTestPage, type TestPageApi } from './support/testPage.ts';

declare global {
  interface Window {
    rxkubePage: TestPageApi;
  }
}

const NAMESPACE = 'detail';

describe('a single object read from an open list query', () => {
  let fake: FakeApiServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    fake = await startFakeApiServer({ pages: await buildTestPage(), bookmarkIntervalMs: 1_000 });
    for (const name of ['a', 'b', 'c']) createPod(fake.clusters.global, NAMESPACE, name);
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`${fake.url}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await fake?.close();
  });

  const emitted = () => page.evaluate(([ns, name]) => window.rxkubePage.podEmissions(ns!, name!), [NAMESPACE, 'b']);
  const requestsFor = (name: string) => fake.requests.all().filter((request) => request.query.fieldSelector === `metadata.name=${name}`);
  const touch = (name: string) => {
    const pod = fake.clusters.global.get<{ metadata: { labels?: Record<string, string> } }>('pods', `${NAMESPACE}/${name}`);
    fake.clusters.global.update('pods', { ...pod, metadata: { ...pod.metadata, labels: { ...pod.metadata.labels, touched: String(Date.now()) } } });
    return fake.clusters.global.get<{ metadata: { resourceVersion: string } }>('pods', `${NAMESPACE}/${name}`).metadata.resourceVersion;
  };

  it('opens no connection while the list shows the object, then takes over without a gap or a repeat', async () => {
    await page.evaluate((ns) => window.rxkubePage.openPodList(ns, { gracePeriodMs: 0 }), NAMESPACE);
    await eventually(async () => expect(await page.evaluate((ns) => window.rxkubePage.emitted(ns).length, NAMESPACE)).toBeGreaterThan(0));
    await page.evaluate(([ns, name]) => window.rxkubePage.followPod(ns!, name!), [NAMESPACE, 'b']);
    await eventually(async () => expect(await emitted()).toHaveLength(1));

    // A change reaches the detail widget through the list's watch: no request of its own.
    const second = touch('b');
    await eventually(async () => expect((await emitted()).at(-1)).toBe(`b@${second}`));
    expect(requestsFor('b')).toEqual([]);
    expect(fake.requests.openWatches()).toBe(1);

    // The list goes: the widget watches on its own, from the version it had.
    await page.evaluate((ns) => window.rxkubePage.closePodList(ns), NAMESPACE);
    await eventually(() => expect(requestsFor('b').filter((request) => request.query.watch === 'true' && request.closedAt === undefined)).toHaveLength(1));
    expect(requestsFor('b').filter((request) => request.query.watch !== 'true')).toEqual([]);
    const third = touch('b');
    await eventually(async () => expect((await emitted()).at(-1)).toBe(`b@${third}`));

    const seen = await emitted();
    expect(seen).not.toContain(null);
    expect(new Set(seen).size).toBe(seen.length);
    expect(fake.requests.openWatches()).toBe(1);
  });
});
