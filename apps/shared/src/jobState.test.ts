import { describe, expect, it } from 'vitest';
import { jobPhase } from '../../console/src/jobs/jobStatus.ts';
import { jobState as angularJobState } from '../../angular-console/src/app/jobs.ts';
import { jobState, type JobLike, type JobState } from './jobState.ts';

const CONDITION_TYPES = ['Complete', 'Failed', 'FailureTarget', 'SuccessCriteriaMet', 'Suspended'] as const;
type ConditionType = (typeof CONDITION_TYPES)[number];
type ConditionStatus = 'True' | 'False' | 'Unknown' | undefined;

interface Case {
  conditions: Record<ConditionType, ConditionStatus>;
  suspend: boolean | undefined;
  deleting: boolean;
  active: number;
}

const job = (c: Case, reversed = false): JobLike => {
  const conditions = CONDITION_TYPES.filter((type) => c.conditions[type] !== undefined).map((type) => ({ type, status: c.conditions[type]! }));
  return {
    metadata: c.deleting ? { deletionTimestamp: '2026-12-01T10:00:00Z' } : {},
    spec: c.suspend === undefined ? {} : { suspend: c.suspend },
    status: { active: c.active, conditions: reversed ? conditions.toReversed() : conditions },
  };
};

/** The rule as a table: the first row whose test holds names the state. */
const PRECEDENCE: readonly [JobState, (c: Case) => boolean][] = [
  ['Complete', (c) => c.conditions.Complete === 'True'],
  ['Failed', (c) => c.conditions.Failed === 'True'],
  ['Terminating', (c) => c.deleting],
  ['Suspended', (c) => c.conditions.Suspended === 'True' || c.suspend === true],
  ['FailureTarget', (c) => c.conditions.FailureTarget === 'True'],
  ['SuccessCriteriaMet', (c) => c.conditions.SuccessCriteriaMet === 'True'],
  ['Running', (c) => c.active > 0],
  ['Pending', () => true],
];

/** Every combination: each condition absent, True, False or Unknown; suspend unset, false or true; deleting or not; pods active or not. */
function* everyCase(): Generator<Case> {
  const statuses: ConditionStatus[] = [undefined, 'True', 'False', 'Unknown'];
  const combinations = statuses.length ** CONDITION_TYPES.length;
  for (let n = 0; n < combinations; n++) {
    const conditions = Object.fromEntries(
      CONDITION_TYPES.map((type, i) => [type, statuses[Math.floor(n / statuses.length ** i) % statuses.length]]),
    ) as Record<ConditionType, ConditionStatus>;
    for (const suspend of [undefined, false, true]) for (const deleting of [false, true]) for (const active of [0, 2]) yield { conditions, suspend, deleting, active };
  }
}

const none: Case['conditions'] = { Complete: undefined, Failed: undefined, FailureTarget: undefined, SuccessCriteriaMet: undefined, Suspended: undefined };
const at = (conditions: Partial<Case['conditions']>, rest: Partial<Omit<Case, 'conditions'>> = {}): Case => ({
  conditions: { ...none, ...conditions },
  suspend: undefined,
  deleting: false,
  active: 0,
  ...rest,
});

describe('jobState', () => {
  it.each([
    ['a Job just created, no pods yet', at({}), 'Pending'],
    ['a Job with pods running', at({}, { active: 3 }), 'Running'],
    ['a Job that met its success policy, pods still terminating', at({ SuccessCriteriaMet: 'True' }, { active: 1 }), 'SuccessCriteriaMet'],
    ['a Job done (SuccessCriteriaMet then Complete, as the 1.31+ controller writes them)', at({ SuccessCriteriaMet: 'True', Complete: 'True' }), 'Complete'],
    ['a Job past its backoffLimit, pods still terminating', at({ FailureTarget: 'True' }, { active: 1 }), 'FailureTarget'],
    ['a Job failed (FailureTarget then Failed)', at({ FailureTarget: 'True', Failed: 'True' }), 'Failed'],
    ['a Job asked to suspend, before the controller noticed', at({}, { suspend: true, active: 2 }), 'Suspended'],
    ['a Job the controller suspended', at({ Suspended: 'True' }, { suspend: true }), 'Suspended'],
    ['a Job resumed: Suspended is False now', at({ Suspended: 'False' }, { suspend: false, active: 1 }), 'Running'],
    ['a running Job being deleted', at({}, { deleting: true, active: 1 }), 'Terminating'],
    ['a complete Job being deleted', at({ Complete: 'True' }, { deleting: true }), 'Complete'],
  ] as const)('%s: %s', (_name, c, expected) => {
    expect(jobState(job(c))).toBe(expected);
  });

  it('follows the precedence table on every combination of conditions, suspend, deletion and active pods, in any condition order', () => {
    let cases = 0;
    const seen = new Set<JobState>();
    for (const c of everyCase()) {
      const expected = PRECEDENCE.find(([, test]) => test(c))![0];
      expect.soft(jobState(job(c)), JSON.stringify(c)).toBe(expected);
      expect.soft(jobState(job(c, true)), `reversed ${JSON.stringify(c)}`).toBe(expected);
      seen.add(expected);
      cases += 1;
    }
    expect(cases).toBe(4 ** 5 * 3 * 2 * 2);
    expect([...seen].toSorted()).toEqual(PRECEDENCE.map(([state]) => state).toSorted());
  });

  it('reads a Job without status, spec or metadata as Pending', () => {
    expect(jobState({})).toBe('Pending');
    expect(jobState({ metadata: null, spec: null, status: null })).toBe('Pending');
    expect(jobState({ status: { conditions: null, active: null } })).toBe('Pending');
  });

  it('is the rule both consoles show', () => {
    expect(jobPhase).toBe(jobState);
    expect(angularJobState).toBe(jobState);
  });
});
