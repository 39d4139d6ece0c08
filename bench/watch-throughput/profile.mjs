/**
 * One run under `node --cpu-prof`, summarized: the functions with the most
 * self time (where the CPU actually was), by package, and rxkube's own
 * functions by inclusive time (what each one costs with everything it calls).
 * Times come from the profile's sample deltas; idle time is left out, so the
 * shares are of the time the process was busy (module loading included).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TOP = 12;

export async function profileRun(spec, runWith) {
  const dir = mkdtempSync(join(tmpdir(), 'rxkube-bench-prof-'));
  const result = await runWith(['--expose-gc', '--cpu-prof', `--cpu-prof-dir=${dir}`]);
  const name = readdirSync(dir).find((file) => file.endsWith('.cpuprofile'));
  if (!name) throw new Error(`no .cpuprofile written in ${dir}`);
  const file = join(dir, name);
  const summary = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')));
  return { candidate: spec.candidate, result, file, ...summary, text: render(summary) };
}

export function summarizeProfile(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const duration = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    selfMs.set(profile.samples[i], (selfMs.get(profile.samples[i]) ?? 0) + duration);
  }
  const self = new Map();
  const total = new Map();
  const packages = new Map();
  let busy = 0;
  const visit = (node, onStack) => {
    const key = keyOf(node.callFrame);
    const mine = node.callFrame.functionName === '(idle)' ? 0 : (selfMs.get(node.id) ?? 0);
    busy += mine;
    self.set(key, (self.get(key) ?? 0) + mine);
    const area = areaOf(node.callFrame);
    packages.set(area, (packages.get(area) ?? 0) + mine);
    let subtree = mine;
    const stack = new Set(onStack).add(key);
    for (const child of node.children ?? []) subtree += visit(byId.get(child), stack);
    if (!onStack.has(key)) total.set(key, (total.get(key) ?? 0) + subtree);
    return subtree;
  };
  visit(profile.nodes[0], new Set());
  // Issue 17: immer's share, and that of the cache's state layer (shownState, listView), of the busy time.
  const selfIn = (test) => [...self].filter(([key]) => test(key)).reduce((sum, [, ms]) => sum + ms, 0);
  const immerMs = selfIn((key) => / immer\//.test(key));
  const cacheMs = selfIn((key) => / core\/cache\/(shownState|listView)\.js:/.test(key));
  const gcMs = self.get('(garbage collector)') ?? 0;
  const ranked = (map, filter = () => true) =>
    [...map]
      .filter(([key]) => filter(key))
      .toSorted((a, b) => b[1] - a[1])
      .slice(0, TOP)
      .map(([key, ms]) => ({ key, ms, share: ms / busy }));
  return {
    busyMs: busy,
    immerMs,
    cacheMs,
    gcMs,
    self: ranked(self),
    packages: ranked(packages),
    rxkubeInclusive: ranked(total, (key) => key.includes(' core/')),
  };
}

function keyOf({ functionName, url, lineNumber }) {
  const where = shortUrl(url);
  return where ? `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}` : functionName || '(anonymous)';
}

function shortUrl(url) {
  if (!url) return '';
  const core = url.indexOf('/packages/core/dist/');
  if (core !== -1) return `core/${url.slice(core + '/packages/core/dist/'.length)}`;
  const modules = url.lastIndexOf('/node_modules/');
  if (modules !== -1) return url.slice(modules + '/node_modules/'.length);
  if (url.includes('/bench/')) return `bench/${url.slice(url.lastIndexOf('/bench/') + '/bench/'.length)}`;
  return url.replace(/^file:\/\//, '');
}

function areaOf({ functionName, url }) {
  if (!url) return functionName.startsWith('(') ? functionName : 'V8 builtins / native';
  if (url.includes('/packages/core/dist/')) return 'rxkube core';
  const modules = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url.slice(url.lastIndexOf('/node_modules/')));
  if (modules) return modules[1];
  if (url.startsWith('node:')) return 'Node internals (fetch/undici, streams)';
  if (url.includes('/bench/')) return 'benchmark harness';
  return 'other';
}

function rows(entries) {
  return entries.map(({ key, ms, share }) => `  ${(ms / 1000).toFixed(2).padStart(6)} s ${(share * 100).toFixed(1).padStart(5)}%  ${key}`).join('\n');
}

function shareOf(ms, busy) {
  return `${(ms / 1000).toFixed(2)} s (${((ms / busy) * 100).toFixed(1)}%)`;
}

function render(summary) {
  return [
    `busy ${(summary.busyMs / 1000).toFixed(2)} s; self time in immer ${shareOf(summary.immerMs, summary.busyMs)}, in core/cache/shownState + listView ${shareOf(summary.cacheMs, summary.busyMs)}, GC ${shareOf(summary.gcMs, summary.busyMs)}`,
    'by package (self time):',
    rows(summary.packages),
    'top functions (self time):',
    rows(summary.self),
    'rxkube functions (inclusive time):',
    rows(summary.rxkubeInclusive),
  ].join('\n');
}
