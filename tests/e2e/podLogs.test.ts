// The pod detail page's live logs in Chromium: a follow the fake cuts (mid-
// line, then mid-second) shows every line it wrote once, in order; follow
// keeps the newest line in view; pause holds the view still while the
// stream goes on; ANSI colours and search marks are rendered; the container
// picker and the download of the kept lines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { podObject, resources, setContainer, writePodLog } from '@rxkube/testing';
import { startStack, type Stack } from './support/stack.ts';
import { eventually } from '../support/until.ts';
import { createNamespace } from './support/objects.ts';

describe('pod logs', () => {
  let stack: Stack;
  const byId = (id: string) => stack.page.getByTestId(id);
  const cluster = () => stack.fake.clusters.global;
  const logRequests = (pod: string) => stack.fake.requests.all().filter((r) => r.path.endsWith(`/pods/${pod}/log`));

  /** What the page shows, line by line, as `timestamp text` (the text as rendered, colours gone). */
  const shown = () =>
    stack.page.locator('[data-testid="log-line"]').evaluateAll((rows) =>
      rows
        .map((row) => ({ n: Number(row.getAttribute('data-number')), line: `${row.getAttribute('data-time')} ${row.querySelector('[data-testid="log-text"]')!.textContent}` }))
        .toSorted((a, b) => a.n - b.n)
        .map((r) => r.line),
    );

  function createLoggingPod(name: string) {
    cluster().create(resources.Pods, podObject('default', name, { app: 'running' }));
    return (text: string, ms = Date.now()) => writePodLog(cluster(), { namespace: 'default', pod: name }, text, ms);
  }

  beforeAll(async () => {
    stack = await startStack({ seed: 19 });
    createNamespace(cluster(), 'default');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('shows every line the fake wrote once, in order, across a cut mid-line and a cut mid-second', async () => {
    const write = createLoggingPod('cut');
    const second = Date.now();
    const written = ['same', 'same', 'other', 'same', 'fourth', 'fifth'].flatMap((text) => write(text, second));
    // The first follow is cut half-way through its fourth line; the one that resumes is cut between two lines of that second.
    stack.fake.faults.inject({ kind: 'cutMidLine', afterEvents: 3 }, { resource: 'pods', verb: 'get' });
    stack.fake.faults.inject({ kind: 'logCutMidSecond', afterLines: 1 }, { resource: 'pods', verb: 'get' });
    await stack.newPage();
    // Vite's dev proxy keeps the page's connection open, silent, when the fake cuts its own: the follow notices after a second.
    await stack.open('?logStallSeconds=1#/pods/default/cut');
    await eventually(async () => expect(await shown()).toEqual(written));
    await eventually(() => expect(logRequests('cut').length).toBeGreaterThanOrEqual(3));
    await eventually(async () => expect(await byId('log-status').getAttribute('data-phase')).toBe('streaming'));
    written.push(...['same', 'after the cuts', '\u001b[31mred\u001b[0m'].flatMap((text) => write(text, second)));
    const expected = written.map((line) => line.replace('\u001b[31mred\u001b[0m', 'red'));
    await eventually(async () => expect(await shown()).toEqual(expected));
    await expect(stack.page.locator('.log-line .ansi-red').first().textContent()).resolves.toBe('red');
    // Every later follow resumed from the second of the lines shown.
    const since = logRequests('cut').slice(1).map((r) => r.query.sinceTime);
    expect(new Set(since)).toEqual(new Set([`${new Date(second).toISOString().slice(0, 19)}Z`]));

    await byId('log-search').fill('same');
    await eventually(async () => expect(await byId('log-matches').textContent()).toBe('4 matching'));
    expect(await stack.page.locator('.log-line mark').count()).toBe(4);
    expect(stack.pageErrors).toEqual([]);
  });

  it('follow keeps the newest line in view; pause stops the scrolling, not the stream', async () => {
    const write = createLoggingPod('busy');
    for (let i = 0; i < 300; i++) write(`line ${i}`);
    await stack.newPage();
    await stack.open('#/pods/default/busy');
    const newest = (text: string) => stack.page.locator('[data-testid="log-text"]', { hasText: new RegExp(`^${text}$`) });
    await newest('line 299').waitFor();
    await eventually(async () => expect(await atBottom()).toBe(true));
    for (let i = 300; i < 400; i++) write(`line ${i}`);
    await newest('line 399').waitFor();
    await eventually(async () => expect(await atBottom()).toBe(true));

    await byId('log-pause').click();
    const scrollTop = await byId('log-scroll').evaluate((element) => element.scrollTop);
    const receivedBefore = Number(await byId('log-count').getAttribute('data-received'));
    for (let i = 400; i < 450; i++) write(`line ${i}`);
    // The stream goes on: the lines arrive and are counted...
    await eventually(async () => expect(Number(await byId('log-count').getAttribute('data-received'))).toBe(receivedBefore + 50));
    await eventually(async () => expect(await byId('log-follow').textContent()).toBe('Follow (+50 new)'));
    // ...while the view holds still on what it showed.
    expect(await byId('log-scroll').evaluate((element) => element.scrollTop)).toBe(scrollTop);
    expect(await newest('line 449').count()).toBe(0);
    expect(await newest('line 399').isVisible()).toBe(true);

    await byId('log-follow').click();
    await newest('line 449').waitFor();
    await eventually(async () => expect(await atBottom()).toBe(true));
    expect(stack.pageErrors).toEqual([]);
  });

  it('picks a container, and downloads the kept lines as kubectl logs --timestamps prints them', async () => {
    cluster().create(resources.Pods, podObject('default', 'pair', { app: 'running', sidecar: 'running' }));
    const app = writePodLog(cluster(), { namespace: 'default', pod: 'pair', container: 'app' }, 'from app');
    const sidecar = writePodLog(cluster(), { namespace: 'default', pod: 'pair', container: 'sidecar' }, 'from sidecar\n\u001b[36mcyan\u001b[0m');
    await stack.newPage();
    await stack.open('#/pods/default/pair');
    await eventually(async () => expect(await shown()).toEqual(app));
    await byId('log-container').selectOption('sidecar');
    await eventually(async () => expect(await shown()).toEqual(sidecar.map((line) => line.replace('\u001b[36mcyan\u001b[0m', 'cyan'))));
    const [download] = await Promise.all([stack.page.waitForEvent('download'), byId('log-download').click()]);
    expect(download.suggestedFilename()).toBe('pair-sidecar.log');
    const saved = await download.createReadStream().then(async (stream) => {
      let text = '';
      for await (const chunk of stream) text += chunk.toString();
      return text;
    });
    expect(saved).toBe(`${sidecar.join('\n')}\n`);
    expect(stack.pageErrors).toEqual([]);
  });

  it('marks where a restarted container\'s new run begins', async () => {
    const write = createLoggingPod('crashy');
    const ref = { namespace: 'default', pod: 'crashy' };
    const first = write('run zero');
    await stack.newPage();
    await stack.open('#/pods/default/crashy');
    await eventually(async () => expect(await shown()).toEqual(first));
    setContainer(cluster(), ref, 'waiting', { restart: true });
    await eventually(async () => expect(await stack.page.locator('[data-testid="container-restarts"][data-container="app"]').textContent()).toContain('1 restarts'));
    setContainer(cluster(), ref, 'running');
    const second = write('run one');
    await eventually(async () => expect(await shown()).toEqual([...first, ...second]));
    expect(await stack.page.locator('.log-line.new-run .log-run').textContent()).toBe('restart 1');
    expect(stack.pageErrors).toEqual([]);
  });

  /** The scroll box shows its last pixel. */
  const atBottom = () => byId('log-scroll').evaluate((element) => element.scrollTop + element.clientHeight >= element.scrollHeight - 1);
});
