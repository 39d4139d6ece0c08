// The default stream budget follows the protocol Chromium used to reach the
// API: a page of 50 widgets (50 distinct questions) holds 5 streams and polls
// the rest over HTTP/1.1, and holds 50 streams over h2 (the fake on
// node:http2 with a self-signed certificate).
import { startFakeApiServer, type FakeApiServer, type RequestRecord, type StaticPage } from '@rxkube/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.ts';
import { eventually } from '../support/until.ts';
import { buildTestPage, type TestPageApi } from './support/testPage.ts';

declare global {
  interface Window {
    rxkubePage: TestPageApi;
  }
}

const WIDGETS = 50;
const figures: string[] = [];

/** A question as the server sees it: the collection path and the field selector that names a single object. */
const question = (request: RequestRecord) => `${request.path}?${request.query.fieldSelector ?? ''}`;

describe('a watch-stream budget that follows the protocol', () => {
  let pages: Record<string, StaticPage>;
  let browser: Browser;
  let fake: FakeApiServer | undefined;
  let page: Page | undefined;

  beforeAll(async () => {
    pages = await buildTestPage();
    browser = await launchChromium({ args: ['--ignore-certificate-errors'] });
  });
  afterEach(async () => {
    await page?.close();
    await fake?.close();
    page = fake = undefined;
  });
  afterAll(async () => {
    await browser?.close();
    if (figures.length > 0) console.log(`figure: connections open against distinct questions for a page of ${WIDGETS} widgets: ${figures.join('; ')}`);
  });

  async function openWidgets(server: FakeApiServer): Promise<Page> {
    const opened = await browser.newPage();
    await opened.goto(`${server.url}/`);
    await opened.evaluate((count) => window.rxkubePage.mountWidgets(count, { pollInterval: 500 }), WIDGETS);
    return opened;
  }

  it('holds 5 streams and polls the other 45 questions over HTTP/1.1', async () => {
    fake = await startFakeApiServer({ pages });
    page = await openWidgets(fake);
    const server = fake;
    // Every question polled at least twice: the ones without a stream are polling, not waiting.
    await eventually(() => {
      const lists = server.requests.all({ verb: 'list', watch: false });
      const polled = new Set(lists.filter((r) => lists.filter((other) => question(other) === question(r)).length >= 2).map(question));
      expect(polled.size).toBeGreaterThanOrEqual(WIDGETS - 5);
    }, { timeoutMs: 30_000 });
    expect(await page.evaluate(() => window.rxkubePage.answeredWidgets())).toBe(WIDGETS);
    expect(await page.evaluate(() => performance.getEntriesByType('resource').map((e) => (e as PerformanceResourceTiming).nextHopProtocol).find((p) => p !== ''))).toBe('http/1.1');
    expect(server.requests.openWatches()).toBe(5);
    expect(server.requests.count({ watch: true })).toBe(5);
    const transports = await page.evaluate(() => window.rxkubePage.transports());
    expect(transports.filter((t) => t === 'poll')).toHaveLength(WIDGETS - 5);
    figures.push(`HTTP/1.1 ${server.requests.openWatches()} streams + ${WIDGETS - 5} polling for ${WIDGETS} questions`);
  });

  it('holds a stream for each of the 50 questions over h2', async () => {
    fake = await startFakeApiServer({ pages, http2: true });
    page = await openWidgets(fake);
    const server = fake;
    await eventually(() => expect(server.requests.openWatches()).toBe(WIDGETS), { timeoutMs: 30_000 });
    expect(new Set(server.requests.all({ watch: true, open: true }).map(question)).size).toBe(WIDGETS);
    await eventually(async () => expect(await page!.evaluate(() => window.rxkubePage.answeredWidgets())).toBe(WIDGETS));
    expect(await page.evaluate(() => window.rxkubePage.transports())).toEqual(Array(WIDGETS).fill('stream'));
    expect(await page.evaluate(() => performance.getEntriesByType('resource').map((e) => (e as PerformanceResourceTiming).nextHopProtocol).find((p) => p !== ''))).toBe('h2');
    figures.push(`h2 ${server.requests.openWatches()} streams for ${WIDGETS} questions`);
  });
});
