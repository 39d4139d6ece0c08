/**
 * Scaling (issue 12): µs of rxkube's own work per watch batch of about 12
 * events, at list sizes 1k, 5k, 20k and 50k. Flat is the goal: the 50k figure
 * at most 1.5x the 1k one. How one size is measured: run-size.mjs.
 *
 *   node bench/scaling/main.mjs [--quick] [--rounds N] [--events N]
 *
 * Each size runs in a fresh process, R rounds, rotating the order of sizes
 * each round; figures are medians over the rounds.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machine, markdownTable, median, ratio } from '../watch-throughput/report.mjs';

const { values: args } = parseArgs({
  strict: false,
  options: {
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    events: { type: 'string' },
  },
});
const SIZES = [1_000, 5_000, 20_000, 50_000];
const TARGET = 1.5;
const rounds = Number(args.rounds ?? (args.quick ? 1 : 3));
const events = Number(args.events ?? (args.quick ? 2_000 : 4_000));

const host = machine();
console.log('## Scaling: rxkube work per watch batch\n');
console.log(`${host.cpu}, ${host.cores} cores, Node ${host.node}, load ${host.load}, ${host.date}, rxkube ${host.commit}`);
console.log(`${events.toLocaleString('en-US')} real-traffic events per run in 48-80 KiB chunks, the first quarter left out; ${rounds} rounds, fresh process per run\n`);

const results = [];
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < SIZES.length; i++) {
    const pods = SIZES[(i + round) % SIZES.length];
    const result = await runSize(pods);
    results.push(result);
    const perBatch = (result.storeUs + result.flushUs) / result.batches;
    console.error(`  [scaling] round ${round + 1}/${rounds} ${String(pods).padStart(6)} pods: ${perBatch.toFixed(0)} µs/batch (CPU ${(result.cpuUs / result.batches).toFixed(0)})`);
  }
}

const rows = SIZES.map((pods) => {
  const mine = results.filter((result) => result.pods === pods);
  return {
    pods,
    eventsPerBatch: median(mine.map((r) => r.events / r.batches)),
    storeUs: median(mine.map((r) => r.storeUs / r.batches)),
    flushUs: median(mine.map((r) => r.flushUs / r.batches)),
    totalUs: median(mine.map((r) => (r.storeUs + r.flushUs) / r.batches)),
    cpuUs: median(mine.map((r) => r.cpuUs / r.batches)),
  };
});
const base = rows[0];
console.log(
  markdownTable(
    ['pods in the list', 'events per batch', 'store calls µs/batch', 'flush + list read µs/batch', 'rxkube µs/batch', 'x 1k', 'rxkube CPU µs/batch', 'CPU x 1k'],
    rows.map((row) => [
      row.pods.toLocaleString('en-US'),
      row.eventsPerBatch.toFixed(1),
      row.storeUs.toFixed(0),
      row.flushUs.toFixed(0),
      row.totalUs.toFixed(0),
      ratio(row.totalUs / base.totalUs),
      row.cpuUs.toFixed(0),
      ratio(row.cpuUs / base.cpuUs),
    ]),
  ),
);
const growth = rows.at(-1).totalUs / base.totalUs;
const cpuGrowth = rows.at(-1).cpuUs / base.cpuUs;
console.log(`\n50k / 1k: ${ratio(growth)} in time, ${ratio(cpuGrowth)} in CPU (target <= ${TARGET.toFixed(2)}x: ${growth <= TARGET ? 'met' : 'missed'} in time, ${cpuGrowth <= TARGET ? 'met' : 'missed'} in CPU)\n`);

function runSize(pods) {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./run-size.mjs', import.meta.url)), [String(pods), String(events)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result;
    child.on('message', (message) => {
      if (message?.type === 'result') result = message.result;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => (result ? resolve(result) : reject(new Error(`the ${pods}-pod scaling run failed (exit ${code ?? signal})`))));
  });
}
