/**
 * The fake apiserver of @rxkube/testing with its workload simulator, alone in
 * this process, for bench/fake/main.mjs: what it costs is measured here, with
 * process.cpuUsage(), and never mixed with the client's work.
 *
 *   fork(server.mjs, [JSON.stringify({ scale, rate, tickIntervalMs })])
 *   -> { type: 'ready', url, seedMs, pods, pod: { namespace, name } }   once seeded and listening
 *   <- { type: 'sample' }
 *   -> { type: 'sample', cpuMicros, writes, at, loopDelayP99Ms }   CPU (user + system) and simulator writes so
 *      far; the event loop's delay p99 since the previous sample (how long a request may wait behind the fake's work)
 *
 * `writes` counts every change in the workload cluster except those of the
 * benchmark's own probe ConfigMap (default/bench-probe).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const { scale, rate, tickIntervalMs, testing: testingPath } = JSON.parse(process.argv[2]);
const testing = await import(testingPath ? pathToFileURL(testingPath).href : new URL('../../packages/testing/dist/index.js', import.meta.url).href);

const started = performance.now();
const server = await testing.startFakeApiServer({ simulate: { scale, rate, tickIntervalMs } });
const seedMs = performance.now() - started;
const cluster = server.clusters.global;
cluster.create(testing.resources.ConfigMaps, { metadata: { name: 'bench-probe', namespace: 'default' }, data: {} });
let writes = 0;
cluster.subscribe((signal) => {
  if (signal.type === 'change' && signal.change.object.metadata.name !== 'bench-probe') writes++;
});
const pods = cluster.list(testing.resources.Pods, { namespace: 'testhl', labelSelector: 'app=web' });
const pod = pods[pods.length >> 1].metadata;
const count = cluster.list(testing.resources.Pods, { labelSelector: 'app' }).length;

const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
process.on('message', (message) => {
  if (message?.type !== 'sample') return;
  const cpu = process.cpuUsage();
  process.send?.({ type: 'sample', cpuMicros: cpu.user + cpu.system, writes, at: performance.now(), loopDelayP99Ms: loopDelay.percentile(99) / 1e6 });
  loopDelay.reset();
});
process.on('disconnect', () => void server.close().then(() => process.exit(0)));
process.send?.({ type: 'ready', url: server.url, seedMs, pods: count, pod: { namespace: pod.namespace, name: pod.name } });
