/**
 * Live pod logs (issue 19): a tab follows a pod that writes 10,000 lines a
 * second for a minute. Reported per candidate (see page.js): the lines per
 * second the tab took in, the lines lost (written minus received once the
 * writer stopped and the stream drained: must be 0), the lines the client
 * kept, and the tab's JS heap after a GC, at the start, at the end and at
 * its highest over the run (sampled every second).
 *
 *   node bench/logs/main.mjs [--quick] [--seconds N] [--rate LINES_PER_S]
 *
 * A second table, catch-up: the pod has written CATCH_UP lines before the
 * tab opens its log with tailLines=CATCH_UP; how long until the tab has them
 * all, the lines per second that makes (what a tab can take in, beyond the
 * writer's rate), and the heap once they are in.
 *
 * The fake apiserver and the writer run in this process (packages/testing/dist),
 * the page in Chromium (its own processes), same origin; one fresh page and
 * one fresh pod per candidate, candidates in the order listed.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { launchChromium } from '../support/chromium.mjs';
import { machine, markdownTable, median } from '../watch-throughput/report.mjs';

const { values: args } = parseArgs({ strict: false, options: { quick: { type: 'boolean', default: false }, seconds: { type: 'string' }, rate: { type: 'string' } } });
const SECONDS = Number(args.seconds ?? (args.quick ? 10 : 60));
const RATE = Number(args.rate ?? 10_000);
const CANDIDATES = ['raw', 'rxkube', 'rxkube-none'];
/** The fake keeps 100,000 lines per log file (about the kubelet's 10 MiB rotation), so a catch-up reads at most that. */
const CATCH_UP = args.quick ? 50_000 : 100_000;
const here = (path) => fileURLToPath(new URL(path, import.meta.url));

const testing = await import(new URL('../../packages/testing/dist/index.js', import.meta.url).href);
const pages = await buildPage();
const fake = await testing.startFakeApiServer({ port: 0, pages });
const cluster = fake.clusters.global;
const browser = await launch();
const host = machine();

console.log('## Live pod logs: a tab following a pod that writes 10,000 lines/s\n');
console.log(`${host.cpu}, ${host.cores} cores, ${host.memoryGb} GB, Node ${host.node}, Chromium ${browser.version()}, load ${host.load}, ${host.date}, rxkube ${host.commit}`);
console.log(`${RATE.toLocaleString('en-US')} lines/s of ~110 bytes for ${SECONDS} s per candidate, fake apiserver and writer in the benchmark's process, the page in Chromium; heap: performance.memory.usedJSHeapSize after gc()\n`);

const results = [];
for (const candidate of CANDIDATES) {
  results.push(await runOne(candidate));
  const r = results[results.length - 1];
  console.error(`  [logs] ${candidate.padEnd(11)} ${Math.round(r.linesPerSecond).toLocaleString('en-US')} lines/s, lost ${r.lost}, heap ${mb(r.heapStart)} -> ${mb(r.heapEnd)} MB (max ${mb(r.heapMax)})`);
}
const catchUps = [];
for (const candidate of CANDIDATES) {
  catchUps.push(await catchUp(candidate));
  const r = catchUps[catchUps.length - 1];
  console.error(`  [logs] catch-up ${candidate.padEnd(11)} ${(r.ms / 1000).toFixed(2)} s, heap ${mb(r.heap)} MB`);
}
await browser.close();
await fake.close();

console.log(
  markdownTable(
    ['candidate', 'lines/s taken in', 'lines written', 'lines lost', 'lines kept', 'heap at start', 'heap at end', 'heap max', 'heap median'],
    results.map((r) => [
      r.candidate,
      Math.round(r.linesPerSecond).toLocaleString('en-US'),
      r.written.toLocaleString('en-US'),
      String(r.lost),
      r.kept.toLocaleString('en-US'),
      `${mb(r.heapStart)} MB`,
      `${mb(r.heapEnd)} MB`,
      `${mb(r.heapMax)} MB`,
      `${mb(r.heapMedian)} MB`,
    ]),
  ),
);

console.log(`\nCatch-up: ${CATCH_UP.toLocaleString('en-US')} lines written before the tab opens the log with tailLines=${CATCH_UP}\n`);
console.log(
  markdownTable(
    ['candidate', 'all lines in after', 'lines/s', 'lines kept', 'heap once in'],
    catchUps.map((r) => [r.candidate, `${(r.ms / 1000).toFixed(2)} s`, Math.round(CATCH_UP / (r.ms / 1000)).toLocaleString('en-US'), r.kept.toLocaleString('en-US'), `${mb(r.heap)} MB`]),
  ),
);

async function catchUp(candidate) {
  const pod = `backlog-${candidate}`;
  cluster.create(testing.resources.Pods, testing.podObject('bench', pod, { app: 'running' }));
  lineWriter(pod).upTo(CATCH_UP);
  const page = await browser.newPage();
  await page.goto(`${fake.url}/`);
  await sample(page);
  const started = performance.now();
  await page.evaluate((options) => window.startFollow(options), { candidate, pod, tailLines: CATCH_UP });
  const done = await waitFor(page, (s) => s.received >= CATCH_UP, 120_000);
  const ms = performance.now() - started;
  const heap = (await sample(page)).heap;
  await page.evaluate(() => window.stopFollow());
  await page.close();
  cluster.delete(testing.resources.Pods, { namespace: 'bench', name: pod });
  return { candidate, ms, kept: done.kept, heap };
}

async function runOne(candidate) {
  const pod = `writer-${candidate}`;
  cluster.create(testing.resources.Pods, testing.podObject('bench', pod, { app: 'running' }));
  const page = await browser.newPage();
  await page.goto(`${fake.url}/`);
  await page.evaluate((options) => window.startFollow(options), { candidate, pod });
  await waitFor(page, (s) => s.phase === 'streaming');
  const heapStart = (await sample(page)).heap;
  const write = lineWriter(pod);
  const started = performance.now();
  const heaps = [];
  let first;
  while (performance.now() - started < SECONDS * 1000) {
    const due = Math.floor(((performance.now() - started) / 1000) * RATE);
    write.upTo(due);
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (heaps.length < Math.floor((performance.now() - started) / 1000)) {
      const s = await sample(page);
      first ??= { at: performance.now(), received: s.received };
      heaps.push(s.heap);
    }
  }
  write.upTo(Math.floor(SECONDS * RATE));
  const last = await sample(page);
  const linesPerSecond = (last.received - first.received) / ((performance.now() - first.at) / 1000);
  // Drained: everything written arrives (or the wait ends and the difference is reported as lost).
  const drained = await waitFor(page, (s) => s.received >= write.count, 15_000).catch(() => undefined);
  const end = drained ?? (await sample(page));
  await page.evaluate(() => window.stopFollow());
  await page.close();
  cluster.delete(testing.resources.Pods, { namespace: 'bench', name: pod });
  return {
    candidate,
    linesPerSecond,
    written: write.count,
    lost: write.count - end.received,
    kept: end.kept,
    heapStart,
    heapEnd: end.heap,
    heapMax: Math.max(...heaps, end.heap),
    heapMedian: median(heaps),
  };
}

/** Writes numbered lines (~110 bytes, one in ten coloured) to the pod until `count` reaches the number due. */
function lineWriter(pod) {
  const ref = { namespace: 'bench', pod };
  const address = testing.currentLog(cluster, ref);
  const store = testing.logsOf(cluster);
  let count = 0;
  return {
    get count() {
      return count;
    },
    upTo(due) {
      const now = Date.now();
      for (; count < due; count++) {
        const level = count % 10 === 0 ? '\u001b[33mWARN\u001b[0m' : 'INFO';
        store.write(address, `${level}  GET /api/items/${count % 997} 200 ${count % 90}ms seq=${count} trace=${(count * 2654435761 >>> 0).toString(16).padStart(8, '0')}`, now);
      }
    },
  };
}

async function sample(page) {
  return page.evaluate(() => window.sample());
}

async function waitFor(page, check, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await sample(page);
    if (check(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out: ${JSON.stringify(s)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function mb(bytes) {
  return (bytes / 2 ** 20).toFixed(1);
}

async function buildPage() {
  const output = await build({
    configFile: false,
    logLevel: 'warn',
    root: here('.'),
    resolve: { alias: { '@rxkube/core': here('../../packages/core/dist/index.js') } },
    build: { write: false, minify: false, modulePreload: false, rollupOptions: { input: { page: here('./page.js') }, output: { entryFileNames: '[name].js' } } },
  });
  const files = {
    '/': { contentType: 'text/html', body: '<!doctype html><html><head><meta charset="utf-8"><title>rxkube logs bench</title><script type="module" src="/page.js"></script></head><body>rxkube logs bench</body></html>' },
  };
  for (const result of Array.isArray(output) ? output : [output]) {
    for (const file of result.output) if (file.type === 'chunk') files[`/${file.fileName}`] = { contentType: 'text/javascript', body: file.code };
  }
  return files;
}

function launch() {
  return launchChromium(['--enable-precise-memory-info', '--js-flags=--expose-gc', '--disable-background-timer-throttling']);
}
