import { describe, expect, it } from 'vitest';
import { ENGINE_ENVIRONMENT, planConnections, wantedTransport, type ConnectionEnvironment, type PlannedQuery } from './connectionPlan.js';

const query = (options: Partial<PlannedQuery> & { cluster?: string; downgradePolling?: boolean } = {}): PlannedQuery => ({
  spec: { cluster: options.cluster, downgradePolling: options.downgradePolling ?? false },
  streaming: options.streaming ?? false,
  waitingSince: options.waitingSince,
  servesOtherTabs: options.servesOtherTabs ?? false,
});
const plan = (queries: PlannedQuery[], environment: Partial<ConnectionEnvironment> = {}) => planConnections(queries, { ...ENGINE_ENVIRONMENT, ...environment });
const transports = (queries: PlannedQuery[], environment: Partial<ConnectionEnvironment> = {}) => plan(queries, environment).map((p) => p.transport);

describe('planConnections', () => {
  it('streams everything in the engine environment', () => {
    expect(plan([query(), query({ downgradePolling: true })])).toEqual([
      { via: 'apiserver', transport: 'stream', pollReason: undefined, paused: false },
      { via: 'apiserver', transport: 'stream', pollReason: undefined, paused: false },
    ]);
  });

  it('polls the queries that asked for downgradePolling while downgradeWatch is on, and no other', () => {
    expect(plan([query({ downgradePolling: true }), query()], { downgradeWatch: true }).map((p) => [p.transport, p.pollReason])).toEqual([
      ['poll', 'downgradeWatch'],
      ['stream', undefined],
    ]);
    expect(wantedTransport({ cluster: undefined, downgradePolling: true }, { ...ENGINE_ENVIRONMENT, downgradeWatch: true })).toBe('poll');
  });

  it('polls every query of a cluster behind a buffering proxy', () => {
    const queries = [query({ cluster: 'east' }), query({ cluster: 'west' }), query()];
    expect(plan(queries, { bufferedClusters: new Set(['east']) }).map((p) => p.pollReason)).toEqual(['bufferingProxy', undefined, undefined]);
    expect(transports(queries, { bufferedClusters: new Set(['']) })).toEqual(['stream', 'stream', 'poll']);
  });

  it('keeps the streams of the queries that stream, then serves the longest waiting, then newcomers in order', () => {
    const queries = [query(), query({ waitingSince: 7 }), query({ streaming: true }), query({ waitingSince: 3 })];
    expect(transports(queries, { maxWatchStreams: 2 })).toEqual(['poll', 'poll', 'stream', 'stream']);
    expect(plan(queries, { maxWatchStreams: 2 })[0]!.pollReason).toBe('streamBudget');
    expect(transports(queries, { maxWatchStreams: 3 })).toEqual(['poll', 'stream', 'stream', 'stream']);
    expect(transports(queries, { maxWatchStreams: 0 })).toEqual(['poll', 'poll', 'poll', 'poll']);
  });

  it('gives no stream to a downgraded or buffered query, so that one that may stream gets it', () => {
    const queries = [query({ streaming: true, downgradePolling: true }), query({ waitingSince: 1 })];
    expect(transports(queries, { maxWatchStreams: 1, downgradeWatch: true })).toEqual(['poll', 'stream']);
  });

  it('pauses every query of a sleeping tab except those other tabs read', () => {
    expect(plan([query(), query({ servesOtherTabs: true })], { asleep: true }).map((p) => p.paused)).toEqual([true, false]);
  });

  it('routes every query through the leader tab while this tab follows another', () => {
    expect(plan([query(), query({ downgradePolling: true })], { followsAnotherTab: true }).map((p) => p.via)).toEqual(['leaderTab', 'leaderTab']);
  });
});
