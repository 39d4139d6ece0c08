/**
 * The fake apiserver of @rxkube/testing in its own process, holding N pods
 * shaped like the replay fixture's (~5 KB), and writing to them on command,
 * for the fan-out and latency benchmarks. Its work never counts against the
 * client's process.
 *
 * Protocol (IPC, started with `fork(fake-cluster.mjs, [pods])`):
 *   -> { type: 'ready', url, pods: [{ namespace, name }] }   pods in (namespace, name) order
 *   <- { type: 'write', id, ticks: number[][], tickMs }       ticks[t] lists pod indexes to change at tick t
 *   -> { type: 'written', id, changes, lateTicks }            once every tick ran
 * Every change is an update of the pod with two annotations:
 * `bench.rxkube.io/seq` (a counter over the process's life) and
 * `bench.rxkube.io/written-at` (epoch ms with a fraction,
 * performance.timeOrigin + performance.now(), comparable across processes
 * on one machine), set just before the write.
 */
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { makePod } from '../watch-throughput/fixture.mjs';

const testing = await import(new URL('../../packages/testing/dist/index.js', import.meta.url).href);
const NAMESPACES = 20;
const pods = Number(process.argv[2]);

const server = await testing.startFakeApiServer({ historyLimit: 200_000 });
const cluster = server.clusters.global;
const refs = [];
for (let i = 0; i < pods; i++) {
  const namespace = `ns-${String(Math.floor((i * NAMESPACES) / pods)).padStart(2, '0')}`;
  const name = `pod-${String(i).padStart(5, '0')}`;
  if (!cluster.find(testing.resources.Namespaces, { name: namespace })) cluster.create(testing.resources.Namespaces, { metadata: { name: namespace } });
  cluster.create(testing.resources.Pods, makePod(i, name, namespace));
  refs.push({ namespace, name });
}

let seq = 0;
function change(index) {
  const ref = refs[index];
  const current = cluster.get(testing.resources.Pods, ref);
  seq += 1;
  const annotations = { ...current.metadata.annotations, 'bench.rxkube.io/seq': String(seq), 'bench.rxkube.io/written-at': String(performance.timeOrigin + performance.now()) };
  const { resourceVersion: _, ...metadata } = current.metadata;
  cluster.update(testing.resources.Pods, { ...current, metadata: { ...metadata, annotations } });
}

/**
 * Runs the ticks on a fixed schedule (not drifting with the work); a tick that
 * starts late is counted. Every tick yields to the event loop at least once,
 * so that the watch responses are flushed even when the writes fall behind.
 */
async function write({ id, ticks, tickMs }) {
  const start = performance.now();
  let changes = 0;
  let lateTicks = 0;
  for (let t = 0; t < ticks.length; t++) {
    const due = start + t * tickMs;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    else {
      await nextTurn();
      if (wait < -tickMs) lateTicks += 1;
    }
    for (const index of ticks[t]) {
      change(index);
      changes += 1;
    }
  }
  process.send?.({ type: 'written', id, changes, lateTicks });
}

process.on('message', (message) => {
  if (message?.type === 'write') void write(message);
});
process.on('disconnect', () => void server.close().then(() => process.exit(0)));
process.send?.({ type: 'ready', url: server.url, pods: refs });
