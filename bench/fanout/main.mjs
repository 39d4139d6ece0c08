/**
 * Fan-out (issue 12, item 4): K subscribers, each to one pod (watchResource),
 * of a 10,000-pod list that the same client also watches (watchResourceList),
 * default options. The fake apiserver (its own process) changes M distinct
 * pods at 3,000 changes/s. Reported per K: the client process's CPU time per
 * change (µs/event), which should not grow with K, and the single-pod
 * notifications against the changes to subscribed pods, which must be equal.
 *
 *   node bench/fanout/main.mjs [--quick] [--rounds N]
 *
 * Each run is a fresh client process (run-client.mjs); K = 10, 100, 1,000 in
 * an order rotating each round; medians over the rounds.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startFake } from '../support/fakeProcess.mjs';
import { seededRandom } from '../watch-throughput/random.mjs';
import { machine, markdownTable, median, ratio } from '../watch-throughput/report.mjs';

const { values: args } = parseArgs({ strict: false, options: { quick: { type: 'boolean', default: false }, rounds: { type: 'string' } } });
const PODS = 10_000;
const SUBSCRIBERS = [10, 100, 1_000];
const CHANGES = args.quick ? 1_000 : 3_000;
const PER_TICK = 30;
const TICK_MS = 10;
const rounds = Number(args.rounds ?? (args.quick ? 1 : 3));

const fake = await startFake(PODS);
const host = machine();
console.log('## Fan-out: one client, a 10,000-pod list and K single-pod subscribers\n');
console.log(`${host.cpu}, ${host.cores} cores, Node ${host.node}, load ${host.load}, ${host.date}, rxkube ${host.commit}`);
console.log(`${CHANGES.toLocaleString('en-US')} changes to distinct pods at ${(PER_TICK * 1000) / TICK_MS}/s by the fake apiserver (own process); ${rounds} rounds, fresh client process per run\n`);

let seq = 0;
const results = [];
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < SUBSCRIBERS.length; i++) {
    const k = SUBSCRIBERS[(i + round) % SUBSCRIBERS.length];
    const result = await runOne(k, round);
    results.push(result);
    console.error(`  [fan-out] round ${round + 1}/${rounds} ${String(k).padStart(5)} subscribers: ${((result.cpuMs * 1000) / CHANGES).toFixed(0)} µs/event, ${result.notifications}/${result.expected} notifications`);
  }
}
fake.stop();

const rows = SUBSCRIBERS.map((k) => {
  const mine = results.filter((r) => r.subscribers === k);
  return {
    k,
    usPerEvent: median(mine.map((r) => (r.cpuMs * 1000) / CHANGES)),
    listSeconds: median(mine.map((r) => r.listMs / 1000)),
    notifications: mine.map((r) => `${r.notifications}/${r.expected}`).join(', '),
    exact: mine.every((r) => r.notifications === r.expected),
  };
});
console.log(
  markdownTable(
    ['subscribers', 'client CPU µs/event', 'x 10', 'list caught up in', 'notifications / changes to subscribed pods (per round)', 'equal'],
    rows.map((row) => [row.k.toLocaleString('en-US'), row.usPerEvent.toFixed(0), ratio(row.usPerEvent / rows[0].usPerEvent), `${row.listSeconds.toFixed(2)} s`, row.notifications, row.exact ? 'yes' : 'NO']),
  ),
);
console.log('');

/** One run: a fresh client subscribes, then the fake changes CHANGES distinct pods; the last change is on the last pod. */
async function runOne(k, round) {
  const step = Math.floor(PODS / k);
  const subscribedIndexes = Array.from({ length: k }, (_, i) => i * step);
  const subscribed = new Set(subscribedIndexes);
  const order = shuffled(PODS - 1, seededRandom(100 + round)).slice(0, CHANGES - 1);
  order.push(PODS - 1);
  const ticks = [];
  for (let i = 0; i < order.length; i += PER_TICK) ticks.push(order.slice(i, i + PER_TICK));
  const expected = order.filter((index) => subscribed.has(index)).length;
  const finalSeq = seq + order.length;
  seq = finalSeq;
  const child = fork(fileURLToPath(new URL('./run-client.mjs', import.meta.url)), [JSON.stringify({ url: fake.url, subscribed: subscribedIndexes.map((i) => fake.pods[i]), finalSeq })], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const message = (type) => new Promise((resolve) => child.on('message', (m) => m?.type === type && resolve(m)));
  const resultMessage = message('result');
  await Promise.race([message('ready'), exited.then(() => Promise.reject(new Error(`the ${k}-subscriber client exited early`)))]);
  child.send({ type: 'go', expected });
  await fake.write(ticks, TICK_MS);
  const { result } = await Promise.race([resultMessage, exited.then(() => Promise.reject(new Error(`the ${k}-subscriber client exited without a result`)))]);
  await exited;
  return result;
}

/** The integers 0..n-1 in a seeded random order (Fisher-Yates). */
function shuffled(n, random) {
  const out = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
