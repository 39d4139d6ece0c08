// The downgrade switch moves the console's queries between streaming and
// polling in place (client.setDowngradeWatch): what is on screen stays — the
// same DOM rows, never a loading page — while the connections change transport.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './support/stack.ts';
import { eventually } from '../support/until.ts';

describe('the downgrade switch', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ seedState: true, seed: 8 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const podConnection = (transport: string, phase: string) =>
    stack.page.locator(`[data-testid="connection-row"][data-resource="pods"][data-transport="${transport}"][data-phase="${phase}"]`);
  const removedRows = () => stack.page.evaluate(() => (window as unknown as { removedPodRows: number }).removedPodRows);

  it('keeps the same rows on screen while the queries move to polling and back', async () => {
    await stack.open('#/pods?ns=default');
    await podConnection('stream', 'ready').waitFor();
    const row = await stack.page.locator('[data-testid="pod-row"]').first().elementHandle();
    expect(row).not.toBeNull();
    // From here on, count every pod row that leaves the DOM (a rebuilt client shows a loading page first).
    await stack.page.evaluate(() => {
      const counter = window as unknown as { removedPodRows: number };
      counter.removedPodRows = 0;
      const rows = '[data-testid="pod-row"]';
      new MutationObserver((records) => {
        for (const record of records) {
          for (const node of record.removedNodes) {
            if (node instanceof Element && (node.matches(rows) || node.querySelector(rows) !== null)) counter.removedPodRows += 1;
          }
        }
      }).observe(document.body, { childList: true, subtree: true });
    });

    const switchedAt = Date.now();
    await stack.page.getByTestId('downgrade-switch').check();
    // The first poll answered (the phase says polling) and no watch is left.
    await podConnection('poll', 'polling').waitFor();
    await eventually(() => expect(stack.fake.requests.openWatches()).toBe(0));
    expect(stack.fake.requests.all({ resource: 'pods', verb: 'list' }).some((r) => r.openedAt >= switchedAt)).toBe(true);
    expect(await row!.evaluate((element) => element.isConnected)).toBe(true);
    expect(await removedRows()).toBe(0);

    await stack.page.getByTestId('downgrade-switch').uncheck();
    await podConnection('stream', 'ready').waitFor();
    await eventually(() => expect(stack.fake.requests.openWatches({ resource: 'pods' })).toBe(1));
    expect(await row!.evaluate((element) => element.isConnected)).toBe(true);
    expect(await removedRows()).toBe(0);
    expect(stack.pageErrors).toEqual([]);
  });
});
