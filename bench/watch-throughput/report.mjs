/**
 * Turns the runs of one size into figures and a table. Every time figure is a
 * median over rounds; a ratio is the candidate's median over the baseline's
 * median from the same invocation (`paired` is the median of the per-round
 * ratios, which cancels slow drifts of a shared machine).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

export function median(values) {
  const sorted = values.filter((value) => Number.isFinite(value)).toSorted((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * @param {{ candidate: string, round: number, ms: number | null, complete: boolean, cpuMs: number, retainedBytes: number, emissions: number, applied: number }[]} runs
 * @param {string[]} order candidates, baseline first
 * @param {number} events
 */
export function summarize(runs, order, events) {
  const baseline = runs.filter((run) => run.candidate === 'baseline');
  const baselineMs = median(baseline.map((run) => time(run)));
  const baselineHeap = median(baseline.map((run) => run.retainedBytes));
  return order.map((candidate) => {
    const mine = runs.filter((run) => run.candidate === candidate);
    const ms = median(mine.map((run) => time(run)));
    const paired = [];
    for (const run of mine) {
      const partner = baseline.find((other) => other.round === run.round);
      if (partner) paired.push(time(run) / time(partner));
    }
    const heap = median(mine.map((run) => run.retainedBytes));
    return {
      candidate,
      runs: mine.length,
      cut: mine.filter((run) => !run.complete).length,
      appliedShare: median(mine.map((run) => run.applied / events)),
      ms,
      listedMs: median(mine.map((run) => run.listedMs)),
      minMs: Math.min(...mine.map((run) => time(run))),
      maxMs: Math.max(...mine.map((run) => time(run))),
      eventsPerSecond: events / (ms / 1000),
      ratio: ms / baselineMs,
      pairedRatio: median(paired),
      cpuMs: median(mine.map((run) => run.cpuMs)),
      retainedBytes: heap,
      heapRatio: heap / baselineHeap,
      emissions: median(mine.map((run) => run.emissions)),
    };
  });
}

function time(run) {
  return run.ms === null ? Number.POSITIVE_INFINITY : run.ms;
}

/** @param {ReturnType<typeof summarize>} rows @param {Record<string, { label: string }>} labels */
export function table(rows, labels) {
  const header = ['candidate', 'median', 'min-max', 'list in', 'events/s', 'x baseline', 'paired', 'client CPU', 'retained heap', 'x baseline', 'callbacks'];
  const lines = rows.map((row) => [
    labels[row.candidate]?.label ?? row.candidate,
    `${seconds(row.ms)}${row.cut ? '*' : ''}`,
    `${seconds(row.minMs, false)}-${seconds(row.maxMs)}`,
    seconds(row.listedMs),
    thousands(row.eventsPerSecond),
    `${row.ratio.toFixed(2)}x`,
    `${row.pairedRatio.toFixed(2)}x`,
    seconds(row.cpuMs),
    `${(row.retainedBytes / 1e6).toFixed(1)} MB`,
    `${row.heapRatio.toFixed(2)}x`,
    thousands(row.emissions),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)));
  const format = (cells) => `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (column === 0 ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  const notes = rows
    .filter((row) => row.cut)
    .map((row) => `* ${labels[row.candidate]?.label ?? row.candidate}: ${row.cut} of ${row.runs} runs cut at the deadline after ~${Math.round(row.appliedShare * 100)}% of the events; their time is extrapolated from the rate after the list ("list in"); CPU and callbacks count up to the cut.`);
  return [format(header), rule, ...lines.map(format), ...notes].join('\n');
}

function seconds(ms, unit = true) {
  if (!Number.isFinite(ms)) return 'n/a';
  return `${(ms / 1000).toFixed(2)}${unit ? ' s' : ''}`;
}

function thousands(value) {
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
