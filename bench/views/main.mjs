/**
 * The views benchmark: for each list view (full, metadata, table) at S1
 * traffic, the bytes on the wire (list and watch bodies, as served), the time
 * for a Node client to catch up (list, then every event, until the last pod
 * shows the final resourceVersion) and the heap it retains. Runs are
 * interleaved (each round runs every view, in an order that rotates), each
 * in a fresh process, the server in this one; medians, and ratios to `full`
 * of the same run.
 *
 *   npm run bench -- --only views [--quick] [--rounds 3]
 *   NODE_ENV=production node bench/views/main.mjs [--pods 5000] [--events 50000] [--rounds 3]
 *
 * Needs the packages built (`npm run bench` builds them). `--quick`: 500 pods,
 * 5,000 events, one round.
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { buildViewsFixture } from './fixture.mjs';

/** `full+managedFields`: the full view with `keepManagedFields: true`, what a client that keeps whole objects holds. */
const VIEWS = ['full', 'metadata', 'table', 'full+managedFields'];
const CHUNK = 64 * 1024;
// Not strict: `npm run bench` hands every benchmark every option.
const { values } = parseArgs({ strict: false, options: { pods: { type: 'string' }, events: { type: 'string' }, rounds: { type: 'string' }, quick: { type: 'boolean' } } });
const pods = Number(values.pods ?? (values.quick ? 500 : 5_000));
const events = Number(values.events ?? (values.quick ? 5_000 : 50_000));
const rounds = Number(values.rounds ?? (values.quick ? 1 : 3));

const builtAt = performance.now();
const fixture = buildViewsFixture(pods, events);
console.log(`fixture: ${pods} pods, ${events} events, managedFields ${fixture.managedFieldsBytes} B a pod, built in ${((performance.now() - builtAt) / 1000).toFixed(1)} s`);

/** Which body an Accept header gets, as kube-apiserver negotiates it. */
function viewOf(accept) {
  const first = (accept ?? '').split(',')[0];
  if (/;as=Table\b/.test(first)) return 'table';
  if (/;as=PartialObjectMetadata/.test(first)) return 'metadata';
  return 'full';
}

const listVersion = Number(fixture.listResourceVersion);
const server = createServer(async (request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const body = fixture.views[viewOf(request.headers.accept)];
  // (full+managedFields asks for plain JSON: the full body.)
  if (url.searchParams.get('watch') !== 'true') {
    response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.list.length });
    response.end(body.list);
    return;
  }
  response.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  // Event j has resourceVersion list + 1 + j: a watch from N starts at event N - list.
  const from = Math.max(0, Number(url.searchParams.get('resourceVersion')) - listVersion);
  if (from >= events) return void request.on('close', () => response.end());
  // A Table watch starts with its column definitions, whatever its first event (the fixture's first line has them).
  let at = body.offsets[from];
  if (from > 0 && viewOf(request.headers.accept) === 'table') {
    const head = JSON.parse(body.watch.subarray(body.offsets[0], body.offsets[1]).toString('utf8')).object.columnDefinitions;
    const first = JSON.parse(body.watch.subarray(body.offsets[from], body.offsets[from + 1]).toString('utf8'));
    response.write(`${JSON.stringify({ ...first, object: { ...first.object, columnDefinitions: head } })}\n`);
    at = body.offsets[from + 1];
  }
  const end = body.offsets[events];
  while (at < end && !response.destroyed) {
    const next = Math.min(end, at + CHUNK);
    if (!response.write(body.watch.subarray(at, next))) await new Promise((resolve) => response.once('drain', resolve));
    at = next;
    await nextTurn();
  }
  response.end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}`;

function runOnce(view) {
  return new Promise((resolve, reject) => {
    const spec = { url, view, last: fixture.last, finalResourceVersion: fixture.finalResourceVersion };
    const child = fork(new URL('./run.mjs', import.meta.url), [JSON.stringify(spec)], { execArgv: ['--expose-gc', '--max-old-space-size=4096'] });
    child.on('message', (message) => message.type === 'result' && resolve(message.result));
    child.on('exit', (code) => code !== 0 && reject(new Error(`${view} run exited with ${code}`)));
  });
}

const results = Object.fromEntries(VIEWS.map((view) => [view, []]));
const started = performance.now();
for (let round = 0; round < rounds; round++) {
  // The order rotates each round, so that no view always runs first (or after the heaviest).
  for (const view of [...VIEWS.slice(round % VIEWS.length), ...VIEWS.slice(0, round % VIEWS.length)]) {
    const result = await runOnce(view);
    results[view].push(result);
    console.log(`round ${round + 1} ${view}: ${(result.ms / 1000).toFixed(2)} s, retained ${(result.retainedBytes / 2 ** 20).toFixed(1)} MiB`);
  }
}
server.close();

const median = (xs) => xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)];
const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);
const base = { bytes: 0, ms: median(results.full.map((r) => r.ms)), heap: median(results.full.map((r) => r.retainedBytes)) };
base.bytes = fixture.views.full.list.length + fixture.views.full.watch.length;
console.log(`\n${pods === 5_000 && events === 50_000 ? 'S1' : 'S1-shaped'}: ${pods} pods, ${events} events; ${rounds} interleaved rounds in ${((performance.now() - started) / 1000).toFixed(0)} s; medians, ratio to full; ${process.env.NODE_ENV === 'production' ? 'production' : 'development'} build; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
console.log('| view | list | watch | bytes on the wire | with drop=metadata.managedFields honoured | time to catch up (Node) | retained heap |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const view of VIEWS) {
  const { list, watch } = fixture.views[view === 'full+managedFields' ? 'full' : view];
  const bytes = list.length + watch.length;
  const ms = median(results[view].map((r) => r.ms));
  const heap = median(results[view].map((r) => r.retainedBytes));
  const dropped = bytes - fixture.droppedBytes.list - fixture.droppedBytes.watch;
  console.log(
    `| ${view} | ${mib(list.length)} MiB | ${mib(watch.length)} MiB | ${mib(bytes)} MiB (${(bytes / base.bytes).toFixed(2)}x) | ${mib(dropped)} MiB (${(dropped / base.bytes).toFixed(2)}x) | ${(ms / 1000).toFixed(2)} s (${(ms / base.ms).toFixed(2)}x) | ${mib(heap)} MiB (${(heap / base.heap).toFixed(2)}x) |`,
  );
}
process.exit(0);
