/**
 * Each suite ends with one summary line of figures, printed and kept under
 * test-output/reliability/ so that the README can quote a run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { chaos } from './profile.js';

export function report(suite: string, figures: Record<string, number | string>): void {
  const line = `reliability ${suite} (${chaos ? 'chaos' : 'fast'}): ${Object.entries(figures).map(([k, v]) => `${k}=${v}`).join(', ')}`;
  console.log(line);
  mkdirSync('test-output/reliability', { recursive: true });
  writeFileSync(`test-output/reliability/${suite}.json`, `${JSON.stringify({ suite, profile: chaos ? 'chaos' : 'fast', ...figures, at: new Date().toISOString() }, null, 2)}\n`);
}
