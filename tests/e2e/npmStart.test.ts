// The console as `npm start` serves it (scripts/start.mjs: a production build
// behind `vite preview`), at 10,000 pods: the all-namespaces list loads in
// full and follows changes. Behaviour only; its timing is a figure of
// `npm run bench` (bench/browser). KUBE_API_URL points start.mjs at this
// file's fake apiserver, which simulates the workload at scale 40 (about
// 10,000 pods) and rate 1 (about 6 events/s), as the benchmark does.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { resources, startFakeApiServer, type FakeApiServer } from '@rxkube/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.ts';
import { eventually } from '../support/until.ts';
import { waitForText } from './support/waitForText.ts';
import { createNamespace, createPod } from './support/objects.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Generous: on two shared cores the production build alone can take a minute. */
const START_TIMEOUT_MS = 240_000;
const PAGE_TIMEOUT_MS = 90_000;

interface NpmStart {
  url: string;
  output: string[];
  stop(): Promise<number | null>;
}

/** `node scripts/start.mjs` (what `npm start` runs after the toolchain) against `apiUrl`, on any free port. */
function npmStart(apiUrl: string): Promise<NpmStart> {
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: ROOT,
    env: { ...process.env, KUBE_API_URL: apiUrl, CONSOLE_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const stop = (): Promise<number | null> =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve(child.exitCode)
      : new Promise((resolve) => {
          child.once('exit', (code) => resolve(code));
          child.kill('SIGTERM');
        });
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`npm start printed no "rxkube console:" line in ${START_TIMEOUT_MS / 1000} s:\n${output.join('\n')}`));
    }, START_TIMEOUT_MS);
    createInterface({ input: child.stdout }).on('line', (line) => {
      output.push(line);
      const match = /^rxkube console: (http:\/\/\S+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, output, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before serving:\n${output.join('\n')}`));
    });
  });
}

describe('npm start at 10,000 pods (production build)', () => {
  let fake: FakeApiServer;
  let served: NpmStart | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  const podCount = () => fake.clusters.global.list(resources.Pods).length;

  beforeAll(async () => {
    fake = await startFakeApiServer({ port: 0, clusters: ['global', 'calico3'], simulate: { scale: 40, rate: 1, tickIntervalMs: 1_000 } });
    served = await npmStart(fake.url);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    const code = await served?.stop();
    await fake?.close();
    // Asserted last, so that a failed start still tears everything down.
    expect(code, served?.output.join('\n')).toBe(0);
  });

  it('serves the production build with the API behind it', async () => {
    expect(served!.output).toContain('  Production build (npm run dev serves the development build with hot reload).');
    const html = await (await fetch(served!.url)).text();
    // A built page loads hashed assets; the dev server would serve /@vite/client and the sources.
    expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js">/);
    expect(html).not.toContain('/@vite/client');
    const namespaces = await fetch(new URL('api/v1/namespaces', served!.url));
    expect(namespaces.status).toBe(200);
  });

  it('shows every pod of all namespaces', async () => {
    expect(podCount()).toBeGreaterThanOrEqual(10_000);
    await page.goto(new URL('#/pods', served!.url).href);
    // The simulator keeps changing the pods: the page has them all when its count is the model's.
    await eventually(
      async () => {
        const shown = await page.getByTestId('pod-count').textContent({ timeout: PAGE_TIMEOUT_MS });
        expect(shown).toBe(`${podCount()} pods`);
      },
      { timeoutMs: 180_000, intervalMs: 250 },
    );
    expect(await page.getByTestId('pod-row').count()).toBeLessThan(80);
  });

  it('follows an added pod and a change to it among 10,000', async () => {
    const cluster = fake.clusters.global;
    createNamespace(cluster, 'e2e-start');
    const name = 'npm-start-probe';
    const row = page.locator(`[data-testid="pod-row"][data-name="${name}"]`);
    createPod(cluster, 'e2e-start', name, 'Running');
    await page.getByTestId('pod-filter').fill(name);
    await waitForText(row.getByTestId('pod-phase'), 'Running');
    const pod = cluster.get<any>(resources.Pods, { namespace: 'e2e-start', name });
    cluster.updateStatus(resources.Pods, { ...pod, status: { ...pod.status, phase: 'Failed' } });
    await waitForText(row.getByTestId('pod-phase'), 'Failed');
    // The rest of the list keeps following too: the filter off, the count is the model's again.
    await page.getByTestId('pod-filter').fill('');
    await eventually(async () => expect(await page.getByTestId('pod-count').textContent()).toBe(`${podCount()} pods`), { timeoutMs: 60_000, intervalMs: 250 });
    expect(pageErrors).toEqual([]);
  });

  it('runs the browser-only mode (?mock) from the build too, as the README says', async () => {
    const mockPage = await browser!.newPage();
    try {
      mockPage.setDefaultTimeout(PAGE_TIMEOUT_MS);
      mockPage.on('pageerror', (error) => pageErrors.push(error.message));
      await mockPage.goto(new URL('/?mock#/pods?ns=testhl', served!.url).href);
      await mockPage.getByTestId('mock-mode').waitFor();
      await mockPage.getByTestId('pod-row').first().waitFor();
      expect(await mockPage.getByTestId('pod-count').textContent()).toMatch(/^\d+ pods$/);
    } finally {
      await mockPage.close();
    }
    // The first page lists all namespaces: a request for testhl's pods could only come from the mock page.
    expect(fake.requests.count({ resource: 'pods', namespace: 'testhl' })).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
