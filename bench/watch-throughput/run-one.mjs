/**
 * One timed run of one candidate, in a fresh process so that no run inherits
 * another's heap, JIT state or sockets. Started by main.mjs with
 * `fork(run-one.mjs, [json], { execArgv: ['--expose-gc'] })`; the result goes
 * back over IPC.
 *
 * Timed: from just before the candidate starts (its modules already loaded)
 * until it has processed the final event. Retained heap: heapUsed after a full
 * GC at the end, minus heapUsed after a full GC just before the start, with
 * the client still alive.
 *
 * A run still going at its deadline is cut: it reports how many events it had
 * applied, and an estimate of its full time, `listed + (elapsed - listed) *
 * events / applied` (the watch phase extrapolated at the rate it kept after
 * the list), and its CPU time is scaled by the same factor. Its retained
 * heap is measured at the cut; the cache already holds every pod then.
 */
import { candidates } from './candidates.mjs';

/** @type {{ candidate: string, target: object, deadlineMs?: number, checkpointMs?: number }} */
const spec = JSON.parse(process.argv[2] ?? '{}');
const candidate = candidates[spec.candidate];
if (!candidate) throw new Error(`unknown candidate ${spec.candidate}`);
if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');

const { target } = spec;

const loaded = await candidate.load();
const heapBefore = settledHeap();
const cpuBefore = process.cpuUsage();
const started = performance.now();
// The deadline counts from the start, list included (client-node's start() resolves only once its list is in).
const deadline = deadlineAfter(spec.deadlineMs ?? 0);
const handle = await candidate.start(target, loaded);
// A checkpoint records what a cut at that moment would have estimated, to check the extrapolation against complete runs.
let checkpoint;
const checkpointTimer = spec.checkpointMs
  ? setTimeout(() => {
      const at = performance.now() - started;
      const listedAt = handle.listedAt === undefined ? undefined : handle.listedAt - started;
      checkpoint = { atMs: at, applied: handle.progress(), estimateMs: estimate(at, listedAt, handle.progress(), target.events) };
    }, spec.checkpointMs)
  : undefined;
const finished = await Promise.race([handle.done.then(() => true), deadline.reached]);
deadline.clear();
const elapsed = performance.now() - started;
clearTimeout(checkpointTimer);
const applied = handle.progress();
const cpu = process.cpuUsage(cpuBefore);
const heapAfter = settledHeap();
const listed = handle.listedAt === undefined ? undefined : handle.listedAt - started;
const result = {
  candidate: spec.candidate,
  complete: finished,
  ms: finished ? elapsed : estimate(elapsed, listed, applied, target.events),
  elapsedMs: elapsed,
  listedMs: listed,
  applied: finished ? target.events : applied,
  cpuMs: (cpu.user + cpu.system) / 1000,
  // CPU over the whole stream: a cut run's CPU scaled like its time (the same rate after the list).
  cpuEstimateMs: ((cpu.user + cpu.system) / 1000) * (finished ? 1 : estimate(elapsed, listed, applied, target.events) / elapsed),
  retainedBytes: heapAfter - heapBefore,
  emissions: handle.emissions(),
  checkpoint,
};
// `handle.retained` (the client) stays reachable up to here, past the measurement.
void handle.retained;
await handle.close();
process.send?.({ type: 'result', result });
process.disconnect?.();
process.exit(0);

/** `reached` resolves to false after `ms` (never with 0 = no deadline). */
function deadlineAfter(ms) {
  let timer;
  const reached = new Promise((resolve) => {
    if (ms) timer = setTimeout(() => resolve(false), ms);
  });
  return { reached, clear: () => clearTimeout(timer) };
}

function estimate(elapsedMs, listedMs, appliedEvents, events) {
  if (listedMs === undefined || appliedEvents <= 0) return Number.POSITIVE_INFINITY;
  return listedMs + ((elapsedMs - listedMs) * events) / appliedEvents;
}

function settledHeap() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}
