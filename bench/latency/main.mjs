/**
 * Latency (issue 12, item 5): from a write at the server to the subscriber's
 * callback, p50 and p99, with S1's 5,000-pod list watched by one client
 * (default options, `watchResourceList`). The server (server.mjs, its own
 * process) sends a probe on the last pod every 50 ms; at idle nothing else,
 * under load S1's real traffic (the event mix, ~5 KB events, 16-80 KiB
 * chunks) at a steady 1,000 or 5,000 events/s (S1's 50,000 events in 50 s or
 * in 10 s). How a run measures: run-client.mjs.
 *
 *   node bench/latency/main.mjs [--quick] [--rounds N]
 *
 * Each run is a fresh client process; the conditions rotate over the rounds;
 * the delays of all rounds are pooled per condition.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { forkServer } from '../support/forkServer.mjs';
import { machine, markdownTable, quantile } from '../watch-throughput/report.mjs';

const { values: args } = parseArgs({ strict: false, options: { quick: { type: 'boolean', default: false }, rounds: { type: 'string' } } });
const PROBES = args.quick ? 60 : 150;
const IDLE_P99_TARGET_MS = 35;
/** How long a client may take, once the server is done, to show the last probe; then it reports what it saw. */
const CATCH_UP_MS = 60_000;
const rounds = Number(args.rounds ?? (args.quick ? 1 : 2));
const CONDITIONS = [
  { name: 'idle', rate: 0 },
  { name: '1,000 events/s', rate: 1_000 },
  { name: '5,000 events/s', rate: 5_000 },
];
// Enough events for the fastest condition's run (probes every 50 ms).
const EVENTS = Math.ceil((5_000 * PROBES * 50) / 1000) + 1_000;

const server = await startServer();
const host = machine();
console.log('## Latency: a write at the server to the subscriber callback\n');
console.log(`${host.cpu}, ${host.cores} cores, Node ${host.node}, load ${host.load}, ${host.date}, rxkube ${host.commit}`);
console.log(`5,000 pods listed; a probe every 50 ms on the last pod, ${PROBES} per run; load: S1's real traffic at a steady rate; ${rounds} rounds, fresh client process per run\n`);

const pooled = new Map(CONDITIONS.map((c) => [c.name, []]));
const played = new Map(CONDITIONS.map((c) => [c.name, []]));
const unfinished = new Map();
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < CONDITIONS.length; i++) {
    const condition = CONDITIONS[(i + round) % CONDITIONS.length];
    const { delays, ran, finished } = await runOne(condition);
    pooled.get(condition.name).push(...delays);
    played.get(condition.name).push(ran);
    if (!finished) unfinished.set(condition.name, (unfinished.get(condition.name) ?? 0) + 1);
    const late = finished ? '' : `; the last probe had not arrived ${CATCH_UP_MS / 1000} s after the server finished`;
    console.error(`  [latency] round ${round + 1}/${rounds} ${condition.name}: p50 ${quantile(delays, 0.5).toFixed(1)} ms, p99 ${quantile(delays, 0.99).toFixed(1)} ms (${delays.length} probes seen${late})`);
  }
}
server.stop();

console.log(
  markdownTable(
    ['condition', 'probes seen / sent', 'p50', 'p99', 'max', 'events/s sent', 'target'],
    CONDITIONS.map((condition) => {
      const delays = pooled.get(condition.name);
      const p99 = quantile(delays, 0.99);
      const rates = played.get(condition.name).map((ran) => Math.round(ran.events / ran.seconds).toLocaleString('en-US'));
      const target = condition.rate === 0 ? `p99 <= ${IDLE_P99_TARGET_MS} ms: ${p99 <= IDLE_P99_TARGET_MS ? 'met' : 'missed'}` : 'reported';
      return [condition.name, `${delays.length} / ${PROBES * rounds}`, ms(quantile(delays, 0.5)), ms(p99), ms(Math.max(...delays)), rates.join(', '), target];
    }),
  ),
);
console.log('(A probe is "seen" when its own emission arrives; two probes folded into one emission count as one.)');
for (const [name, count] of unfinished) console.log(`${name}: in ${count} run(s) the last probe had not arrived ${CATCH_UP_MS / 1000} s after the server finished; the delays are those seen until then.`);
console.log('');

function ms(value) {
  return `${value.toFixed(1)} ms`;
}

async function runOne(condition) {
  const child = fork(fileURLToPath(new URL('./run-client.mjs', import.meta.url)), [JSON.stringify({ url: server.url, finalSeq: PROBES })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const message = (type) => new Promise((resolve) => child.on('message', (m) => m?.type === type && resolve(m)));
  const resultMessage = message('result');
  await Promise.race([message('ready'), exited.then(() => Promise.reject(new Error(`the ${condition.name} latency client exited early`)))]);
  const ran = await server.run(condition.rate, PROBES);
  const ask = setTimeout(() => child.send({ type: 'report' }), CATCH_UP_MS);
  const { result } = await Promise.race([resultMessage, exited.then(() => Promise.reject(new Error(`the ${condition.name} latency client exited without a result`)))]);
  clearTimeout(ask);
  await exited;
  return { delays: result.delays, ran, finished: result.finished };
}

async function startServer() {
  const child = await forkServer(new URL('./server.mjs', import.meta.url), [String(EVENTS)], 'latency server');
  return { url: child.ready.url, run: (rate, probes) => child.request('run', { rate, probes }, 'ran'), stop: child.stop };
}
