/**
 * The console's JS heap with its pod list in each view: the console's
 * production build (vite preview, proxying to a fake apiserver whose
 * simulator seeds `--scale` times its few hundred pods, and churns them),
 * Chromium, all namespaces. For each view, interleaved over rounds, a fresh
 * browser context opens `#/pods?view=...`, waits until the list shows the
 * pods, lets it run `--settle` seconds, collects garbage (CDP
 * HeapProfiler.collectGarbage) and reads the heap used (Runtime.getHeapUsage).
 * Medians, and ratios to `full`.
 *
 *   NODE_ENV=production node bench/views/consoleHeap.mjs [--scale 40] [--rounds 3] [--settle 5]
 *   NODE_ENV=production node bench/views/consoleHeap.mjs --pods 100000 [--namespaces 500]
 *
 * `--pods N` seeds N pods of the throughput benchmark's shape instead (about
 * 5 KB each, with the 2.9 KB of managedFields of bench/views/fixture.mjs),
 * over `--namespaces` namespaces, without churn.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const VIEWS = ['full', 'metadata', 'table'];
const { values } = parseArgs({
  strict: false,
  options: { scale: { type: 'string' }, rounds: { type: 'string' }, settle: { type: 'string' }, quick: { type: 'boolean' }, pods: { type: 'string' }, namespaces: { type: 'string' } },
});
const scale = Number(values.scale ?? (values.quick ? 4 : 40));
const rounds = Number(values.rounds ?? (values.quick ? 1 : 3));
const settleMs = Number(values.settle ?? 5) * 1000;

const testing = await import(new URL('../../packages/testing/dist/index.js', import.meta.url).href);
const fake = await testing.startFakeApiServer(values.pods ? { clusters: ['global', 'calico3'] } : { simulate: { scale, rate: 1, tickIntervalMs: 1_000 }, clusters: ['global', 'calico3'] });
if (values.pods) await seedPods(Number(values.pods), Number(values.namespaces ?? 500));
const pods = fake.clusters.global.list(testing.resources.Pods).length;
const churn = values.pods ? 'no churn' : 'simulator rate 1';
const outDir = mkdtempSync(join(tmpdir(), 'rxkube-console-heap-'));
const { build, preview } = await import('vite');
const { consoleConfig } = await import(fileURLToPath(new URL('../../apps/console/vite.config.ts', import.meta.url)));
const config = { ...consoleConfig({ apiUrl: fake.url, port: 0 }), configFile: false, logLevel: 'warn' };
const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((path) => path && existsSync(path));
if (!executablePath) throw new Error('chromium not found: run `bash scripts/ensure-chromium.sh` or set CHROMIUM_PATH');
let server;
let browser;
try {
  await build({ ...config, build: { outDir, emptyOutDir: true, minify: true } });
  server = await preview({ ...config, build: { outDir }, preview: { ...config.preview, port: 0, strictPort: false } });
  const url = server.resolvedUrls?.local[0];
  browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const results = Object.fromEntries(VIEWS.map((view) => [view, []]));
  for (let round = 0; round < rounds; round++) {
    for (const view of [...VIEWS.slice(round % VIEWS.length), ...VIEWS.slice(0, round % VIEWS.length)]) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const page = await context.newPage();
        const started = Date.now();
        await page.goto(`${url}#/pods?view=${view}`);
        await page.waitForFunction((expected) => {
          const match = /^(\d+) pods$/.exec(document.querySelector('[data-testid="pod-count"]')?.textContent ?? '');
          return match && Number(match[1]) >= expected;
        }, Math.floor(pods * 0.95), { timeout: 300_000, polling: 100 });
        const loadMs = Date.now() - started;
        await page.waitForTimeout(settleMs);
        const cdp = await context.newCDPSession(page);
        await cdp.send('HeapProfiler.collectGarbage');
        const { usedSize } = await cdp.send('Runtime.getHeapUsage');
        results[view].push({ usedSize, loadMs });
        console.error(`round ${round + 1} ${view}: heap ${(usedSize / 2 ** 20).toFixed(1)} MiB, list shown in ${(loadMs / 1000).toFixed(1)} s`);
      } finally {
        await context.close();
      }
    }
  }
  const base = median(results.full.map((r) => r.usedSize));
  console.log(`\nThe console's pod list (all namespaces), ${pods.toLocaleString('en-US')} pods, ${churn}; production build; ${rounds} rounds; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  console.log('| view | page JS heap after GC | x full | list shown in |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const view of VIEWS) {
    const heap = median(results[view].map((r) => r.usedSize));
    console.log(`| ${view} | ${(heap / 2 ** 20).toFixed(1)} MiB | ${(heap / base).toFixed(2)}x | ${(median(results[view].map((r) => r.loadMs)) / 1000).toFixed(1)} s |`);
  }
} finally {
  await browser?.close();
  await server?.close();
  await fake.close();
  rmSync(outDir, { recursive: true, force: true });
}
process.exit(0);

async function seedPods(count, namespaces) {
  const { makePod } = await import('../watch-throughput/fixture.mjs');
  const { managedFieldsOf } = await import('./fixture.mjs');
  const cluster = fake.clusters.global;
  for (let n = 0; n < namespaces; n++) cluster.create(testing.resources.Namespaces, { metadata: { name: `ns-${String(n).padStart(3, '0')}` } });
  for (let i = 0; i < count; i++) {
    const pod = makePod(i, `pod-${String(i).padStart(6, '0')}`, `ns-${String(i % namespaces).padStart(3, '0')}`);
    const { resourceVersion: _rv, uid: _uid, ...metadata } = pod.metadata;
    cluster.create(testing.resources.Pods, { ...pod, metadata: { ...metadata, managedFields: managedFieldsOf(pod) } });
  }
}

function median(xs) {
  return xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)];
}
