/**
 * Turns the runs of one size into figures and a table. Every time figure is a
 * median over rounds; a ratio is the candidate's median over the `parse`
 * (or `floor`) median from the same invocation, and `paired` is the median of
 * the per-round ratios to `floor`, which cancels slow drifts of a shared
 * machine. `CPU x floor` compares the client process's CPU time (user +
 * system), which moves far less than wall time when other jobs share the
 * cores. Retained heap is compared with the floor's (the parse keeps nothing).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

export function median(values) {
  const sorted = values.filter((value) => Number.isFinite(value)).toSorted((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The value at quantile q (0..1) of the values, nearest rank. */
export function quantile(values, q) {
  const sorted = values.toSorted((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/**
 * @param {{ candidate: string, round: number, ms: number | null, complete: boolean, cpuMs: number, retainedBytes: number, emissions: number, applied: number }[]} runs
 * @param {string[]} order candidates, `parse` and `floor` among them
 * @param {number} events
 */
export function summarize(runs, order, events) {
  const of = (name) => runs.filter((run) => run.candidate === name);
  const parseMs = median(of('parse').map(time));
  const floorRuns = of('floor');
  const floorMs = median(floorRuns.map(time));
  const floorHeap = median(floorRuns.map((run) => run.retainedBytes));
  const floorCpu = median(floorRuns.map(cpu));
  return order.map((candidate) => {
    const mine = of(candidate);
    const ms = median(mine.map(time));
    const paired = [];
    for (const run of mine) {
      const partner = floorRuns.find((other) => other.round === run.round);
      if (partner) paired.push(time(run) / time(partner));
    }
    const heap = median(mine.map((run) => run.retainedBytes));
    return {
      candidate,
      runs: mine.length,
      cut: mine.filter((run) => !run.complete && !run.failed).length,
      failed: mine.filter((run) => run.failed).length,
      appliedShare: median(mine.map((run) => run.applied / events)),
      ms,
      listedMs: median(mine.map((run) => run.listedMs)),
      minMs: Math.min(...mine.map(time)),
      maxMs: Math.max(...mine.filter((run) => !run.failed).map(time)),
      eventsPerSecond: events / (ms / 1000),
      parseRatio: ms / parseMs,
      floorRatio: ms / floorMs,
      pairedFloorRatio: median(paired),
      cpuMs: median(mine.map(cpu)),
      cpuFloorRatio: median(mine.map(cpu)) / floorCpu,
      retainedBytes: heap,
      heapRatio: candidate === 'parse' ? Number.NaN : heap / floorHeap,
      emissions: median(mine.map((run) => run.emissions)),
    };
  });
}

function time(run) {
  return run.ms === null ? Number.POSITIVE_INFINITY : run.ms;
}

/** CPU time over the whole stream (estimated for a run cut at its deadline). */
function cpu(run) {
  return run.cpuEstimateMs ?? run.cpuMs;
}

/** A markdown table: a header, right-aligned columns except the first, and notes under it. */
export function markdownTable(header, lines, notes = []) {
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)));
  const format = (cells) => `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (column === 0 ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  return [format(header), rule, ...lines.map(format), ...notes].join('\n');
}

/** @param {ReturnType<typeof summarize>} rows @param {Record<string, { label: string }>} labels */
export function table(rows, labels) {
  const header = ['candidate', 'median', 'min-max', 'list in', 'events/s', 'x parse', 'x floor', 'paired x floor', 'client CPU', 'CPU x floor', 'retained heap', 'heap x floor', 'callbacks'];
  const lines = rows.map((row) => [
    labels[row.candidate]?.label ?? row.candidate,
    `${seconds(row.ms)}${row.cut ? '*' : ''}${row.failed ? '!' : ''}`,
    `${seconds(row.minMs, false)}-${seconds(row.maxMs)}`,
    seconds(row.listedMs),
    thousands(row.eventsPerSecond),
    ratio(row.parseRatio),
    ratio(row.floorRatio),
    ratio(row.pairedFloorRatio),
    seconds(row.cpuMs),
    ratio(row.cpuFloorRatio),
    `${(row.retainedBytes / 1e6).toFixed(1)} MB`,
    ratio(row.heapRatio),
    thousands(row.emissions),
  ]);
  const notes = rows
    .filter((row) => row.cut)
    .map((row) => `* ${labels[row.candidate]?.label ?? row.candidate}: ${row.cut} of ${row.runs} runs cut at the deadline after ~${Math.round(row.appliedShare * 100)}% of the events; their time and CPU are extrapolated from the rate after the list ("list in"); callbacks count up to the cut.`);
  for (const row of rows.filter((r) => r.failed)) notes.push(`! ${labels[row.candidate]?.label ?? row.candidate}: ${row.failed} of ${row.runs} runs failed (see the log above); the medians leave them out.`);
  return markdownTable(header, lines, notes);
}

export function ratio(value) {
  return Number.isFinite(value) ? `${value.toFixed(2)}x` : '-';
}

function seconds(ms, unit = true) {
  if (!Number.isFinite(ms)) return 'n/a';
  return `${(ms / 1000).toFixed(2)}${unit ? ' s' : ''}`;
}

export function thousands(value) {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}

export function machine() {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? model;
  } catch {
    // not Linux: os.cpus() is the best there is
  }
  return {
    cpu: model.trim(),
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    /** 1-minute load average when the benchmark started: above the core count, other work shared the machine. */
    load: loadavg()[0].toFixed(1),
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    commit: commit(),
  };
}

/** The commit measured, with "+changes" when the work tree differs from it. */
function commit() {
  try {
    const dirty = git('status', '--porcelain', '--', 'packages') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? '+changes' : ''}`;
  } catch {
    return 'unknown';
  }
}

function git(...args) {
  return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
}
