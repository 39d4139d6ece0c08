/**
 * Fair pacing (issue 16, item 3): a small query must not wait for a big one.
 * From a write at the server to the callback of a one-object `watchResource`
 * (a ConfigMap, a query and a connection of its own), p50 and p99, while the
 * same client (default options) follows a 20,000-pod list. At idle the list
 * gets nothing; under load, S2's real traffic (the event mix, ~5 KB events,
 * 16-80 KiB chunks) at a steady rate (1,000 and 5,000 events/s, `--rate`). The
 * server (server.mjs, its own process) writes a probe on the ConfigMap every
 * 50 ms. How a run measures: run-client.mjs. Target: p99 <= 50 ms under load.
 *
 *   node bench/pacing/main.mjs [--quick] [--rounds N] [--rate 1000,5000]
 *
 * A client that cannot keep up with the rate (a busy machine) falls behind on
 * the list: the table says by how many events at the last probe, since then
 * the delays measure the CPU it lacked more than the pacing.
 *
 * Each run is a fresh client process; the conditions rotate over the rounds;
 * the delays of all rounds are pooled per condition.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { forkServer } from '../support/forkServer.mjs';
import { machine, markdownTable, quantile } from '../watch-throughput/report.mjs';

const { values: args } = parseArgs({ strict: false, options: { quick: { type: 'boolean', default: false }, rounds: { type: 'string' }, rate: { type: 'string' } } });
const PODS = 20_000;
const PROBES = args.quick ? 60 : 150;
const RATES = (args.rate ?? '1000,5000').split(',').map(Number);
const P99_TARGET_MS = 50;
/** How long a client may take, once the server is done, to show the last probe; then it reports what it saw. */
const CATCH_UP_MS = 60_000;
const rounds = Number(args.rounds ?? (args.quick ? 1 : 2));
const CONDITIONS = [
  { name: 'idle (the list gets nothing)', rate: 0 },
  ...RATES.map((rate) => ({ name: `list at ${rate.toLocaleString('en-US')} events/s`, rate })),
];
// Enough events for a run at the rate (a probe every 50 ms), and some over.
const EVENTS = Math.ceil((Math.max(...RATES) * PROBES * 50) / 1000) + 1_000;

const host = machine();
console.log('## Fair pacing: a one-object query beside a 20,000-pod list\n');
console.log(`${host.cpu}, ${host.cores} cores, Node ${host.node}, load ${host.load}, ${host.date}, rxkube ${host.commit}`);
console.log(
  `${PODS.toLocaleString('en-US')} pods listed; a probe every 50 ms on a ConfigMap followed by watchResource in the same client, ${PROBES} per run; load: S2's real traffic on the list at a steady rate; ${rounds} rounds, fresh client process per run\n`,
);
const server = await startServer();

const pooled = new Map(CONDITIONS.map((c) => [c.name, []]));
const played = new Map(CONDITIONS.map((c) => [c.name, []]));
const behindBy = new Map(CONDITIONS.map((c) => [c.name, []]));
const loads = new Map(CONDITIONS.map((c) => [c.name, []]));
const notes = [];
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < CONDITIONS.length; i++) {
    const condition = CONDITIONS[(i + round) % CONDITIONS.length];
    const { result, ran, listed, load } = await runOne(condition);
    pooled.get(condition.name).push(...result.delays);
    played.get(condition.name).push(ran);
    if (!result.ownQuery) notes.push(`${condition.name}, round ${round + 1}: the ConfigMap had no connection of its own`);
    if (!result.finished) notes.push(`${condition.name}, round ${round + 1}: the last probe had not arrived ${CATCH_UP_MS / 1000} s after the server finished; the delays are those seen until then`);
    const behind = Math.max(0, ran.events - result.listEvents);
    behindBy.get(condition.name).push(behind);
    loads.get(condition.name).push(load);
    console.error(
      `  [pacing] round ${round + 1}/${rounds} ${condition.name}: p50 ${quantile(result.delays, 0.5).toFixed(1)} ms, p99 ${quantile(result.delays, 0.99).toFixed(1)} ms (${result.delays.length} probes seen; ${listed} pods listed; list ${behind > 0 ? `${behind} events behind` : 'caught up'} at the last probe, ${result.emissions} list emissions; load ${load})`,
    );
  }
}
server.stop();

console.log(
  markdownTable(
    ['condition', 'probes / sent', 'p50', 'p99', 'max', 'list events/s sent', 'list behind at the end (events)', 'load', 'target'],
    CONDITIONS.map((condition) => {
      const delays = pooled.get(condition.name);
      const p99 = quantile(delays, 0.99);
      const rates = played.get(condition.name).map((ran) => Math.round(ran.events / ran.seconds).toLocaleString('en-US'));
      const target = condition.rate === 0 ? 'reported (the idle figure)' : `p99 <= ${P99_TARGET_MS} ms: ${p99 <= P99_TARGET_MS ? 'met' : 'missed'}`;
      const behind = behindBy.get(condition.name).join(', ');
      return [condition.name, `${delays.length} / ${PROBES * rounds}`, ms(quantile(delays, 0.5)), ms(p99), ms(Math.max(...delays)), rates.join(', '), behind, loads.get(condition.name).join(', '), target];
    }),
  ),
);
console.log('(Every probe counts from its own write, also one that a later probe replaced before a callback saw it.)');
for (const note of notes) console.log(`- ${note}`);
console.log('');

function ms(value) {
  return `${value.toFixed(1)} ms`;
}

async function runOne(condition) {
  const child = fork(fileURLToPath(new URL('./run-client.mjs', import.meta.url)), [JSON.stringify({ url: server.url, finalSeq: PROBES })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const message = (type) => new Promise((resolve) => child.on('message', (m) => m?.type === type && resolve(m)));
  const resultMessage = message('result');
  const ready = await Promise.race([message('ready'), exited.then(() => Promise.reject(new Error(`the ${condition.name} pacing client exited early`)))]);
  const load = machine().load;
  const ran = await server.run(condition.rate, PROBES);
  const ask = setTimeout(() => child.send({ type: 'report' }), CATCH_UP_MS);
  const { result } = await Promise.race([resultMessage, exited.then(() => Promise.reject(new Error(`the ${condition.name} pacing client exited without a result`)))]);
  clearTimeout(ask);
  await exited;
  return { result, ran, listed: ready.listed, load };
}

async function startServer() {
  const child = await forkServer(new URL('./server.mjs', import.meta.url), [String(PODS), String(EVENTS)], 'pacing server');
  return { url: child.ready.url, run: (rate, probes) => child.request('run', { rate, probes }, 'ran'), stop: child.stop };
}
