/**
 * The watch-throughput benchmark of DESIGN.md's "Performance budget": a
 * client lists N pods, then applies 50,000 MODIFIED events of ~5 KB streamed
 * over loopback; how long until it has the final version, against the bare
 * minimum (fetch + JSON.parse), and how much heap its store retains.
 *
 *   node bench/watch-throughput/main.mjs [--quick] [--sizes 5000x50000,...] [--rounds N]
 *        [--deadline S] [--candidates a,b] [--no-in-process] [--profile] [--json FILE]
 *
 * Method: for each size, one replay server in a child process (it pre-builds
 * every byte before the first run); then R rounds, each running every
 * candidate once, in an order that rotates by one each round; every run is a
 * fresh process (run-one.mjs). Reported: medians, and ratios to the baseline's
 * median of the same invocation. Expects the packages to be built
 * (scripts/bench.mjs does that first).
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { candidates } from './candidates.mjs';
import { profileRun } from './profile.mjs';
import { machine, summarize, table } from './report.mjs';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    rounds: { type: 'string' },
    deadline: { type: 'string' },
    checkpoint: { type: 'string' },
    candidates: { type: 'string' },
    'no-in-process': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});

const ALL = ['baseline', 'rxkube-list', 'rxkube-cache', 'informer'];
const chosen = args.candidates ? ['baseline', ...args.candidates.split(',').filter((name) => name !== 'baseline')] : ALL;
for (const name of chosen) if (!candidates[name]) throw new Error(`unknown candidate ${name}; known: ${ALL.join(', ')}`);

/** Sizes, rounds and the per-run deadline that keep a full run near 4-5 minutes on 2 shared cores. */
const plan = args.quick
  ? {
      sizes: [
        { pods: 5_000, events: 10_000, rounds: 2 },
        { pods: 20_000, events: 10_000, rounds: 2 },
      ],
      deadlineMs: 5_000,
      inProcess: undefined,
    }
  : {
      sizes: [
        { pods: 5_000, events: 50_000, rounds: 5 },
        { pods: 20_000, events: 50_000, rounds: 3 },
      ],
      deadlineMs: 15_000,
      inProcess: { pods: 5_000, events: 50_000, rounds: 2, candidates: ['baseline', 'rxkube-cache'] },
    };
if (args.sizes) {
  plan.sizes = args.sizes.split(',').map((size) => {
    const [pods, events] = size.split('x').map(Number);
    if (!(pods > 0 && events > 0)) throw new Error(`--sizes takes PODSxEVENTS, e.g. 5000x50000; got ${size}`);
    return { pods, events, rounds: plan.sizes[0].rounds };
  });
}
if (args.rounds) for (const size of plan.sizes) size.rounds = Number(args.rounds);
if (args.deadline !== undefined) plan.deadlineMs = Number(args.deadline) * 1000;
// With --deadline 0 --checkpoint S, complete runs also report what a cut at S seconds would have estimated.
const checkpointMs = args.checkpoint ? Number(args.checkpoint) * 1000 : undefined;
if (args['no-in-process']) plan.inProcess = undefined;

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const began = performance.now();
const host = machine();
const output = { machine: host, plan, sizes: [], inProcess: undefined, profiles: [] };

console.log(`watch throughput: ${host.cpu}, ${host.cores} cores, ${host.memoryGb} GB, Node ${host.node}, ${host.date}, rxkube ${host.commit}`);
console.log(`candidates run in fresh processes, rotating order each round; per-run deadline ${plan.deadlineMs / 1000} s (0 = none)\n`);

for (const size of plan.sizes) {
  const server = await startServerProcess(size.pods, size.events);
  const runs = await rounds(size, chosen, (candidate) => ({ candidate, target: { url: server.url, ...server.fixture }, deadlineMs: plan.deadlineMs, checkpointMs }));
  const counts = await server.counts();
  await server.stop();
  const rows = summarize(runs, chosen, size.events);
  output.sizes.push({ ...size, fixture: server.fixture, runs, rows, serverCounts: counts });
  console.log(`\n${title(size, server.fixture)}; ${size.rounds} rounds; server in its own process\n`);
  console.log(table(rows, candidates));
  console.log('');
}

if (plan.inProcess) {
  const size = plan.inProcess;
  const runs = await rounds(size, size.candidates, (candidate) => ({ candidate, inProcessServer: { pods: size.pods, events: size.events }, deadlineMs: plan.deadlineMs }));
  const rows = summarize(runs, size.candidates, size.events);
  output.inProcess = { ...size, runs, rows };
  console.log(`\nthe same, ${size.pods.toLocaleString('en-US')} pods / ${size.events.toLocaleString('en-US')} events, with the server inside the client's process (its work counts against the client); ${size.rounds} rounds\n`);
  console.log(table(rows, candidates));
  console.log('');
}

verdict(output.sizes.find((size) => size.pods === 5_000 && size.events === 50_000));

if (args.profile) {
  const size = plan.sizes[0];
  const server = await startServerProcess(size.pods, size.events);
  for (const candidate of chosen.filter((name) => name === 'baseline' || name.startsWith('rxkube'))) {
    const spec = { candidate, target: { url: server.url, ...server.fixture }, deadlineMs: plan.deadlineMs };
    const profile = await profileRun(spec, (execArgv) => runOne(spec, execArgv));
    output.profiles.push(profile);
    console.log(`\nwhere the time goes: ${candidates[candidate].label}, ${size.pods} pods / ${size.events} events, one run under --cpu-prof (${profile.file})\n`);
    console.log(profile.text);
  }
  await server.stop();
}

const minutes = (performance.now() - began) / 60_000;
console.log(`\nwhole benchmark: ${minutes.toFixed(1)} min`);
if (args.json) {
  writeFileSync(args.json, `${JSON.stringify({ ...output, minutes }, null, 2)}\n`);
  console.log(`figures written to ${args.json}`);
}

function mb(bytes) {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function title(size, fixture) {
  return `${size.pods.toLocaleString('en-US')} pods listed (${mb(fixture.listBytes)}), then ${size.events.toLocaleString('en-US')} MODIFIED events of ${(fixture.averageEventBytes / 1000).toFixed(1)} KB (${mb(fixture.watchBytes)})`;
}

async function rounds(size, names, specOf) {
  const runs = [];
  for (let round = 0; round < size.rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const candidate of order) {
      const result = await runOne(specOf(candidate));
      runs.push({ ...result, round });
      const cut = result.complete ? '' : ` (cut at ${(result.elapsedMs / 1000).toFixed(1)} s after ${result.applied} events, estimated)`;
      const check = result.checkpoint ? ` (a cut at ${(result.checkpoint.atMs / 1000).toFixed(1)} s, after ${result.checkpoint.applied} events, would have estimated ${fmt(result.checkpoint.estimateMs)})` : '';
      console.error(`  [${size.pods} pods] round ${round + 1}/${size.rounds} ${candidate.padEnd(12)} ${fmt(result.ms)}${cut}${check}`);
    }
  }
  return runs;
}

function fmt(ms) {
  return ms === null || !Number.isFinite(ms) ? 'n/a' : `${(ms / 1000).toFixed(2)} s`;
}

/** One run in a fresh process; a run that hangs past its deadline plus a minute is killed and counted as failed. */
function runOne(spec, execArgv = ['--expose-gc']) {
  return new Promise((resolve, reject) => {
    const child = fork(here('./run-one.mjs'), [JSON.stringify(spec)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result;
    const limit = setTimeout(() => child.kill('SIGKILL'), (spec.deadlineMs || 600_000) + 60_000);
    child.on('message', (message) => {
      if (message?.type === 'result') result = message.result;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(limit);
      if (result) resolve(result);
      else reject(new Error(`${spec.candidate} run failed (exit ${code ?? signal})`));
    });
  });
}

function startServerProcess(pods, events) {
  const child = fork(here('./server.mjs'), [String(pods), String(events)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = (type) => new Promise((resolve) => child.once('message', (message) => message?.type === type && resolve(message)));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the replay server exited (${code}) before it was ready`)));
    next('ready').then((ready) =>
      resolve({
        url: ready.url,
        fixture: ready.fixture,
        counts: () => {
          const answer = next('counts');
          child.send({ type: 'counts' });
          return answer.then((message) => message.counts);
        },
        stop: () =>
          new Promise((done) => {
            child.removeAllListeners('exit');
            child.once('exit', done);
            child.disconnect();
          }),
      }),
    );
  });
}

/** DESIGN.md's budget, at its own size: within 1.18x of the parse alone; retained heap at most 1.2x the parsed objects. */
function verdict(size) {
  if (!size) return;
  console.log('DESIGN.md budget at 5,000 pods / 50,000 events: time within 1.18x of fetch + JSON.parse, retained heap within 1.2x of the parsed objects');
  for (const row of size.rows.filter((r) => r.candidate.startsWith('rxkube'))) {
    const time = row.ratio <= 1.18 ? 'meets' : 'misses';
    const heap = row.heapRatio <= 1.2 ? 'meets' : 'misses';
    console.log(`  ${candidates[row.candidate].label}: time ${row.ratio.toFixed(2)}x (${time}), heap ${row.heapRatio.toFixed(2)}x (${heap})`);
  }
}
