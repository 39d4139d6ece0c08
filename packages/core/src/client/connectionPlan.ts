/**
 * How each query connects: the one decision of transport (stream or poll),
 * route (the apiserver, or another tab that holds the connections) and sleep
 * (paused or not). A pure function of the queries' specs and the client's
 * environment; the registry applies its answer in one reconcile step
 * (queryRegistry.ts), and nothing else decides it.
 *
 * Invariants:
 * - at most `maxWatchStreams` queries stream at once;
 * - a query that streams keeps its stream while it still wants one: a freed
 *   stream goes to the query that has waited longest, never taken from another;
 * - a query polls when the client's downgradeWatch is on and it asked for
 *   downgradePolling, or when its cluster sits behind a buffering proxy; it
 *   then holds no stream and no place in line.
 */
import type { Transport } from '../status/queryStatus.js';
import type { QuerySpec } from './querySpec.js';

/** The client's state that the add-ons (and `setDowngradeWatch`) change; each change reconciles every query. */
export interface ConnectionEnvironment {
  /** The console's DOWNGRADE_WATCH_ENABLED: queries that asked for downgradePolling poll. */
  readonly downgradeWatch: boolean;
  /** Most watch streams open at once; the rest poll until one frees up. */
  readonly maxWatchStreams: number;
  /** Clusters ('' for the global one) whose watch responses a proxy buffers: their queries poll. */
  readonly bufferedClusters: ReadonlySet<string>;
  /** The tab sleeps (hidden long enough): its connections pause, except those other tabs read. */
  readonly asleep: boolean;
  /** Another tab of the browser holds the connections: every query goes through it. */
  readonly followsAnotherTab: boolean;
}

export const ENGINE_ENVIRONMENT: ConnectionEnvironment = Object.freeze({
  downgradeWatch: false,
  maxWatchStreams: Number.POSITIVE_INFINITY,
  bufferedClusters: new Set<string>(),
  asleep: false,
  followsAnotherTab: false,
});

/** One query with its own connection, as the plan sees it. */
export interface PlannedQuery {
  readonly spec: Pick<QuerySpec, 'cluster' | 'downgradePolling'>;
  /** It streams now. */
  readonly streaming: boolean;
  /** When it began to wait for a stream (a sequence number), or undefined when it does not wait. */
  readonly waitingSince: number | undefined;
  /** Another tab reads it (or a single object it covers) through this one. */
  readonly servesOtherTabs: boolean;
}

/** Why a query polls. */
export type PollReason = 'downgradeWatch' | 'bufferingProxy' | 'streamBudget';

export interface ConnectionPlan {
  readonly via: 'apiserver' | 'leaderTab';
  readonly transport: Transport;
  readonly pollReason: PollReason | undefined;
  readonly paused: boolean;
}

/** Why a query polls whatever the stream budget, or undefined when it wants a stream. */
function pollReasonOf(spec: PlannedQuery['spec'], environment: ConnectionEnvironment): PollReason | undefined {
  if (spec.downgradePolling && environment.downgradeWatch) return 'downgradeWatch';
  if (environment.bufferedClusters.has(spec.cluster ?? '')) return 'bufferingProxy';
  return undefined;
}

/** The transport a query gets, budget aside: what a query that is not open yet will be shown as loading with. */
export function wantedTransport(spec: PlannedQuery['spec'], environment: ConnectionEnvironment): Transport {
  return pollReasonOf(spec, environment) === undefined ? 'stream' : 'poll';
}

/** The plan of every query, in the order given (the registry's: oldest query first). */
export function planConnections(queries: readonly PlannedQuery[], environment: ConnectionEnvironment): ConnectionPlan[] {
  const reasons = queries.map((query) => pollReasonOf(query.spec, environment));
  // Who gets the streams: those that stream now, then the longest waiting, then newcomers in arrival order.
  const rank = (query: PlannedQuery) => (query.streaming ? 0 : query.waitingSince === undefined ? 2 : 1);
  const candidates = queries
    .map((query, index) => ({ query, index }))
    .filter(({ index }) => reasons[index] === undefined)
    .toSorted((a, b) => rank(a.query) - rank(b.query) || (a.query.waitingSince ?? 0) - (b.query.waitingSince ?? 0) || a.index - b.index);
  const streams = new Set(candidates.slice(0, Math.max(0, environment.maxWatchStreams)).map(({ index }) => index));
  return queries.map((query, index) => {
    const pollReason = reasons[index] ?? (streams.has(index) ? undefined : 'streamBudget');
    return {
      via: environment.followsAnotherTab ? 'leaderTab' : 'apiserver',
      transport: pollReason === undefined ? 'stream' : 'poll',
      pollReason,
      paused: environment.asleep && !query.servesOtherTabs,
    };
  });
}
