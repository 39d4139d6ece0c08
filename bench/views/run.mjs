/**
 * One timed run of one view, in a fresh process (`fork(run.mjs, [json], {
 * execArgv: ['--expose-gc'] })`), the way bench/watch-throughput/run-one.mjs
 * runs a candidate. Timed: from the subscription until the list shows the
 * last pod at the stream's final resourceVersion. Retained heap: heapUsed
 * after a full GC at the end minus before the start, the client still alive.
 */
const spec = JSON.parse(process.argv[2] ?? '{}');
if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');
const core = await import(new URL('../../packages/core/dist/index.js', import.meta.url).href);

const heapBefore = settledHeap();
const started = performance.now();
const client = core.createKubeClient({ baseUrl: spec.url });
const params = { resource: core.Pods };
let emissions = 0;
const caughtUp = new Promise((resolve, reject) => {
  const isDone = (items) => {
    const last = items[items.length - 1];
    return last?.metadata?.name === spec.last.name && last.metadata.resourceVersion === spec.finalResourceVersion;
  };
  const observer = { error: reject };
  if (spec.view === 'table') {
    client.watchResourceTable(params).subscribe({ ...observer, next: (table) => (emissions++, isDone(table.rows) && resolve(table)) });
  } else if (spec.view === 'full+managedFields') {
    client.watchResourceList({ ...params, keepManagedFields: true }).subscribe({ ...observer, next: (items) => (emissions++, isDone(items) && resolve(items)) });
  } else {
    client.watchResourceList({ ...params, view: spec.view }).subscribe({ ...observer, next: (items) => (emissions++, isDone(items) && resolve(items)) });
  }
});
const kept = await caughtUp;
const ms = performance.now() - started;
const retainedBytes = settledHeap() - heapBefore;
void kept;
process.send?.({ type: 'result', result: { view: spec.view, ms, retainedBytes, emissions } });
client.dispose();
process.disconnect?.();
process.exit(0);

function settledHeap() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}
