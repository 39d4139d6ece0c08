/**
 * The latency benchmark's server, in its own process: S1's list (5,000 pods)
 * and S1's real traffic played at a steady rate, with a probe on the last pod
 * every 50 ms, serialized at the moment it is sent with that moment in it.
 *
 *   GET /api/v1/pods?...        the list (limit ignored, no continue token)
 *   GET /api/v1/pods?watch=...  held open; events flow only during a run
 *
 * Protocol (IPC, `fork(server.mjs)`):
 *   -> { type: 'ready', url }
 *   <- { type: 'run', id, rate, probes }   play `rate` events/s and `probes` probes on every open watch
 *   -> { type: 'ran', id, events, seconds }
 *
 * Invariants: a run goes in ticks of 10 ms on a fixed schedule; each tick
 * sends the fixture's next events (rate x 10 ms of them) and, every fifth
 * tick, a probe after them; the tick's bytes go out in 16-80 KiB chunks cut
 * anywhere, one write and one turn of the event loop each, like the replay
 * server's. resourceVersions stay increasing: the fixture's advance by 1,000
 * per event, and probe p of a run (p <= 999) takes the last event's version + p.
 * Probes carry `bench.rxkube.io/seq` (p) and `bench.rxkube.io/written-at`
 * (epoch ms with a fraction: performance.timeOrigin + performance.now()).
 */
import { createServer } from 'node:http';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { buildFixture } from '../watch-throughput/fixture.mjs';
import { seededRandom } from '../watch-throughput/random.mjs';

const PODS = 5_000;
const EVENTS = Number(process.argv[2] ?? 40_000);
const STRIDE = 1_000;
const TICK_MS = 10;
const PROBE_TICKS = 5;
const MIN_CHUNK = 16 * 1024;
const MAX_CHUNK = 80 * 1024;

const fixture = buildFixture(PODS, EVENTS, 'real', STRIDE);
const listVersion = Number(fixture.listResourceVersion);
const watches = new Set();

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== '/api/v1/pods') {
    response.writeHead(404).end();
    return;
  }
  if (url.searchParams.get('watch') !== 'true') {
    response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': fixture.list.length });
    response.end(fixture.list);
    return;
  }
  response.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  response.flushHeaders();
  watches.add(response);
  response.on('close', () => watches.delete(response));
});
server.requestTimeout = 0;
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

/** Plays one run on every open watch; the fixture starts over for each run (each run has a fresh client that lists again). */
async function run({ id, rate, probes }) {
  const random = seededRandom(31 + id);
  const chunkSize = () => MIN_CHUNK + Math.floor(random() * (MAX_CHUNK - MIN_CHUNK + 1));
  const start = performance.now();
  let sent = 0;
  for (let tick = 0, probe = 0; probe < probes; tick++) {
    const wait = start + tick * TICK_MS - performance.now();
    if (wait > 0) await sleep(wait);
    const upTo = Math.min(EVENTS, Math.round(((tick + 1) * rate * TICK_MS) / 1000));
    const parts = [fixture.watch.subarray(fixture.offsets[sent], fixture.offsets[upTo])];
    sent = upTo;
    if ((tick + 1) % PROBE_TICKS === 0) {
      probe += 1;
      parts.push(Buffer.from(probeLine(probe, listVersion + STRIDE * sent + probe)));
    }
    const bytes = Buffer.concat(parts);
    for (let offset = 0; offset < bytes.length; ) {
      const slice = bytes.subarray(offset, offset + chunkSize());
      offset += slice.length;
      for (const response of watches) response.write(slice);
      await nextTurn();
    }
  }
  process.send?.({ type: 'ran', id, events: sent, seconds: (performance.now() - start) / 1000 });
}

function probeLine(seq, resourceVersion) {
  const pod = fixture.sentinel;
  const annotations = { ...pod.metadata.annotations, 'bench.rxkube.io/seq': String(seq), 'bench.rxkube.io/written-at': String(performance.timeOrigin + performance.now()) };
  const object = { kind: 'Pod', apiVersion: 'v1', ...pod, metadata: { ...pod.metadata, resourceVersion: String(resourceVersion), annotations } };
  return `${JSON.stringify({ type: 'MODIFIED', object })}\n`;
}

process.on('message', (message) => {
  if (message?.type === 'run') void run(message);
});
process.on('disconnect', () => {
  for (const response of watches) response.end();
  server.close(() => process.exit(0));
});
process.send?.({ type: 'ready', url: `http://127.0.0.1:${server.address().port}` });
