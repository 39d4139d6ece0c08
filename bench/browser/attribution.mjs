/**
 * Whose code ran during each long task, from a CDP CPU profile (Profiler
 * domain, sampled): each sample's self time goes to the chunk its function
 * came from (build.mjs names chunks after their owners) or to the V8 category
 * it names. V8 books a builtin such as JSON.parse to the function that called
 * it, so parsing is recognized by that caller. Categories:
 *   parsing    decoding, line splitting and JSON.parse, whoever does it: in
 *              rxkube's line reader (`parseLine`, `parseLines`, `decode`), its
 *              request (`request`: JSON.parse of a list page) and the bench
 *              page's own reader (`parseStream`: the floor's parse and Map)
 *   rxkube     the rest of rxkube's chunks (packages/core, packages/react) and
 *              of its dependencies (rxjs, ky, immer)
 *   GC         the garbage collector
 *   app        everything else in page code (the console, React, the harness)
 *   browser    native work outside script ('(program)')
 * Function names are those of an unminified build (the bench page); in the
 * console's minified build, rxkube's parsing counts as rxkube.
 * Lining up: the page runs `benchClockMarker` for 20 ms when it records
 * `markerAt` (performance.now()); the first sample inside it gives the offset
 * between the profile's clock and the page's (within one sampling interval).
 */

/** @param {{ nodes: any[], samples: number[], timeDeltas: number[], startTime: number }} profile */
export function samplesOf(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const out = [];
  let time = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i];
    const durationUs = profile.timeDeltas[i + 1] ?? 0;
    out.push({ timeUs: time, durationUs, node: byId.get(profile.samples[i]), stack: () => stackOf(profile.samples[i], byId, parent) });
  }
  return out;
}

function stackOf(id, byId, parent) {
  const names = [];
  for (let at = id; at !== undefined; at = parent.get(at)) names.push(byId.get(at).callFrame.functionName);
  return names;
}

const RXKUBE_PARSING = new Set(['parseLine', 'parseLines', 'decode', 'request']);

function categoryOf(callFrame) {
  const { functionName, url } = callFrame;
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)' || functionName === '(root)') return 'browser';
  const rxkube = /\/(assets\/)?rxkube(-deps)?[-.]/.test(url);
  if ((rxkube && RXKUBE_PARSING.has(functionName)) || functionName === 'parseStream') return 'parsing';
  return rxkube ? 'rxkube' : 'app';
}

/** The profile time (µs) of page time 0, from the first sample inside benchClockMarker. */
export function profileOffsetUs(samples, markerAtMs) {
  const first = samples.find((sample) => sample.stack().includes('benchClockMarker'));
  if (!first) throw new Error('the profile has no sample in benchClockMarker: cannot line it up with the page');
  return first.timeUs - markerAtMs * 1000;
}

/** Per long task: its start and duration (ms) and the ms of each category inside it. */
export function attribute(samples, offsetUs, tasks) {
  return tasks.map((task) => {
    const from = offsetUs + task.start * 1000;
    const to = from + task.duration * 1000;
    const ms = { rxkube: 0, parsing: 0, GC: 0, app: 0, browser: 0, idle: 0 };
    for (const sample of samples) {
      if (sample.timeUs < from || sample.timeUs >= to) continue;
      ms[categoryOf(sample.node.callFrame)] += sample.durationUs / 1000;
    }
    return { start: task.start, duration: task.duration, ms };
  });
}
