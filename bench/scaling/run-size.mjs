/**
 * One list size of the scaling benchmark, in a fresh process: rxkube's own
 * work per watch batch with N pods in the list.
 *
 * The client is the real one (`createKubeClient` from packages/core/dist,
 * default options, `watchResourceList({ resource: Pods })`), given a `fetch`
 * that serves the fixture from memory: the list at once, then the watch body
 * as 48-80 KiB chunks cut at arbitrary offsets (about 12 events each), one
 * chunk per read with a macrotask between reads, as a socket delivers them.
 * The real pipeline decodes, splits and parses each chunk; what is timed, with
 * performance.now(), is only what the store does:
 * - every outermost call of a CacheStore method (`apply` above all: one per batch);
 * - every notifier flush, which runs the subscribers: the observer's
 *   snapshot, the store's list selector, the emission (the subscriber itself
 *   only looks at the last element).
 * The first quarter of the batches is left out (JIT warm-up, the first list
 * emission). Result over IPC: `{ pods, batches, events, storeUs, flushUs, cpuUs }`
 * (cpuUs: the process's CPU time over the same calls, process.cpuUsage()).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { buildFixture } from '../watch-throughput/fixture.mjs';
import { seededRandom } from '../watch-throughput/random.mjs';

const [pods, events] = process.argv.slice(2).map(Number);
const WARM_UP_SHARE = 0.25;
const MIN_CHUNK = 48 * 1024;
const MAX_CHUNK = 80 * 1024;

const dist = new URL('../../packages/core/dist/', import.meta.url);
const core = await import(new URL('index.js', dist).href);
const { CacheStore } = await import(new URL('cache/store.js', dist).href);
const { Notifier } = await import(new URL('cache/notifier.js', dist).href);
for (const [name, Class, method] of [
  ['CacheStore', CacheStore, 'apply'],
  ['CacheStore', CacheStore, 'selectList'],
  ['Notifier', Notifier, 'flush'],
]) {
  if (typeof Class?.prototype?.[method] !== 'function') throw new Error(`the scaling bench times ${name}.prototype.${method}, which packages/core/dist no longer has: update bench/scaling/run-size.mjs`);
}

const fixture = buildFixture(pods, events);
const chunks = cut(fixture.watch);

// Timing: outermost calls only, so a store method called from a flush (or from another method) counts once.
let depth = 0;
let measuring = false;
// Wall time (performance.now) and CPU time (process.cpuUsage): on a shared machine, wall time inside a call
// also counts the moments the process was waiting for a core; CPU time does not.
const spent = { store: 0, flush: 0, storeCpu: 0, flushCpu: 0, batches: 0 };
const wrap = (prototype, method, bucket) => {
  const original = prototype[method];
  prototype[method] = function timed(...args) {
    if (depth > 0) return original.apply(this, args);
    depth += 1;
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    try {
      return original.apply(this, args);
    } finally {
      depth -= 1;
      if (measuring) {
        const cpu = process.cpuUsage(cpuStart);
        spent[`${bucket}Cpu`] += (cpu.user + cpu.system) / 1000;
        spent[bucket] += performance.now() - start;
        if (method === 'apply') spent.batches += 1;
      }
    }
  };
};
for (const [method, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(CacheStore.prototype))) {
  if (method !== 'constructor' && typeof descriptor.value === 'function') wrap(CacheStore.prototype, method, 'store');
}
wrap(Notifier.prototype, 'flush', 'flush');

let delivered = 0;
const warmUpChunks = Math.floor(chunks.length * WARM_UP_SHARE);
// Events that start after the warm-up chunks are the ones measured.
const warmUpBytes = chunks.slice(0, warmUpChunks).reduce((sum, chunk) => sum + chunk.length, 0);
const measuredEvents = events - fixture.offsets.findIndex((offset) => offset >= warmUpBytes);

const fakeFetch = async (input, init) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  if (url.searchParams.get('watch') !== 'true') return new Response(fixture.list, { headers: { 'content-type': 'application/json' } });
  const body = new ReadableStream(
    {
      async pull(controller) {
        await nextTurn();
        if (delivered === warmUpChunks) measuring = true;
        if (delivered < chunks.length) controller.enqueue(chunks[delivered++]);
        // After the last chunk the watch stays open, as a server's would until its timeout.
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, { headers: { 'content-type': 'application/json' } });
};

const client = core.createKubeClient({ baseUrl: 'http://replay.invalid', fetch: fakeFetch });
await new Promise((resolve, reject) => {
  const subscription = client.watchResourceList({ resource: core.Pods }).subscribe({
    next: (list) => {
      if (list.at(-1)?.metadata?.resourceVersion === fixture.finalResourceVersion) {
        subscription.unsubscribe();
        resolve(undefined);
      }
    },
    error: reject,
  });
});
client.dispose();

process.send?.({
  type: 'result',
  result: {
    pods,
    batches: spent.batches,
    events: measuredEvents,
    storeUs: spent.store * 1000,
    flushUs: spent.flush * 1000,
    cpuUs: (spent.storeCpu + spent.flushCpu) * 1000,
  },
});
process.disconnect?.();

/** The watch body in chunks of 48-80 KiB cut at arbitrary byte offsets, from a seeded PRNG. */
function cut(bytes) {
  const random = seededRandom(4_801);
  const out = [];
  for (let offset = 0; offset < bytes.length; ) {
    const size = MIN_CHUNK + Math.floor(random() * (MAX_CHUNK - MIN_CHUNK + 1));
    out.push(new Uint8Array(bytes.subarray(offset, offset + size)));
    offset += size;
  }
  return out;
}
