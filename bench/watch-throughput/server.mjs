/**
 * The replay server: plays a pre-built fixture back over loopback HTTP, the
 * way an apiserver answers a list and then a watch.
 *
 *   GET /api/v1/pods?...                          the whole PodList (limit ignored, no continue token)
 *   GET /api/v1/pods?watch=true&resourceVersion=N every event after N, as fast as the socket takes
 *                                                 them, then the end of the response; from the
 *                                                 final version on: 200, no events, held open
 *
 * How the watch body is cut: with `real` traffic, into chunks of 16-80 KiB at
 * arbitrary byte offsets (sizes from a PRNG seeded by the starting event), each
 * written on its own and followed by a turn of the event loop, so that each
 * leaves as its own send, the way an apiserver flushes its watch encoder; a
 * client that keeps up sees one read per chunk. With `friendly` traffic (the
 * benchmark's first shape), into 1 MiB slices written back to back.
 *
 * Invariants: it keeps no state between requests, so one server serves every
 * run; the bytes exist before the first request, and serving is a sequence of
 * writes of slices of one Buffer, waiting for 'drain' when the socket is full;
 * a watch resumed from any version inside the stream continues right after
 * it, and `timeoutSeconds` ends a watch at the next event boundary, as an
 * apiserver does (a client slower than the timeout still gets everything).
 *
 * Run as a child process (`fork`), it builds the fixture from argv (pods,
 * events, traffic) and reports `{ url, fixture }` over IPC once listening.
 */
import { createServer } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { buildFixture } from './fixture.mjs';
import { seededRandom } from './random.mjs';

const FRIENDLY_SLICE = 1024 * 1024;
// RXKUBE_BENCH_CHUNKS=48-80 (KiB) cuts like issue 17's independent run; the default is 16-80.
const [MIN_CHUNK, MAX_CHUNK] = (process.env.RXKUBE_BENCH_CHUNKS ?? '16-80').split('-').map((kib) => Number(kib) * 1024);
/** An idle watch (nothing left to send) ends after this long if the request set no timeoutSeconds. */
const IDLE_WATCH_MS = 60_000;

/**
 * @param {ReturnType<typeof buildFixture>} fixture
 * @param {{ extraRoutes?: (request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse) => boolean }} [options]
 *   extraRoutes answers other paths (the browser benchmark's page) and returns true when it did
 */
export async function startReplayServer(fixture, options = {}) {
  const open = new Set();
  const counts = { lists: 0, watches: 0, resumedWatches: 0, idleWatches: 0, other: 0, watchesWritten: 0 };
  const listVersion = Number(fixture.listResourceVersion);
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/api/v1/pods' && options.extraRoutes?.(request, response)) return;
    if (request.method !== 'GET' || url.pathname !== '/api/v1/pods') {
      counts.other += 1;
      sendStatus(response, 404, 'NotFound', `no route for ${request.url}`);
      return;
    }
    const watch = url.searchParams.get('watch');
    if (watch !== 'true' && watch !== '1') {
      counts.lists += 1;
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': fixture.list.length });
      response.end(fixture.list);
      return;
    }
    const seen = Number(url.searchParams.get('resourceVersion') ?? '') - listVersion;
    if (!Number.isInteger(seen) || seen < 0) {
      counts.other += 1;
      sendStatus(response, 410, 'Expired', 'too old resource version');
      return;
    }
    const timeoutSeconds = Number(url.searchParams.get('timeoutSeconds') ?? '0');
    const timeoutMs = timeoutSeconds > 0 ? timeoutSeconds * 1000 : 0;
    response.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    response.flushHeaders();
    if (seen < fixture.events) {
      counts[seen === 0 ? 'watches' : 'resumedWatches'] += 1;
      streamEvents(response, fixture, seen, timeoutMs, counts);
    } else {
      counts.idleWatches += 1;
      holdOpen(response, open, timeoutMs || IDLE_WATCH_MS);
    }
  });
  // The list is 25-100 MB and a client may take a while to read it: no request timeout.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise((resolve) => {
        for (const response of open) response.end();
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}

/**
 * Writes the events after the first `seen`, ending early (on an event boundary) once `timeoutMs` has passed;
 * counts.watchesWritten says how many responses were written to the stream's end.
 */
function streamEvents(response, fixture, seen, timeoutMs, counts) {
  const { watch: bytes, offsets } = fixture;
  const chunkSize = fixture.traffic === 'friendly' ? () => FRIENDLY_SLICE : chunkSizes(seen);
  let offset = offsets[seen];
  let end = bytes.length;
  let timer;
  const gone = new Promise((resolve) => response.once('close', resolve));
  const write = async () => {
    while (offset < end) {
      const slice = bytes.subarray(offset, Math.min(offset + chunkSize(), end));
      offset += slice.length;
      if (!response.write(slice)) await Promise.race([new Promise((resolve) => response.once('drain', resolve)), gone]);
      else if (fixture.traffic !== 'friendly') await nextTurn();
    }
    clearTimeout(timer);
    if (response.destroyed) return;
    response.end();
    if (end === bytes.length) counts.watchesWritten += 1;
  };
  if (timeoutMs > 0) {
    timer = setTimeout(() => {
      end = offsets[boundaryAtOrAfter(offsets, offset)];
    }, timeoutMs);
  }
  response.on('close', () => {
    clearTimeout(timer);
    end = offset;
  });
  void write();
}

/** Chunk sizes of 16-80 KiB (or RXKUBE_BENCH_CHUNKS), the same sequence for every watch that starts at the same event. */
function chunkSizes(seen) {
  const random = seededRandom(7_919 + seen);
  return () => MIN_CHUNK + Math.floor(random() * (MAX_CHUNK - MIN_CHUNK + 1));
}

/** Index of the first event boundary at or after `offset` (binary search over the sorted offsets). */
function boundaryAtOrAfter(offsets, offset) {
  let low = 0;
  let high = offsets.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (offsets[middle] < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

function holdOpen(response, open, ms) {
  open.add(response);
  const timer = setTimeout(() => response.end(), ms);
  response.on('close', () => {
    clearTimeout(timer);
    open.delete(response);
  });
}

function sendStatus(response, code, reason, message) {
  const text = JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, code, message });
  response.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

/** What a client needs to know about the fixture to decide that it is done. */
export function fixtureFacts(fixture) {
  return {
    pods: fixture.pods,
    events: fixture.events,
    traffic: fixture.traffic,
    counts: fixture.counts,
    finalPods: fixture.finalPods,
    listResourceVersion: fixture.listResourceVersion,
    finalResourceVersion: fixture.finalResourceVersion,
    last: fixture.last,
    averageEventBytes: fixture.averageEventBytes,
    listBytes: fixture.list.length,
    watchBytes: fixture.watch.length,
  };
}

if (import.meta.main && process.send) {
  const [pods, events] = process.argv.slice(2, 4).map(Number);
  const fixture = buildFixture(pods, events, process.argv[4] ?? 'real');
  const server = await startReplayServer(fixture);
  process.send({ type: 'ready', url: server.url, fixture: fixtureFacts(fixture) });
  process.on('message', (message) => {
    if (message?.type === 'counts') process.send?.({ type: 'counts', counts: server.counts });
  });
  process.on('disconnect', () => void server.close().then(() => process.exit(0)));
}
