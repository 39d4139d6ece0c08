// Streaming lists against a Kubernetes 1.37 apiserver in Chromium. 1.37 sends
// a watch with sendInitialEvents=true gzip-compressed, one gzip member per
// flush (WatchListCompression), and Chromium's fetch delivers only the first
// member: the initial list arrives truncated and its initial-events-end
// bookmark never comes. The console, with `?streamingLists`, must still show
// every pod, never a truncated list as if complete, and say in the connection
// panel that this cluster fell back to list+watch (status.notice, reason
// StreamingListFallback). The pod list is opened in its `full` view: a
// table view never streams its list (WatchList cannot stream Tables).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resources } from '@rxkube/testing';
import { startStack, type Stack } from './support/stack.ts';
import { eventually } from '../support/until.ts';
import { waitForText } from './support/waitForText.ts';

interface PodLike {
  metadata: { name: string; namespace: string };
}

declare global {
  interface Window {
    /** Every text the pod count showed, in order (recorded by the init script below). */
    podCounts: string[];
  }
}

/** Records each distinct text of the pod count from the first paint on, so a passing glimpse of a wrong count is caught. */
function recordPodCounts() {
  window.podCounts = [];
  new MutationObserver(() => {
    const text = document.querySelector('[data-testid="pod-count"]')?.textContent ?? undefined;
    if (text !== undefined && text !== window.podCounts.at(-1)) window.podCounts.push(text);
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

describe('streaming lists against a server that gzips them (Chromium)', () => {
  let stack: Stack;
  const streamingListEncodings: Array<string | undefined> = [];

  beforeAll(async () => {
    stack = await startStack({ seedState: true, seed: 7, watchListCompression: true });
    await stack.page.addInitScript(recordPodCounts);
    stack.page.on('response', (response) => {
      if (response.url().includes('sendInitialEvents=true')) streamingListEncodings.push(response.headers()['content-encoding']);
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('shows the complete pod list, never a truncated one, and the fallback notice', async () => {
    const pods = stack.fake.clusters.global.list<PodLike>(resources.Pods, { namespace: 'testhl' });
    expect(pods.length).toBeGreaterThan(100);
    await stack.open('?streamingLists#/pods?ns=testhl&view=full');

    // The premise: the console asked for a streaming list and Chromium got it gzip-compressed.
    await eventually(() => expect(stack.fake.requests.all({ watch: true, resource: 'pods' }).some((r) => r.query.sendInitialEvents === 'true')).toBe(true));
    await eventually(() => expect(streamingListEncodings).toContain('gzip'));

    const shown = () => stack.page.evaluate(() => window.podCounts);
    await waitForText(stack.page.getByTestId('pod-count'), `${pods.length} pods`, 30_000).catch(async (error: unknown) => {
      throw new Error(`the complete list (${pods.length} pods) never showed; the pod count read ${JSON.stringify(await shown())}`, { cause: error });
    });
    const notice = stack.page.locator('[data-testid="connection-row"][data-resource="pods"] [data-testid="connection-notice"]');
    await notice.waitFor();
    expect(await notice.getAttribute('data-reason')).toBe('StreamingListFallback');
    expect((await notice.textContent())?.trim()).not.toBe('');

    // The fallback is list+watch: a plain list of the pods, then a watch without sendInitialEvents.
    const podRequests = stack.fake.requests.all({ resource: 'pods', namespace: 'testhl' });
    expect(podRequests.some((r) => r.verb === 'list')).toBe(true);
    await eventually(() => expect(stack.fake.requests.openWatches({ resource: 'pods', namespace: 'testhl' })).toBe(1));
    expect(stack.fake.requests.all({ resource: 'pods', namespace: 'testhl', open: true, watch: true })[0]!.query.sendInitialEvents).toBeUndefined();

    // Live after the fallback, and no count other than the complete one was ever shown.
    const victim = pods[0]!.metadata;
    stack.fake.clusters.global.delete(resources.Pods, { namespace: victim.namespace, name: victim.name });
    await waitForText(stack.page.getByTestId('pod-count'), `${pods.length - 1} pods`);
    const counts = await shown();
    expect(counts.filter((text) => /\d/.test(text))).toEqual([`${pods.length} pods`, `${pods.length - 1} pods`]);
    expect(stack.pageErrors).toEqual([]);
  });
});

describe('streaming lists against a server that does not compress them (Chromium)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ seedState: true, seed: 7 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('lists through the streaming list alone, with no fallback and no notice', async () => {
    const pods = stack.fake.clusters.global.list<PodLike>(resources.Pods, { namespace: 'testhl' });
    await stack.open('?streamingLists#/pods?ns=testhl&view=full');
    await waitForText(stack.page.getByTestId('pod-count'), `${pods.length} pods`);
    const victim = pods[0]!.metadata;
    stack.fake.clusters.global.delete(resources.Pods, { namespace: victim.namespace, name: victim.name });
    await waitForText(stack.page.getByTestId('pod-count'), `${pods.length - 1} pods`);
    const podRequests = stack.fake.requests.all({ resource: 'pods', namespace: 'testhl' });
    expect(podRequests.map((r) => `${r.verb} ${r.query.sendInitialEvents ?? ''}`.trim())).toEqual(['watch true']);
    expect(await stack.page.locator('[data-testid="connection-row"][data-resource="pods"] [data-testid="connection-notice"]').count()).toBe(0);
    expect(stack.pageErrors).toEqual([]);
  });
});

