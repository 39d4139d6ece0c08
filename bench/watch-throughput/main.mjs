/**
 * The watch-throughput benchmark (issue 12): a client lists N pods, then
 * applies a stream of watch events of ~5 KB over loopback; how long until it
 * has the final version, against the parse alone (`parse`, 1.00x) and the
 * store floor (`floor`: the parse plus a Map of the latest objects), and how
 * much heap it retains against the floor's.
 *
 *   node bench/watch-throughput/main.mjs [--quick] [--traffic real|friendly] [--sizes 5000x50000,...]
 *        [--rounds N] [--deadline S] [--checkpoint S] [--candidates a,b] [--profile] [--json FILE]
 *        [--chunks 48-80] [--before DIR]
 *
 * `--chunks MIN-MAX` cuts the watch body into chunks of MIN-MAX KiB (default 16-80; issue 17's
 * independent run used 48-80). `--before DIR` adds the candidates rxkube-before and
 * rxkube-dev-before: the same client from another checkout's packages/core/dist (e.g.
 * `git worktree add /tmp/before 00e5d19`, built there), interleaved in the same rounds.
 *
 * Method: for each size, one replay server in a child process (it pre-builds
 * every byte before the first run); then R rounds, each running every
 * candidate once, in an order that rotates by one each round; every run is a
 * fresh process (run-one.mjs). Reported: medians, and ratios to the parse's
 * and the floor's medians of the same invocation. Expects the packages to be
 * built (scripts/bench.mjs does that first).
 */
import { fork, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { candidates } from './candidates.mjs';
import { profileRun } from './profile.mjs';
import { machine, ratio, summarize, table } from './report.mjs';

const { values: args } = parseArgs({
  strict: false,
  options: {
    quick: { type: 'boolean', default: false },
    traffic: { type: 'string', default: 'real' },
    sizes: { type: 'string' },
    rounds: { type: 'string' },
    deadline: { type: 'string' },
    checkpoint: { type: 'string' },
    candidates: { type: 'string' },
    profile: { type: 'boolean', default: false },
    json: { type: 'string' },
    chunks: { type: 'string' },
    before: { type: 'string' },
  },
});

// Both reach the forked server and clients through their environment.
if (args.chunks) {
  if (!/^\d+-\d+$/.test(args.chunks)) throw new Error(`--chunks takes MIN-MAX in KiB, e.g. 48-80; got ${args.chunks}`);
  process.env.RXKUBE_BENCH_CHUNKS = args.chunks;
}
if (args.before) process.env.RXKUBE_BENCH_BEFORE = args.before;
const ALL = ['parse', 'floor', 'informer', 'rxkube', 'rxkube-dev', ...(args.before ? ['rxkube-before', 'rxkube-dev-before'] : [])];
const chosen = args.candidates ? ['parse', 'floor', ...args.candidates.split(',').filter((name) => name !== 'parse' && name !== 'floor')] : ALL;
for (const name of chosen) if (!candidates[name]) throw new Error(`unknown candidate ${name}; known: ${ALL.join(', ')}`);

/**
 * S1 and S2 of issue 12. A run is cut at its deadline and extrapolated (see
 * run-one.mjs); the deadlines keep the full run near 10 minutes on 2 shared cores.
 */
const plan = args.quick
  ? {
      sizes: [
        { name: 'S1 (quick)', pods: 5_000, events: 10_000, rounds: 2, deadlineMs: 20_000 },
        { name: 'S2 (quick)', pods: 20_000, events: 20_000, rounds: 1, deadlineMs: 20_000 },
      ],
    }
  : {
      sizes: [
        { name: 'S1', pods: 5_000, events: 50_000, rounds: 5, deadlineMs: 45_000 },
        { name: 'S2', pods: 20_000, events: 200_000, rounds: 3, deadlineMs: 60_000 },
      ],
    };
if (args.sizes) {
  plan.sizes = args.sizes.split(',').map((size) => {
    const [pods, events] = size.split('x').map(Number);
    if (!(pods > 0 && events > 0)) throw new Error(`--sizes takes PODSxEVENTS, e.g. 5000x50000; got ${size}`);
    return { name: size, pods, events, rounds: plan.sizes[0].rounds, deadlineMs: plan.sizes[0].deadlineMs };
  });
}
// --rounds N for every size, or --rounds 3,2 per size.
if (args.rounds) plan.sizes.forEach((size, i) => (size.rounds = Number(args.rounds.split(',')[i] ?? args.rounds.split(',').at(-1))));
if (args.deadline !== undefined) for (const size of plan.sizes) size.deadlineMs = Number(args.deadline) * 1000;
// With --deadline 0 --checkpoint S, complete runs also report what a cut at S seconds would have estimated.
const checkpointMs = args.checkpoint ? Number(args.checkpoint) * 1000 : undefined;

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const began = performance.now();
const host = machine();
const output = { machine: host, traffic: args.traffic, plan, sizes: [], profiles: [] };

console.log(`## Watch throughput (${args.traffic} traffic)\n`);
console.log(`${host.cpu}, ${host.cores} cores, ${host.memoryGb} GB, Node ${host.node}, load ${host.load}, ${host.date}, rxkube ${host.commit}`);
console.log(`candidates run in fresh processes, rotating order each round; ${trafficLine(args.traffic)}${args.before ? `; "before" is ${args.before} (${commitOf(args.before)})` : ''}\n`);

for (const size of plan.sizes) {
  const server = await startServerProcess(size.pods, size.events, args.traffic);
  const runs = await rounds(size, chosen, (candidate) => ({ candidate, target: { url: server.url, ...server.fixture }, deadlineMs: size.deadlineMs, checkpointMs }));
  const counts = await server.counts();
  await server.stop();
  const rows = summarize(runs, chosen, size.events);
  output.sizes.push({ ...size, fixture: server.fixture, runs, rows, serverCounts: counts });
  console.log(`\n### ${size.name}: ${title(size, server.fixture)}; ${size.rounds} rounds; deadline ${size.deadlineMs / 1000} s\n`);
  console.log(table(rows, candidates));
  console.log('');
}

targets(output.sizes);

if (args.profile) {
  const size = plan.sizes[0];
  const server = await startServerProcess(size.pods, size.events, args.traffic);
  for (const candidate of chosen.filter((name) => ['parse', 'floor', 'rxkube', 'rxkube-before'].includes(name))) {
    const spec = { candidate, target: { url: server.url, ...server.fixture }, deadlineMs: size.deadlineMs };
    const profile = await profileRun(spec, (execArgv) => runOne(spec, execArgv));
    output.profiles.push(profile);
    console.log(`\nwhere the time goes: ${candidates[candidate].label}, ${size.pods} pods / ${size.events} events, one run under --cpu-prof (${profile.file})\n`);
    console.log(profile.text);
  }
  await server.stop();
}

const minutes = (performance.now() - began) / 60_000;
console.log(`\nwatch throughput took ${minutes.toFixed(1)} min`);
if (args.json) {
  writeFileSync(args.json, `${JSON.stringify({ ...output, minutes }, null, 2)}\n`);
  console.log(`figures written to ${args.json}`);
}

function trafficLine(traffic) {
  return traffic === 'friendly'
    ? 'friendly traffic: MODIFIED events only, written in 1 MiB slices'
    : `real traffic: 85% MODIFIED / 7% ADDED / 6% DELETED / 2% BOOKMARK, written in chunks of ${process.env.RXKUBE_BENCH_CHUNKS ?? '16-80'} KiB cut anywhere, each flushed on its own`;
}

function commitOf(dir) {
  return spawnSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim() || 'commit unknown';
}

function mb(bytes) {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function title(size, fixture) {
  const { MODIFIED, ADDED, DELETED, BOOKMARK } = fixture.counts;
  const mix = `${MODIFIED.toLocaleString('en-US')} MODIFIED, ${ADDED.toLocaleString('en-US')} ADDED, ${DELETED.toLocaleString('en-US')} DELETED, ${BOOKMARK.toLocaleString('en-US')} BOOKMARK`;
  return `${size.pods.toLocaleString('en-US')} pods listed (${mb(fixture.listBytes)}), then ${size.events.toLocaleString('en-US')} events of ${(fixture.averageEventBytes / 1000).toFixed(1)} KB (${mb(fixture.watchBytes)}: ${mix}; ${fixture.finalPods.toLocaleString('en-US')} pods at the end)`;
}

async function rounds(size, names, specOf) {
  const runs = [];
  for (let round = 0; round < size.rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const candidate of order) {
      let result;
      try {
        result = await runOne(specOf(candidate));
      } catch (error) {
        // A run that crashed or hung counts as failed; its round goes on, and the table says so.
        console.error(`  [${size.name}] round ${round + 1}/${size.rounds} ${candidate.padEnd(9)} FAILED: ${error.message}`);
        runs.push({ candidate, round, failed: true, complete: false, ms: null, elapsedMs: Number.NaN, applied: 0, cpuMs: Number.NaN, retainedBytes: Number.NaN, emissions: Number.NaN });
        continue;
      }
      runs.push({ ...result, round });
      const cut = result.complete ? '' : ` (cut at ${(result.elapsedMs / 1000).toFixed(1)} s after ${result.applied} events, estimated)`;
      const check = result.checkpoint ? ` (a cut at ${(result.checkpoint.atMs / 1000).toFixed(1)} s, after ${result.checkpoint.applied} events, would have estimated ${fmt(result.checkpoint.estimateMs)})` : '';
      console.error(`  [${size.name}] round ${round + 1}/${size.rounds} ${candidate.padEnd(9)} ${fmt(result.ms)}${cut}${check}`);
    }
  }
  return runs;
}

function fmt(ms) {
  return ms === null || !Number.isFinite(ms) ? 'n/a' : `${(ms / 1000).toFixed(2)} s`;
}

/** One run in a fresh process; a run that hangs past its deadline plus five minutes is killed and counted as failed. */
function runOne(spec, execArgv = ['--expose-gc']) {
  return new Promise((resolve, reject) => {
    const child = fork(here('./run-one.mjs'), [JSON.stringify(spec)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result;
    const limit = setTimeout(() => child.kill('SIGKILL'), (spec.deadlineMs || 600_000) + 300_000);
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

/** The replay server in its own process, so that its work does not count against the client. */
export function startServerProcess(pods, events, traffic) {
  const child = fork(here('./server.mjs'), [String(pods), String(events), traffic], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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

function verdict(ok) {
  return ok ? 'met' : 'missed';
}

/** Issue 12's and 17's targets for rxkube, per size: within 1.10x of the floor in time and CPU, faster than client-node, heap within 1.05x of the floor's. */
function targets(sizes) {
  console.log('issue 12/17 targets (rxkube watchResourceList, same run):');
  for (const size of sizes) {
    const row = (name) => size.rows.find((r) => r.candidate === name);
    const rx = row('rxkube');
    const informer = row('informer');
    if (!rx) continue;
    const parts = [`time ${ratio(rx.floorRatio)} the floor (<= 1.10x: ${verdict(rx.floorRatio <= 1.1)}), CPU ${ratio(rx.cpuFloorRatio)} (<= 1.10x: ${verdict(rx.cpuFloorRatio <= 1.1)})`];
    if (informer) parts.push(`${ratio(rx.ms / informer.ms)} client-node's time (< 1.00x: ${verdict(rx.ms < informer.ms)})`);
    parts.push(`heap ${ratio(rx.heapRatio)} the floor's (<= 1.05x: ${verdict(rx.heapRatio <= 1.05)})`);
    console.log(`  ${size.name}: ${parts.join('; ')}`);
    const before = row('rxkube-before');
    if (before) console.log(`  ${size.name} before: time ${ratio(before.floorRatio)} the floor, CPU ${ratio(before.cpuFloorRatio)}${informer ? `, ${ratio(before.ms / informer.ms)} client-node's time` : ''}, heap ${ratio(before.heapRatio)}`);
  }
}
