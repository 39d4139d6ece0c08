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
 * the list). Its retained heap is measured at the cut; the cache already
 * holds every pod then.
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
const finished = await untilDoneOrDeadline(handle.done, spec.deadlineMs ?? 0);
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

/** true when `done` resolved, false when the deadline (0 = none) came first. */
function untilDoneOrDeadline(done, deadlineMs) {
  if (!deadlineMs) return done.then(() => true);
  let timer;
  const deadline = new Promise((resolve) => (timer = setTimeout(() => resolve(false), deadlineMs)));
  return Promise.race([done.then(() => true), deadline]).finally(() => clearTimeout(timer));
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
