/**
 * The fake apiserver at console scale (issue 20): for 20,000 and 100,000 pods
 * (simulator scale 80 and 400) at rates giving about 50 and 500 writes/s, the
 * fake in its own process (server.mjs) with its simulator ticking every
 * 250 ms, and one client (this process) that
 *   - GETs one pod every 50 ms (p50/p99 of the request, body read);
 *   - patches the ConfigMap default/bench-probe every 100 ms with its send
 *     time, and watches it by name (`fieldSelector=metadata.name=bench-probe`)
 *     as rxkube's watchResource does: p50/p99 from before the PATCH is sent to
 *     the MODIFIED event read from the watch.
 * The fake's CPU share is its process's CPU time (process.cpuUsage, user +
 * system) over the measured window's wall time; writes/s are the simulator's
 * changes over the same window (the probe's own writes not counted).
 *
 *   node bench/fake/main.mjs [--quick] [--rounds N] [--tick-ms 100] [--conditions 20k] [--testing path/to/testing/dist/index.js]
 *
 * `--testing` measures another build of @rxkube/testing (e.g. an older
 * commit's, for a before/after); `--conditions` keeps the conditions whose name
 * contains the text.
 *
 * Rounds interleave the conditions; each run is a fresh fake process; the
 * latencies of all rounds are pooled per condition, the CPU share and
 * writes/s are medians over rounds.
 */
import { fork } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machine, markdownTable, median, quantile } from '../watch-throughput/report.mjs';

const { values: args } = parseArgs({ strict: false, options: { quick: { type: 'boolean', default: false }, rounds: { type: 'string' }, 'tick-ms': { type: 'string' }, testing: { type: 'string' }, conditions: { type: 'string' } } });
const WINDOW_MS = args.quick ? 8_000 : 20_000;
const WARMUP_MS = args.quick ? 2_000 : 4_000;
const rounds = Number(args.rounds ?? (args.quick ? 1 : 2));
const TICK_MS = Number(args['tick-ms'] ?? 100);
// Simulator rates (actions per 100 ms tick) measured to give about 50 and
// 500 writes/s: an action makes about 20 writes (its objects, their status
// moves and the Events about them, in both API versions), fewer at low rates
// where fewer Jobs are running. Other tick lengths scale the rate.
const actionsPerTick = (perHundredMs) => perHundredMs * (TICK_MS / 100);
const CONDITIONS = [
  { name: '20k pods, ~50 writes/s', scale: 80, rate: actionsPerTick(0.28) },
  { name: '20k pods, ~500 writes/s', scale: 80, rate: actionsPerTick(2.4) },
  { name: '100k pods, ~50 writes/s', scale: 400, rate: actionsPerTick(0.28) },
  { name: '100k pods, ~500 writes/s', scale: 400, rate: actionsPerTick(2.4) },
].filter((c) => !args.conditions || c.name.includes(args.conditions));
const TARGETS = { cpuShare: 0.5, p99Ms: 20 };

const host = machine();
console.log('## Fake: the fake apiserver at console scale\n');
console.log(`${host.cpu}, ${host.cores} cores, Node ${host.node}, load ${host.load}, ${host.date}, rxkube ${host.commit}`);
console.log(`${args.testing ? `@rxkube/testing from ${args.testing}; ` : ''}simulator tick ${TICK_MS} ms; ${WINDOW_MS / 1000} s measured after ${WARMUP_MS / 1000} s of warm-up; a pod GET every 50 ms, a probe patch every 100 ms; ${rounds} round(s), fresh fake process per run\n`);

const results = new Map(CONDITIONS.map((c) => [c.name, { cpu: [], writes: [], get: [], watch: [], seedMs: [], loop: [], pods: 0, lost: 0 }]));
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < CONDITIONS.length; i++) {
    const condition = CONDITIONS[(i + round) % CONDITIONS.length];
    const run = await runOne(condition);
    const r = results.get(condition.name);
    r.cpu.push(run.cpuShare);
    r.writes.push(run.writesPerSecond);
    r.get.push(...run.get);
    r.watch.push(...run.watch);
    r.seedMs.push(run.seedMs);
    r.loop.push(run.loopDelayP99Ms);
    r.pods = run.pods;
    r.lost += run.lost;
    console.error(
      `  [fake] round ${round + 1}/${rounds} ${condition.name}: CPU ${(run.cpuShare * 100).toFixed(1)}%, ${run.writesPerSecond.toFixed(0)} writes/s, GET p99 ${quantile(run.get, 0.99).toFixed(1)} ms, write-to-watch p99 ${quantile(run.watch, 0.99).toFixed(1)} ms`,
    );
  }
}

const ms = (v) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');
console.log(
  markdownTable(
    ['condition', 'pods', 'fake CPU', 'writes/s', 'CPU per write', 'GET p50', 'GET p99', 'write-to-watch p50', 'write-to-watch p99', 'fake loop delay p99', 'probes lost', 'seeded in'],
    CONDITIONS.map((c) => {
      const r = results.get(c.name);
      return [
        c.name,
        r.pods.toLocaleString('en-US'),
        `${(median(r.cpu) * 100).toFixed(1)}%`,
        median(r.writes).toFixed(0),
        `${((median(r.cpu) * 1e6) / median(r.writes)).toFixed(0)} µs`,
        ms(quantile(r.get, 0.5)),
        ms(quantile(r.get, 0.99)),
        ms(quantile(r.watch, 0.5)),
        ms(quantile(r.watch, 0.99)),
        ms(median(r.loop)),
        String(r.lost),
        `${(median(r.seedMs) / 1000).toFixed(1)} s`,
      ];
    }),
    [
      '',
      `Targets (issue 20): at 100k pods and ~500 writes/s the fake uses at most ${TARGETS.cpuShare * 100}% of a core; GET and write-to-watch p99 <= ${TARGETS.p99Ms} ms.`,
      ...targetNotes(),
      '',
      '"CPU per write": the fake\'s CPU time over the simulator\'s writes (it includes serving the client\'s GETs, patches and watch): flat from 20k to 100k pods means a write\'s cost does not grow with the cluster.',
      '"fake loop delay p99": the fake process\'s event-loop delay (monitorEventLoopDelay, 5 ms resolution) over the window, median over rounds: how long a request can wait behind the fake\'s own work and GC.',
    ],
  ),
);

function targetNotes() {
  const lines = [];
  const r = results.get('100k pods, ~500 writes/s');
  if (r) {
    const cpu = median(r.cpu);
    lines.push(`- fake CPU at 100k pods, ~500 writes/s: ${(cpu * 100).toFixed(1)}% of a core (${cpu <= TARGETS.cpuShare ? 'met' : 'MISSED'})`);
  }
  for (const c of CONDITIONS) {
    const x = results.get(c.name);
    const get = quantile(x.get, 0.99);
    const watch = quantile(x.watch, 0.99);
    const ok = get <= TARGETS.p99Ms && watch <= TARGETS.p99Ms;
    lines.push(`- ${c.name}: GET p99 ${ms(get)}, write-to-watch p99 ${ms(watch)} (${ok ? 'met' : 'MISSED'})`);
  }
  return lines;
}

async function runOne(condition) {
  const child = fork(fileURLToPath(new URL('./server.mjs', import.meta.url)), [JSON.stringify({ scale: condition.scale, rate: condition.rate, tickIntervalMs: TICK_MS, testing: args.testing })], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env },
  });
  const messages = [];
  let wake;
  child.on('message', (m) => {
    messages.push(m);
    wake?.();
  });
  const next = async (type) => {
    for (;;) {
      const i = messages.findIndex((m) => m.type === type);
      if (i !== -1) return messages.splice(i, 1)[0];
      if (child.exitCode !== null) throw new Error(`the fake process exited (${child.exitCode}) before '${type}'`);
      await new Promise((resolve) => (wake = resolve));
    }
  };
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.once('exit', () => wake?.());
  try {
    const ready = await next('ready');
    const probeUrl = `${ready.url}/api/v1/namespaces/default/configmaps/bench-probe`;
    const podUrl = `${ready.url}/api/v1/namespaces/${ready.pod.namespace}/pods/${ready.pod.name}`;
    const watch = await watchProbe(ready.url);
    const get = [];
    const delivered = [];
    let measuring = false;
    /** Send times of the probes sent in the window: each counts when it arrives, whenever that is. */
    const inWindow = new Set();
    const stopping = new AbortController();
    watch.onProbe = (sentAt) => inWindow.delete(sentAt) && delivered.push(performance.timeOrigin + performance.now() - sentAt);
    const getter = (async () => {
      while (!stopping.signal.aborted) {
        const began = performance.now();
        const res = await fetch(podUrl);
        await res.json();
        if (measuring) get.push(performance.now() - began);
        await sleep(50);
      }
    })();
    const patcher = (async () => {
      while (!stopping.signal.aborted) {
        const sentAt = performance.timeOrigin + performance.now();
        if (measuring) inWindow.add(sentAt);
        const res = await fetch(probeUrl, {
          method: 'PATCH',
          headers: { 'content-type': 'application/merge-patch+json' },
          body: JSON.stringify({ metadata: { annotations: { 'bench.rxkube.io/sent-at': String(sentAt) } } }),
        });
        await res.arrayBuffer();
        await sleep(100);
      }
    })();
    await sleep(WARMUP_MS);
    child.send({ type: 'sample' });
    const first = await next('sample');
    measuring = true;
    await sleep(WINDOW_MS);
    measuring = false;
    child.send({ type: 'sample' });
    const last = await next('sample');
    // The last probes may still be on their way: give them a moment before counting the lost ones.
    await sleep(1_000);
    stopping.abort();
    await Promise.all([getter, patcher]);
    watch.close();
    const wallMs = last.at - first.at;
    return {
      cpuShare: (last.cpuMicros - first.cpuMicros) / 1000 / wallMs,
      writesPerSecond: ((last.writes - first.writes) * 1000) / wallMs,
      get,
      watch: delivered,
      lost: inWindow.size,
      seedMs: ready.seedMs,
      loopDelayP99Ms: last.loopDelayP99Ms,
      pods: ready.pods,
    };
  } finally {
    if (child.connected) child.disconnect();
    await exited;
  }
}

/** A watch of default/bench-probe by name, calling `onProbe(sentAt)` for each MODIFIED carrying a send time. */
async function watchProbe(url) {
  const controller = new AbortController();
  const res = await fetch(`${url}/api/v1/namespaces/default/configmaps?watch=true&fieldSelector=metadata.name%3Dbench-probe`, { signal: controller.signal });
  if (!res.ok) throw new Error(`the probe watch answered ${res.status}`);
  const handle = { onProbe: () => {}, close: () => controller.abort() };
  const decoder = new TextDecoder();
  let buffer = '';
  (async () => {
    try {
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let newline;
        while ((newline = buffer.indexOf('\n')) !== -1) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (!line) continue;
          const event = JSON.parse(line);
          const sentAt = Number(event.object?.metadata?.annotations?.['bench.rxkube.io/sent-at']);
          if (event.type === 'MODIFIED' && Number.isFinite(sentAt)) handle.onProbe(sentAt);
        }
      }
    } catch (err) {
      if (!controller.signal.aborted) throw err;
    }
  })();
  return handle;
}
