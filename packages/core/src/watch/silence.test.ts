// The watcher's reading of silence, on virtual time: each input carries the
// clock (`now`) through the options, as runWatch passes it.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../resources/resourceType.js';
import type { WatchEvent } from './events.js';
import { BUFFERING_PROXY } from './notices.js';
import { transition, type TransitionOptions, type WatchInput, type WatchState } from './transition.js';

/** kube-apiserver's defaults: bookmarks every minute, watches of 59 s. */
const options: TransitionOptions = { transport: 'stream', streamingList: false, pollIntervalMs: 10_000, watchTimeoutSeconds: 59, bookmarkIntervalMs: 60_000, now: 0 };
/** Bookmarks every second and watches of 300 s: silence comes before the stall deadline. */
const chatty: TransitionOptions = { ...options, bookmarkIntervalMs: 1_000, watchTimeoutSeconds: 300 };

const pod = (name: string, resourceVersion: string): KubeObject => ({ metadata: { name, namespace: 'default', resourceVersion } });
const bookmark = (rv: string): WatchEvent => ({ type: 'BOOKMARK', object: { kind: 'Pod', metadata: { resourceVersion: rv } } });
const modified = (name: string, rv: string): WatchEvent => ({ type: 'MODIFIED', object: pod(name, rv) });

/** Runs timed inputs ([ms, input]) from a state; returns the final state and every effect. */
function run(state: WatchState, inputs: [number, WatchInput][], base = options) {
  const effects = [];
  for (const [now, input] of inputs) {
    const [next, produced] = transition(state, input, { ...base, now });
    state = next;
    effects.push(...produced);
  }
  return { state, effects };
}

/** A watch from rv 10 requested at 0 whose headers came at once. */
const opened = (base = options) => run({ kind: 'idle' }, [[0, { type: 'start' }], [0, { type: 'listPage', page: { items: [], resourceVersion: '10' } }], [0, { type: 'streamOpened' }]], base).state;

describe('silence: stale streams', () => {
  it('arms a silence check when a stream opens, if it comes before the stall deadline', () => {
    expect(run(opened(chatty), [[500, { type: 'streamOpened' }]], chatty).effects).toContainEqual({ type: 'silenceCheck', ms: 1_500 });
  });

  it('arms none with the defaults: two bookmark intervals (120 s) come after the stall deadline (89 s)', () => {
    const requested = { ...opened(), opened: false } as WatchState;
    expect(run(requested, [[0, { type: 'streamOpened' }]]).effects.map((e) => e.type)).toEqual(['apply']);
  });

  it('marks a stream silent for two bookmark intervals stale and watches again from its version', () => {
    const { state, effects } = run(opened(chatty), [[2_000, { type: 'silenceCheck' }]], chatty);
    expect(effects[0]).toMatchObject({ type: 'apply', ops: [{ type: 'status', phase: 'reconnecting', stale: true, error: { reason: 'Timeout' } }] });
    expect(effects[1]).toEqual({ type: 'watch', resourceVersion: '10', sendInitialEvents: false });
    expect(state).toMatchObject({ kind: 'watching', resourceVersion: '10', startedAt: 2_000, heardAt: 2_000 });
  });

  it('is not stale when a bookmark came in between: it checks again two intervals after that bookmark', () => {
    const { state, effects } = run(opened(chatty), [[1_500, { type: 'events', events: [bookmark('11')] }], [2_000, { type: 'silenceCheck' }]], chatty);
    expect(effects.at(-1)).toEqual({ type: 'silenceCheck', ms: 1_500 });
    expect(state).toMatchObject({ kind: 'watching', resourceVersion: '11', heardAt: 1_500 });
  });

  it('counts the silence across streams the server ended normally', () => {
    const { effects } = run(opened(chatty), [[1_000, { type: 'streamEnded', lastedMs: 1_000 }], [1_000, { type: 'streamOpened' }]], chatty);
    expect(effects).toContainEqual({ type: 'silenceCheck', ms: 1_000 });
  });

  it('ignores a silence check once the stream is gone', () => {
    expect(transition({ kind: 'backingOff', resumeFrom: '10' }, { type: 'silenceCheck' }, chatty)).toEqual([{ kind: 'backingOff', resumeFrom: '10' }, []]);
  });
});

describe('silence: buffering proxies', () => {
  it('detects a stream that sent nothing for 59 s, then everything at its end', () => {
    const { effects } = run(opened(), [[59_000, { type: 'events', events: [modified('a', '11'), bookmark('12')] }], [59_001, { type: 'streamEnded', lastedMs: 59_001 }]]);
    expect(effects).toContainEqual({ type: 'buffered', notice: BUFFERING_PROXY });
    expect(effects).toContainEqual({ type: 'watch', resourceVersion: '12', sendInitialEvents: false });
  });

  it('detects it when the proxy holds the headers too: the silence counts from the request', () => {
    const requested = { ...opened(), opened: false } as WatchState;
    const { effects } = run(requested, [[59_000, { type: 'streamOpened' }], [59_000, { type: 'events', events: [bookmark('11')] }], [59_001, { type: 'streamEnded', lastedMs: 59_001 }]]);
    expect(effects).toContainEqual({ type: 'buffered', notice: BUFFERING_PROXY });
  });

  it('applies the burst before it says so: nothing is lost, only late', () => {
    const { effects } = run(opened(), [[59_000, { type: 'events', events: [modified('a', '11')] }], [59_001, { type: 'streamEnded', lastedMs: 59_001 }]]);
    expect(effects.map((e) => e.type).slice(0, 2)).toEqual(['apply', 'buffered']);
  });

  it('does not suspect a stream whose pre-deadline bookmark came 2 s before its end', () => {
    const { effects } = run(opened(), [[57_000, { type: 'events', events: [bookmark('11')] }], [59_000, { type: 'streamEnded', lastedMs: 59_000 }]]);
    expect(effects.map((e) => e.type)).not.toContain('buffered');
  });

  it('does not suspect a short stream whose only event came at its end: no bookmark was due yet', () => {
    const { effects } = run(opened(), [[5_000, { type: 'events', events: [modified('a', '11')] }], [5_001, { type: 'streamEnded', lastedMs: 5_001 }]]);
    expect(effects.map((e) => e.type)).not.toContain('buffered');
  });

  it('does not suspect a stream that ended with nothing at all', () => {
    const { effects } = run(opened(), [[59_000, { type: 'streamEnded', lastedMs: 59_000 }]]);
    expect(effects.map((e) => e.type)).not.toContain('buffered');
  });

  it('shows why a streaming query polls: the notice comes with the poll status', () => {
    const polling = { ...options, transport: 'poll' as const, pollNotice: BUFFERING_PROXY };
    const { effects } = run({ kind: 'listing', pages: [] }, [[0, { type: 'listPage', page: { items: [], resourceVersion: '10' } }]], polling);
    expect(effects[0]).toMatchObject({ type: 'apply', ops: [{ type: 'replace' }, { type: 'status', phase: 'ready', notice: BUFFERING_PROXY }] });
  });
});

describe('pause and resume (a hidden tab)', () => {
  it('closes the stream and keeps the version to resume from', () => {
    expect(transition(opened(), { type: 'pause' }, options)).toEqual([{ kind: 'paused', resumeFrom: '10' }, [{ type: 'idle' }, { type: 'apply', ops: [{ type: 'status', paused: true }] }]]);
  });

  it('resumes the watch from that version, not with a list', () => {
    const [state, effects] = transition({ kind: 'paused', resumeFrom: '10' }, { type: 'resume' }, options);
    expect(state).toMatchObject({ kind: 'watching', resourceVersion: '10' });
    expect(effects.slice(0, 2)).toEqual([{ type: 'apply', ops: [{ type: 'status', paused: false }] }, { type: 'watch', resourceVersion: '10', sendInitialEvents: false }]);
  });

  it('relists when the version is gone by then (410)', () => {
    const gone: WatchEvent = { type: 'ERROR', object: { kind: 'Status', status: 'Failure', code: 410, reason: 'Expired', message: 'too old' } };
    const { state } = run({ kind: 'paused', resumeFrom: '10' }, [[0, { type: 'resume' }], [0, { type: 'streamOpened' }], [0, { type: 'events', events: [gone] }]]);
    expect(state).toEqual({ kind: 'backingOff', resumeFrom: undefined });
  });

  it('keeps where a backoff would have resumed, and lists on waking when paused while listing or between polls', () => {
    expect(transition({ kind: 'backingOff', resumeFrom: '7' }, { type: 'pause' }, options)[0]).toEqual({ kind: 'paused', resumeFrom: '7' });
    expect(transition({ kind: 'betweenPolls' }, { type: 'pause' }, options)[0]).toEqual({ kind: 'paused', resumeFrom: undefined });
    expect(transition({ kind: 'paused' }, { type: 'resume' }, options)[1].at(-1)).toEqual({ type: 'list' });
  });

  it('polls at once on waking, never watches, when it polls', () => {
    expect(transition({ kind: 'paused', resumeFrom: '10' }, { type: 'resume' }, { ...options, transport: 'poll' })[1].at(-1)).toEqual({ type: 'list' });
  });

  it('ignores a late answer or timer while paused', () => {
    const paused: WatchState = { kind: 'paused', resumeFrom: '10' };
    expect(transition(paused, { type: 'retry' }, options)).toEqual([paused, []]);
    expect(transition(paused, { type: 'silenceCheck' }, options)).toEqual([paused, []]);
  });
});
