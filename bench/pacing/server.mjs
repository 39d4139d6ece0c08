/**
 * The fair-pacing benchmark's server, in its own process: S2's list (20,000
 * pods) and S2's real traffic played at a steady rate on the pod watch, and
 * one ConfigMap (bench/probe) whose watch gets a probe every 50 ms, serialized
 * at the moment it is written with that moment in it.
 *
 *   GET /api/v1/pods?...                               the list (limit ignored, no continue token)
 *   GET /api/v1/pods?watch=...                         held open; events flow only during a run
 *   GET /api/v1/namespaces/bench/configmaps?...        a ConfigMapList of the probe ConfigMap
 *   GET /api/v1/namespaces/bench/configmaps?watch=...  held open; probes flow only during a run
 *
 * Protocol (IPC, `fork(server.mjs)`; argv: pods, events):
 *   -> { type: 'ready', url }
 *   <- { type: 'run', id, rate, probes }   play `rate` events/s on every pod watch, `probes` probes
 *   -> { type: 'ran', id, events, seconds }
 *
 * Invariants: a run goes in ticks of 10 ms on a fixed schedule; each tick
 * sends the fixture's next events (rate x 10 ms of them) in 16-80 KiB chunks
 * cut anywhere, one write and one turn of the event loop each (as the
 * throughput benchmark's replay server and bench/latency cut them); every
 * fifth tick, a probe goes to the ConfigMap watches first, on its own write.
 * The pod fixture starts over for each run (each run is a fresh client that
 * lists again); probe p of run r has resourceVersion r * 1,000 + p, above the
 * ConfigMap list's (1), and carries `seq` and `written`, the write times of
 * it and the 19 probes before it as [[seq, epoch ms with a fraction:
 * performance.timeOrigin + performance.now()], ...], in its data: a probe
 * that a later one replaced before the callback saw it still counts, from
 * its own write.
 */
import { createServer } from 'node:http';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { buildFixture } from '../watch-throughput/fixture.mjs';
import { seededRandom } from '../watch-throughput/random.mjs';

const PODS = Number(process.argv[2] ?? 20_000);
const EVENTS = Number(process.argv[3] ?? 40_000);
const TICK_MS = 10;
const PROBE_TICKS = 5;
const MIN_CHUNK = 16 * 1024;
const MAX_CHUNK = 80 * 1024;
const CONFIG_MAPS = '/api/v1/namespaces/bench/configmaps';

const fixture = buildFixture(PODS, EVENTS, 'real');
const podWatches = new Set();
const probeWatches = new Set();
const PROBE_KIND = { kind: 'ConfigMap', apiVersion: 'v1' };
const probeMetadata = { name: 'probe', namespace: 'bench', uid: 'bench-probe-uid', creationTimestamp: '2026-01-01T00:00:00Z' };

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const watch = url.searchParams.get('watch') === 'true';
  if (url.pathname === '/api/v1/pods') {
    if (watch) return hold(response, podWatches);
    response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': fixture.list.length });
    return response.end(fixture.list);
  }
  if (url.pathname === CONFIG_MAPS) {
    if (watch) return hold(response, probeWatches);
    const item = { ...PROBE_KIND, metadata: { ...probeMetadata, resourceVersion: '1' }, data: { seq: '0' } };
    response.writeHead(200, { 'Content-Type': 'application/json' });
    return response.end(JSON.stringify({ kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [item] }));
  }
  response.writeHead(404).end();
});
server.requestTimeout = 0;
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

function hold(response, watches) {
  response.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  response.flushHeaders();
  watches.add(response);
  response.on('close', () => watches.delete(response));
}

/** The write times of this run's probes so far: each probe carries the last HISTORY of them. */
const HISTORY = 20;
const written = [];

function probeLine(runId, seq) {
  if (seq === 1) written.length = 0;
  written.push([seq, performance.timeOrigin + performance.now()]);
  const metadata = { ...probeMetadata, resourceVersion: String(runId * 1_000 + seq) };
  const object = { ...PROBE_KIND, metadata, data: { seq: String(seq), written: JSON.stringify(written.slice(-HISTORY)) } };
  return `${JSON.stringify({ type: 'MODIFIED', object })}\n`;
}

/** Plays one run; the pod traffic stops early if the fixture runs out (the report says how many events went). */
async function run({ id, rate, probes }) {
  const random = seededRandom(53 + id);
  const chunkSize = () => MIN_CHUNK + Math.floor(random() * (MAX_CHUNK - MIN_CHUNK + 1));
  const start = performance.now();
  let sent = 0;
  for (let tick = 0, probe = 0; probe < probes; tick++) {
    const wait = start + tick * TICK_MS - performance.now();
    if (wait > 0) await sleep(wait);
    if ((tick + 1) % PROBE_TICKS === 0) {
      probe += 1;
      const line = probeLine(id, probe);
      for (const response of probeWatches) response.write(line);
    }
    const upTo = Math.min(EVENTS, Math.round(((tick + 1) * rate * TICK_MS) / 1000));
    const bytes = fixture.watch.subarray(fixture.offsets[sent], fixture.offsets[upTo]);
    sent = upTo;
    for (let offset = 0; offset < bytes.length; ) {
      const slice = bytes.subarray(offset, offset + chunkSize());
      offset += slice.length;
      for (const response of podWatches) response.write(slice);
      await nextTurn();
    }
  }
  process.send?.({ type: 'ran', id, events: sent, seconds: (performance.now() - start) / 1000 });
}

process.on('message', (message) => {
  if (message?.type === 'run') void run(message);
});
process.on('disconnect', () => {
  for (const response of [...podWatches, ...probeWatches]) response.end();
  server.close(() => process.exit(0));
});
process.send?.({ type: 'ready', url: `http://127.0.0.1:${server.address().port}` });
