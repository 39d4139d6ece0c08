// `npm run bench`: build the packages, then run every benchmark of issue 12 in
// turn, each in its own process on the built packages/core/dist, printing
// markdown tables (see BENCHMARKS.md):
//   throughput  bench/watch-throughput  S1 and S2: parse, store floor, client-node informer, rxkube
//   scaling     bench/scaling           rxkube's µs per ~12-event batch at 1k..50k pods
//   fanout      bench/fanout            1,000 single-pod subscribers beside a 10,000-pod list
//   latency     bench/latency           write-to-callback p50/p99, idle and under S1 traffic
//   pacing      bench/pacing            the same for a one-object query beside a 20,000-pod list under S2 traffic
//   bundle      bench/bundle            gzipped ESM of { createKubeClient, Pods }, alone and with every browser add-on
//   chromium    bench/browser           S1 in a page, long tasks and whose code ran; the console
//   logs        bench/logs              a tab following a pod that writes 10,000 lines/s: lines/s and heap
//   fake        bench/fake              the fake apiserver at 20k/100k pods: its CPU, writes/s, GET and write-to-watch p50/p99
// Options: `--quick` (smoke run, a few minutes), `--only throughput,bundle`,
// and every benchmark's own options, passed to each (e.g. `--traffic friendly`,
// `--profile`, `--rounds 3`, `--json figures.json` for throughput).
// Benchmarks never fail on timing; a benchmark that cannot run fails the command.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const SUITES = {
  throughput: 'watch-throughput/main.mjs',
  scaling: 'scaling/main.mjs',
  fanout: 'fanout/main.mjs',
  latency: 'latency/main.mjs',
  pacing: 'pacing/main.mjs',
  bundle: 'bundle/main.mjs',
  chromium: 'browser/main.mjs',
  logs: 'logs/main.mjs',
  views: 'views/main.mjs',
  fake: 'fake/main.mjs',
};

const argv = process.argv.slice(2);
const { values } = parseArgs({ args: argv, strict: false, options: { only: { type: 'string' } } });
const chosen = values.only ? values.only.split(',') : Object.keys(SUITES);
for (const name of chosen) if (!SUITES[name]) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(SUITES).join(', ')}`);
const forwarded = argv.filter((arg, i) => arg !== '--only' && argv[i - 1] !== '--only' && !arg.startsWith('--only='));

const root = fileURLToPath(new URL('..', import.meta.url));
// Production, as consoles ship: rxkube deep-freezes what it hands out only in development builds
// (the throughput benchmark measures that build too, as its own candidate).
const env = { ...process.env, NODE_ENV: 'production' };
const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: 'inherit', env }).status;

if (run('pnpm', ['-r', '--filter', './packages/**', 'run', 'build']) !== 0) {
  console.error('bench: the build failed');
  process.exit(1);
}
if ((chosen.includes('chromium') || chosen.includes('logs')) && run('bash', ['scripts/ensure-chromium.sh']) !== 0) process.exit(1);

const began = performance.now();
const failed = [];
for (const name of chosen) {
  const started = performance.now();
  const status = run(process.execPath, [fileURLToPath(new URL(`../bench/${SUITES[name]}`, import.meta.url)), ...forwarded]);
  console.error(`bench: ${name} ${status === 0 ? 'done' : 'FAILED'} in ${((performance.now() - started) / 60_000).toFixed(1)} min`);
  if (status !== 0) failed.push(name);
}
console.log(`\nbench: ${chosen.length - failed.length} of ${chosen.length} benchmarks ran in ${((performance.now() - began) / 60_000).toFixed(1)} min${failed.length ? `; failed: ${failed.join(', ')}` : ''}`);
process.exit(failed.length ? 1 : 0);
