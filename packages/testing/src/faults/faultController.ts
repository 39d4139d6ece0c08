// Fault switches, per server (times: 'always') or per request (a matcher
// with a count). Invariant: a rule is consumed only by the requests it
// actually changes: when an answer fault (410, 429, 500, HTML, hang) wins,
// stream and transport faults queued behind it are left for later requests.
import type { FakeModel } from '../model/model.js';
import { ANSWER_FAULTS, STREAM_FAULTS, type Fault, type FaultMatch, type FaultRule, type Verb } from './types.js';

/** The facts about a request that matchers look at. */
export interface FaultTarget {
  cluster: string;
  resource?: string | undefined;
  /** Group-qualified plural (`jobs.batch`), so matchers may use either form. */
  qualifiedResource?: string | undefined;
  namespace?: string | undefined;
  verb: Verb;
  /** A watch from a resourceVersion older than the history (it would get 410). */
  expiredWatch?: boolean;
  /** The Accept header asks for a projection or carries parameters (what a 406 fault refuses). */
  parameterizedAccept?: boolean;
}

/** What applies to one request, by family. */
export interface AppliedFaults {
  answer?: Fault;
  stream?: Fault;
  transport: Fault[];
}

export class FaultController {
  private rules: FaultRule[] = [];
  private nextId = 1;

  constructor(private readonly model: FakeModel) {}

  /** Adds a fault; returns its rule (remove it with `remove(rule.id)`). */
  inject(fault: Fault, match: FaultMatch = {}): FaultRule {
    const times = match.times ?? 1;
    const rule: FaultRule = { id: this.nextId++, fault, match, remaining: times === 'always' ? Infinity : times, hits: 0 };
    this.rules.push(rule);
    return rule;
  }

  remove(id: number): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  /** Rules still armed, in the order they apply. */
  list(): readonly FaultRule[] {
    return this.rules;
  }

  /** Compacts a cluster's history now: resuming any older watch or continue token is 410. */
  compact(cluster = 'global'): void {
    this.model.cluster(cluster).compact();
  }

  /** A server restart for a cluster: history lost (older versions are 410) and open watches closed. */
  restart(cluster = 'global'): void {
    this.model.cluster(cluster).restart();
  }

  /** Picks and consumes the faults for one request. */
  take(target: FaultTarget): AppliedFaults {
    const matching = this.rules.filter((r) => r.remaining > 0 && matches(r, target));
    const answer = matching.find((r) => ANSWER_FAULTS.has(r.fault.kind));
    const applied: FaultRule[] = [];
    const result: AppliedFaults = { transport: [] };
    if (answer) {
      applied.push(answer);
      result.answer = answer.fault;
    } else {
      const stream = matching.find((r) => STREAM_FAULTS.has(r.fault.kind));
      if (stream) {
        applied.push(stream);
        result.stream = stream.fault;
      }
      for (const r of matching) {
        if (ANSWER_FAULTS.has(r.fault.kind) || STREAM_FAULTS.has(r.fault.kind)) continue;
        applied.push(r);
        result.transport.push(r.fault);
      }
    }
    for (const r of applied) {
      r.remaining--;
      r.hits++;
    }
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return result;
  }
}

function matches({ fault, match: m }: FaultRule, t: FaultTarget): boolean {
  if (fault.kind === 'silentCloseWhenExpired' && !t.expiredWatch) return false;
  if (fault.kind === 'notAcceptable' && !t.parameterizedAccept) return false;
  if (m.cluster !== undefined && m.cluster !== t.cluster) return false;
  if (m.resource !== undefined && m.resource !== t.resource && m.resource !== t.qualifiedResource) return false;
  if (m.namespace !== undefined && m.namespace !== t.namespace) return false;
  if (m.watch !== undefined && (t.verb === 'watch') !== m.watch) return false;
  if (m.verb !== undefined) return (Array.isArray(m.verb) ? m.verb : [m.verb]).includes(t.verb);
  return t.verb !== 'discovery';
}
