/** Runs seeded chaos schedules as one fast-check property and reports the figures. */
import fc from 'fast-check';
import { expect } from 'vitest';
import { playSchedule, stepArb, type ChaosOptions, type ScheduleResult } from './chaosSchedule.js';
import { pick, seed } from './profile.js';
import { report } from './summary.js';

export async function runChaos(suite: string, options: ChaosOptions): Promise<void> {
  const results: ScheduleResult[] = [];
  console.log(`reliability ${suite}: seed=${seed} (replay with RXKUBE_SEED=${seed})`);
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 15, maxLength: pick(40, 80) }), async (steps) => {
        const result = await playSchedule(steps, options, 15_000);
        results.push(result);
        expect(result.violations).toEqual([]);
        expect(result.mismatches).toEqual([]);
        if (options.downgradePolling) expect(result.watchRequests).toBe(0);
      }),
      { seed, numRuns: pick(6, 60), endOnFailure: true },
    );
  } finally {
    report(suite, {
      seed,
      schedules: results.length,
      writes: results.reduce((n, r) => n + r.writes, 0),
      faultsInjected: results.reduce((n, r) => n + r.faults, 0),
      emissionsChecked: results.reduce((n, r) => n + r.emissions, 0),
      mismatches: results.reduce((n, r) => n + r.mismatches.length + r.violations.length, 0),
      slowestConvergenceMs: Math.max(0, ...results.map((r) => r.convergedInMs)),
    });
  }
}
