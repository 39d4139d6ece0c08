import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../errors/KubeApiError.js';
import type { KubeObject } from '../resources/resourceType.js';
import { INITIAL_EVENTS_END, type WatchEvent } from './events.js';
import { transition, type TransitionOptions, type WatchEffect, type WatchInput, type WatchState } from './transition.js';

const listAndWatch: TransitionOptions = { transport: 'stream', streamingList: false, pollIntervalMs: 10_000, watchTimeoutSeconds: 59, bookmarkIntervalMs: 60_000, now: 0 };
const streaming: TransitionOptions = { ...listAndWatch, streamingList: true };
const polling: TransitionOptions = { ...listAndWatch, transport: 'poll' };
/** A watch from a version, with its stall deadline (timeoutSeconds + 30 s). */
const watchEffects = (resourceVersion: string): WatchEffect[] => [
  { type: 'watch', resourceVersion, sendInitialEvents: false },
  { type: 'deadline', ms: 89_000 },
];

const pod = (name: string, resourceVersion: string): KubeObject => ({ metadata: { name, namespace: 'default', resourceVersion } });
const added = (name: string, rv: string): WatchEvent => ({ type: 'ADDED', object: pod(name, rv) });
const modified = (name: string, rv: string): WatchEvent => ({ type: 'MODIFIED', object: pod(name, rv) });
const deleted = (name: string, rv: string): WatchEvent => ({ type: 'DELETED', object: pod(name, rv) });
const bookmark = (rv: string, annotations?: Record<string, string>): WatchEvent => ({
  type: 'BOOKMARK',
  object: { kind: 'Pod', metadata: { resourceVersion: rv, ...(annotations ? { annotations } : {}) } },
});
const initialEventsEnd = (rv: string) => bookmark(rv, { [INITIAL_EVENTS_END]: 'true' });
const errorEvent = (code: number, reason: string): WatchEvent => ({ type: 'ERROR', object: { kind: 'Status', status: 'Failure', code, reason, message: `${code} ${reason}` } });
const httpError = (code: number, reason: string, retryAfterSeconds?: number) =>
  new KubeApiError({ kind: 'Status', code, reason, message: reason }, retryAfterSeconds === undefined ? {} : { retryAfterSeconds });
const events = (...list: WatchEvent[]): WatchInput => ({ type: 'events', events: list });
const failed = (error: KubeApiError): WatchInput => ({ type: 'failed', error });

const watching = (resourceVersion: string, received = false, opened = received): WatchState => ({
  kind: 'watching',
  resourceVersion,
  received,
  opened,
  emptyStreams: 0,
  startedAt: 0,
  heardAt: 0,
  ...(received ? { firstDataAt: 0 } : {}),
});
const listing: WatchState = { kind: 'listing', pages: [] };

/** Runs inputs from a state and returns the final state and every effect in order. */
function run(state: WatchState, inputs: WatchInput[], options = listAndWatch) {
  const effects = [];
  for (const input of inputs) {
    const [next, produced] = transition(state, input, options);
    state = next;
    effects.push(...produced);
  }
  return { state, effects };
}

describe('transition: listing', () => {
  it('starts with a paged list', () => {
    expect(transition({ kind: 'idle' }, { type: 'start' }, listAndWatch)).toEqual([{ kind: 'listing', pages: [] }, [{ type: 'list' }]]);
  });

  it('starts with a streaming list (sendInitialEvents) when the option is on', () => {
    expect(transition({ kind: 'idle' }, { type: 'start' }, streaming)).toEqual([
      { kind: 'streamingList', pages: [], opened: false },
      [{ type: 'watch', sendInitialEvents: true }, { type: 'deadline', ms: 10_000 }],
    ]);
  });

  it('watches at once, without listing, from the version the cache already holds', () => {
    expect(transition({ kind: 'idle' }, { type: 'start', resumeFrom: '42' }, streaming)).toEqual([watching('42'), watchEffects('42')]);
    expect(transition({ kind: 'idle' }, { type: 'start', resumeFrom: '42' }, polling)).toEqual([listing, [{ type: 'list' }]]);
  });

  it('watches from the list resourceVersion after replacing the members', () => {
    const [state, effects] = transition(listing, { type: 'listPage', page: { items: [pod('a', '5')], resourceVersion: '10' } }, listAndWatch);
    expect(state).toEqual(watching('10'));
    expect(effects).toEqual([
      { type: 'apply', ops: [{ type: 'replace', objects: [pod('a', '5')], resourceVersion: '10' }, { type: 'status', phase: 'ready' }] },
      ...watchEffects('10'),
    ]);
  });

  it('follows continue tokens and replaces the members only at the last page', () => {
    const first = transition(listing, { type: 'listPage', page: { items: [pod('a', '1')], resourceVersion: '9', continueToken: 'page2' } }, listAndWatch);
    expect(first).toEqual([{ kind: 'listing', continueToken: 'page2', pages: [[pod('a', '1')]] }, [{ type: 'list', continueToken: 'page2' }]]);
    const second = transition(first[0], { type: 'listPage', page: { items: [pod('b', '2')], resourceVersion: '9', continueToken: 'page3' } }, listAndWatch);
    expect(second[1]).toEqual([{ type: 'list', continueToken: 'page3' }]);
    const [state, effects] = transition(second[0], { type: 'listPage', page: { items: [pod('c', '3')], resourceVersion: '9' } }, listAndWatch);
    expect(state).toEqual(watching('9'));
    expect(effects[0]).toEqual({ type: 'apply', ops: [{ type: 'replace', objects: [pod('a', '1'), pod('b', '2'), pod('c', '3')], resourceVersion: '9' }, { type: 'status', phase: 'ready' }] });
  });

  it('lists once in full, without limit, when its continue token expired (client-go FullListIfExpired)', () => {
    const state: WatchState = { kind: 'listing', continueToken: 'page2', pages: [[pod('a', '1')]] };
    const unpaged: WatchState = { kind: 'listing', pages: [], unpaged: true };
    expect(transition(state, failed(httpError(410, 'Expired')), listAndWatch)).toEqual([unpaged, [{ type: 'list', unpaged: true }]]);
  });

  it('takes the full list as complete even if the server still sends a continue token', () => {
    const page = { items: [pod('a', '1')], resourceVersion: '9', continueToken: 'more' };
    expect(transition({ kind: 'listing', pages: [], unpaged: true }, { type: 'listPage', page }, listAndWatch)[0]).toEqual(watching('9'));
  });

  it('backs off and lists again after a retryable list failure', () => {
    const error = httpError(503, 'ServiceUnavailable');
    expect(transition(listing, failed(error), listAndWatch)).toEqual([
      { kind: 'backingOff', resumeFrom: undefined },
      [{ type: 'apply', ops: [{ type: 'status', phase: 'reconnecting', error }] }, { type: 'backoff', retryAfterSeconds: undefined }],
    ]);
    expect(run(listing, [failed(error), { type: 'retry' }]).state).toEqual(listing);
  });

  it('ignores a list page when it is not listing', () => {
    expect(transition(watching('5'), { type: 'listPage', page: { items: [], resourceVersion: '9' } }, listAndWatch)).toEqual([watching('5'), []]);
  });
});

describe('transition: watching', () => {
  it('marks the query ready when the stream opens', () => {
    expect(transition(watching('10'), { type: 'streamOpened' }, listAndWatch)).toEqual([watching('10', false, true), [{ type: 'apply', ops: [{ type: 'status', phase: 'ready' }] }]]);
  });

  it('turns events into upsert and delete ops and advances the resourceVersion', () => {
    const [state, effects] = transition(watching('10'), events(added('c', '11'), modified('a', '12'), deleted('b', '13')), listAndWatch);
    expect(state).toEqual(watching('13', true));
    expect(effects).toEqual([
      {
        type: 'apply',
        ops: [
          { type: 'upsert', object: pod('c', '11') },
          { type: 'upsert', object: pod('a', '12') },
          { type: 'delete', object: pod('b', '13') },
          { type: 'resourceVersion', resourceVersion: '13' },
        ],
      },
    ]);
  });

  it('advances the resourceVersion on a bookmark without object ops', () => {
    const [state, effects] = transition(watching('10'), events(bookmark('20')), listAndWatch);
    expect(state).toEqual(watching('20', true));
    expect(effects).toEqual([{ type: 'apply', ops: [{ type: 'resourceVersion', resourceVersion: '20' }] }]);
  });

  it('resumes from the last resourceVersion, without a backoff, when the server ends the stream', () => {
    const { state, effects } = run(watching('10'), [events(modified('a', '11'), bookmark('15')), { type: 'streamEnded', lastedMs: 59_000 }]);
    expect(state).toEqual(watching('15'));
    expect(effects.slice(-2)).toEqual(watchEffects('15'));
    expect(effects.some((effect) => effect.type === 'backoff')).toBe(false);
  });

  it('resumes at once after a long stream without events (a quiet collection)', () => {
    expect(transition(watching('10'), { type: 'streamEnded', lastedMs: 59_000 }, listAndWatch)).toEqual([
      watching('10'),
      watchEffects('10'),
    ]);
  });

  it('resumes at once after a short stream that delivered an event', () => {
    expect(run(watching('10'), [events(bookmark('11')), { type: 'streamEnded', lastedMs: 20 }]).effects.slice(-2)).toEqual(watchEffects('11'));
  });

  it('backs off, then resumes from the same resourceVersion, when a stream ends in under 1 s without any event', () => {
    const [state, effects] = transition(watching('10'), { type: 'streamEnded', lastedMs: 999 }, listAndWatch);
    expect(state).toEqual({ kind: 'backingOff', resumeFrom: '10', emptyStreams: 1 });
    expect(effects.map((effect) => effect.type)).toEqual(['apply', 'backoff']);
    expect(transition(state, { type: 'retry' }, listAndWatch)).toEqual([{ ...watching('10'), emptyStreams: 1 }, watchEffects('10')]);
  });

  it('relists after 410 Gone at the start of a watch', () => {
    const error = httpError(410, 'Expired');
    const [state, effects] = transition(watching('10'), failed(error), listAndWatch);
    expect(state).toEqual({ kind: 'backingOff', resumeFrom: undefined });
    expect(effects).toEqual([{ type: 'apply', ops: [{ type: 'status', phase: 'reconnecting', error }] }, { type: 'backoff', retryAfterSeconds: undefined }]);
    expect(transition(state, { type: 'retry' }, listAndWatch)).toEqual([listing, [{ type: 'list' }]]);
  });

  it('relists after an ERROR event with code 410, applying the events before it', () => {
    const { state, effects } = run(watching('10'), [events(modified('a', '11'), errorEvent(410, 'Expired'), modified('a', '12'))]);
    expect(state).toEqual({ kind: 'backingOff', resumeFrom: undefined });
    expect(effects[0]).toEqual({ type: 'apply', ops: [{ type: 'upsert', object: pod('a', '11') }, { type: 'resourceVersion', resourceVersion: '11' }] });
    const reconnecting = effects[1];
    expect(reconnecting?.type === 'apply' && reconnecting.ops[0]).toMatchObject({ type: 'status', phase: 'reconnecting', error: { code: 410, reason: 'Expired' } });
    expect(effects[2]).toEqual({ type: 'backoff', retryAfterSeconds: undefined });
    expect(run(state, [{ type: 'retry' }]).effects).toEqual([{ type: 'list' }]);
  });

  it('relists with a streaming list after 410 when streaming lists are on', () => {
    expect(run(watching('10'), [failed(httpError(410, 'Gone')), { type: 'retry' }], streaming).effects.at(-2)).toEqual({ type: 'watch', sendInitialEvents: true });
  });

  it.each([
    ['500', httpError(500, 'InternalError')],
    ['a network failure', KubeApiError.client('NetworkError', 'reset')],
    ['a timeout', KubeApiError.client('Timeout', 'stalled')],
  ])('backs off after %s and resumes from the same resourceVersion', (_, error) => {
    const { state, effects } = run(watching('42', true), [failed(error)]);
    expect(state).toEqual({ kind: 'backingOff', resumeFrom: '42' });
    expect(effects).toEqual([{ type: 'apply', ops: [{ type: 'status', phase: 'reconnecting', error }] }, { type: 'backoff', retryAfterSeconds: undefined }]);
    expect(run(state, [{ type: 'retry' }]).effects).toEqual(watchEffects('42'));
  });

  it('carries Retry-After of a 429 into the backoff effect', () => {
    expect(transition(watching('42'), failed(httpError(429, 'TooManyRequests', 17)), listAndWatch)[1][1]).toEqual({ type: 'backoff', retryAfterSeconds: 17 });
  });

  it("carries an ERROR event's details.retryAfterSeconds into the backoff effect", () => {
    const tooLarge: WatchEvent = {
      type: 'ERROR',
      object: { kind: 'Status', code: 504, reason: 'Timeout', message: 'Too large resource version', details: { causes: [{ reason: 'ResourceVersionTooLarge' }], retryAfterSeconds: 1 } },
    };
    const [state, effects] = transition(watching('42'), events(tooLarge), listAndWatch);
    expect(state).toEqual({ kind: 'backingOff', resumeFrom: '42' });
    expect(effects[1]).toEqual({ type: 'backoff', retryAfterSeconds: 1 });
  });

  it('backs off and resumes after an ERROR event with code 500', () => {
    expect(transition(watching('42'), events(errorEvent(500, 'InternalError')), listAndWatch)[0]).toEqual({ kind: 'backingOff', resumeFrom: '42' });
  });

  it.each([
    [401, 'Unauthorized'],
    [403, 'Forbidden'],
    [404, 'NotFound'],
  ])('fails for good on %i', (code, reason) => {
    const error = httpError(code, reason);
    const [state, effects] = transition(watching('42'), failed(error), listAndWatch);
    expect(state).toEqual({ kind: 'failed', error });
    expect(effects).toEqual([{ type: 'fail', error }]);
  });

  it('fails for good on a list refused with 403', () => {
    const error = httpError(403, 'Forbidden');
    expect(transition(listing, failed(error), listAndWatch)).toEqual([{ kind: 'failed', error }, [{ type: 'fail', error }]]);
  });

  it('ignores every input once failed', () => {
    const failedState: WatchState = { kind: 'failed', error: httpError(403, 'Forbidden') };
    for (const input of [{ type: 'start' }, { type: 'retry' }, events(added('a', '1')), { type: 'streamEnded', lastedMs: 5 }, failed(httpError(500, 'x'))] as WatchInput[]) {
      expect(transition(failedState, input, listAndWatch)).toEqual([failedState, []]);
    }
  });

  it('treats an unknown event type as a broken stream: applies the ops before it, then backs off and resumes', () => {
    const strange = { type: 'SURPRISE', object: pod('x', '99') } as unknown as WatchEvent;
    const { state, effects } = run(watching('10'), [events(added('a', '11'), strange)]);
    expect(state).toEqual({ kind: 'backingOff', resumeFrom: '11' });
    expect(effects[0]).toEqual({ type: 'apply', ops: [{ type: 'upsert', object: pod('a', '11') }, { type: 'resourceVersion', resourceVersion: '11' }] });
    const reconnecting = effects[1];
    expect(reconnecting?.type === 'apply' && reconnecting.ops[0]).toMatchObject({ type: 'status', phase: 'reconnecting', error: { reason: 'MalformedStream' } });
    expect(effects[2]?.type).toBe('backoff');
  });

  it('treats an event without an object as a broken stream', () => {
    const empty = { type: 'MODIFIED' } as unknown as WatchEvent;
    const [state, effects] = transition(watching('10'), events(empty), listAndWatch);
    expect(state).toEqual({ kind: 'backingOff', resumeFrom: '10' });
    expect(effects[0]).toMatchObject({ type: 'apply', ops: [{ type: 'status', phase: 'reconnecting', error: { reason: 'MalformedStream' } }] });
  });

  it('ignores events and stream ends while backing off', () => {
    const backingOff: WatchState = { kind: 'backingOff', resumeFrom: '5' };
    expect(transition(backingOff, events(added('a', '6')), listAndWatch)).toEqual([backingOff, []]);
    expect(transition(backingOff, { type: 'streamEnded', lastedMs: 10 }, listAndWatch)).toEqual([backingOff, []]);
    expect(transition(backingOff, failed(httpError(500, 'x')), listAndWatch)).toEqual([backingOff, []]);
  });

  it('ignores retry unless backing off', () => {
    expect(transition(watching('5'), { type: 'retry' }, listAndWatch)).toEqual([watching('5'), []]);
  });
});

const start = (): WatchState => ({ kind: 'streamingList', pages: [], opened: true });

const fallBackNotice = { reason: 'StreamingListFallback', message: expect.any(String) };
const fallBack = { type: 'fallBack', notice: fallBackNotice };
const reconnectingWithFallback = { type: 'apply', ops: [{ type: 'status', phase: 'reconnecting', notice: fallBackNotice }] };

describe('transition: streaming list', () => {
  it('collects ADDED events and replaces the members at the initial-events-end bookmark', () => {
    const { state, effects } = run(start(), [events(added('a', '3'), added('b', '4')), events(added('c', '5')), events(initialEventsEnd('7'))], streaming);
    expect(state).toEqual(watching('7', true));
    expect(effects.filter((effect) => effect.type !== 'deadline')).toEqual([
      { type: 'apply', ops: [{ type: 'replace', objects: [pod('a', '3'), pod('b', '4'), pod('c', '5')], resourceVersion: '7' }, { type: 'status', phase: 'ready' }] },
    ]);
    expect(effects.at(-1)).toEqual({ type: 'deadline', ms: 89_000 });
  });

  it('emits nothing before the initial-events-end bookmark, not even for a plain bookmark', () => {
    const { state, effects } = run(start(), [{ type: 'streamOpened' }, events(added('a', '3'), bookmark('5'))], streaming);
    expect(effects).toEqual([{ type: 'deadline', ms: 10_000 }]);
    expect(state).toEqual({ kind: 'streamingList', pages: [[pod('a', '3')]], opened: true });
  });

  it('applies events that follow the bookmark in the same batch as watch events', () => {
    const { state, effects } = run(start(), [events(added('a', '3'), initialEventsEnd('7'), modified('a', '8'), deleted('b', '9'))], streaming);
    expect(state).toEqual(watching('9', true));
    expect(effects).toEqual([
      { type: 'apply', ops: [{ type: 'replace', objects: [pod('a', '3')], resourceVersion: '7' }, { type: 'status', phase: 'ready' }] },
      { type: 'deadline', ms: 89_000 },
      { type: 'apply', ops: [{ type: 'upsert', object: pod('a', '8') }, { type: 'delete', object: pod('b', '9') }, { type: 'resourceVersion', resourceVersion: '9' }] },
    ]);
  });

  it('continues on the same stream after the bookmark: the stream ending later resumes from the last version', () => {
    const { effects } = run(start(), [events(initialEventsEnd('7')), events(modified('a', '8')), { type: 'streamEnded', lastedMs: 59_000 }], streaming);
    expect(effects.slice(-2)).toEqual(watchEffects('8'));
  });

  it.each([
    [400, 'BadRequest'],
    [422, 'Invalid'],
  ])('falls back to list+watch at once when the server refuses the streaming list with %i', (code, reason) => {
    const [state, effects] = transition(start(), failed(httpError(code, reason)), streaming);
    expect(state).toEqual({ kind: 'listing', pages: [] });
    expect(effects).toEqual([fallBack, reconnectingWithFallback, { type: 'list' }]);
  });

  it('falls back to list+watch when the refusal comes as an ERROR event', () => {
    expect(transition(start(), events(errorEvent(422, 'Invalid')), streaming)[1]).toEqual([fallBack, reconnectingWithFallback, { type: 'list' }]);
  });

  it('falls back to list+watch when the stream ends without the initial-events-end bookmark (a server that ignores sendInitialEvents)', () => {
    const { state, effects } = run(start(), [events(added('a', '3')), { type: 'streamEnded', lastedMs: 30_000 }], streaming);
    expect(state).toEqual({ kind: 'listing', pages: [] });
    expect(effects).toEqual([{ type: 'deadline', ms: 10_000 }, fallBack, reconnectingWithFallback, { type: 'list' }]);
  });

  it('backs off and starts over after a broken event during the initial events', () => {
    const broken = { type: 'ADDED' } as unknown as WatchEvent;
    expect(transition(start(), events(added('a', '3'), broken), streaming)[0]).toEqual({ kind: 'backingOff', resumeFrom: undefined });
  });

  it('fails for good when the streaming list is forbidden', () => {
    const error = httpError(403, 'Forbidden');
    expect(transition(start(), failed(error), streaming)).toEqual([{ kind: 'failed', error }, [{ type: 'fail', error }]]);
  });
});

describe('transition: deadlines', () => {
  it('resumes from its version a stream still open at its deadline', () => {
    expect(transition(watching('10', false, true), { type: 'deadlinePassed' }, listAndWatch)).toEqual([watching('10'), watchEffects('10')]);
  });

  it('backs off when a watch got no answer before its deadline', () => {
    const [state, effects] = transition(watching('10'), { type: 'deadlinePassed' }, listAndWatch);
    expect(state).toEqual({ kind: 'backingOff', resumeFrom: '10' });
    expect(effects[0]).toMatchObject({ type: 'apply', ops: [{ type: 'status', phase: 'reconnecting', error: { reason: 'Timeout' } }] });
  });

  it('does not trust a streaming list that went quiet before its bookmark: the cluster falls back to list+watch', () => {
    const { state, effects } = run(start(), [events(added('a', '3')), { type: 'deadlinePassed' }], streaming);
    expect(state).toEqual({ kind: 'listing', pages: [] });
    expect(effects.slice(1)).toEqual([fallBack, reconnectingWithFallback, { type: 'list' }]);
  });

  it('ignores a deadline while listing or backing off', () => {
    expect(transition(listing, { type: 'deadlinePassed' }, listAndWatch)).toEqual([listing, []]);
    expect(transition({ kind: 'backingOff' }, { type: 'deadlinePassed' }, listAndWatch)).toEqual([{ kind: 'backingOff' }, []]);
  });
});

describe('transition: streaming lists that cannot be trusted', () => {
  it('falls back at once when the streaming list comes gzip-compressed', () => {
    const [state, effects] = transition({ kind: 'streamingList', pages: [], opened: false }, { type: 'streamOpened', compressed: true }, streaming);
    expect(state).toEqual({ kind: 'listing', pages: [] });
    expect(effects).toEqual([fallBack, reconnectingWithFallback, { type: 'list' }]);
  });

  it('keeps a compressed plain watch: only the initial list is at risk', () => {
    expect(transition(watching('10'), { type: 'streamOpened', compressed: true }, listAndWatch)[0]).toEqual(watching('10', false, true));
  });

  it('lists instead of streaming once the cluster fell back, and says why when ready', () => {
    const notice = { reason: 'StreamingListFallback' as const, message: 'gzip' };
    const fellBack: TransitionOptions = { ...listAndWatch, streamingListFallback: notice };
    expect(transition({ kind: 'idle' }, { type: 'start' }, fellBack)).toEqual([listing, [{ type: 'list' }]]);
    const [, effects] = transition(listing, { type: 'listPage', page: { items: [], resourceVersion: '3' } }, fellBack);
    expect(effects[0]).toEqual({ type: 'apply', ops: [{ type: 'replace', objects: [], resourceVersion: '3' }, { type: 'status', phase: 'ready', notice }] });
  });
});

describe('transition: a stale version answered with empty streams (no 410)', () => {
  const emptyEnd: WatchInput = { type: 'streamEnded', lastedMs: 5 };

  it('relists, with a backoff and an EmptyWatchRelist notice, after three short empty streams from the same version', () => {
    const { state, effects } = run(watching('10'), [emptyEnd, { type: 'retry' }, emptyEnd, { type: 'retry' }, emptyEnd]);
    expect(state).toEqual({ kind: 'backingOff' });
    expect(effects.slice(-2)).toEqual([
      { type: 'apply', ops: [{ type: 'status', phase: 'reconnecting', error: expect.any(KubeApiError), notice: { reason: 'EmptyWatchRelist', message: expect.any(String) } }] },
      { type: 'backoff', retryAfterSeconds: undefined },
    ]);
    expect(transition(state, { type: 'retry' }, listAndWatch)).toEqual([listing, [{ type: 'list' }]]);
  });

  it('counts only streams from the same version: an event in between starts the count over', () => {
    const { state } = run(watching('10'), [emptyEnd, { type: 'retry' }, emptyEnd, { type: 'retry' }, events(added('a', '11')), emptyEnd]);
    expect(state).toEqual(watching('11'));
  });
});

describe('transition: throttling', () => {
  it('backs off at least Retry-After after a 429 on the list, with a Throttled notice', () => {
    const error = httpError(429, 'TooManyRequests', 7);
    expect(transition(listing, failed(error), listAndWatch)).toEqual([
      { kind: 'backingOff', resumeFrom: undefined },
      [{ type: 'apply', ops: [{ type: 'status', phase: 'reconnecting', error, notice: { reason: 'Throttled', message: expect.any(String) } }] }, { type: 'backoff', retryAfterSeconds: 7 }],
    ]);
  });

  it('clears the notice when the list comes back', () => {
    const { effects } = run(listing, [failed(httpError(429, 'TooManyRequests', 7)), { type: 'retry' }, { type: 'listPage', page: { items: [], resourceVersion: '4' } }]);
    expect(effects.at(-3)).toEqual({ type: 'apply', ops: [{ type: 'replace', objects: [], resourceVersion: '4' }, { type: 'status', phase: 'ready' }] });
  });
});

describe('transition: polling, a mode of the same machine', () => {
  it('lists, replaces the members, then waits the poll interval instead of watching', () => {
    const [state, effects] = transition(listing, { type: 'listPage', page: { items: [pod('a', '1')], resourceVersion: '5' } }, polling);
    expect(state).toEqual({ kind: 'betweenPolls' });
    expect(effects).toEqual([
      { type: 'apply', ops: [{ type: 'replace', objects: [pod('a', '1')], resourceVersion: '5' }, { type: 'status', phase: 'ready' }] },
      { type: 'wait', ms: 10_000 },
    ]);
  });

  it('lists again when the interval is over, never with a streaming list', () => {
    expect(transition({ kind: 'betweenPolls' }, { type: 'retry' }, { ...polling, streamingList: true })).toEqual([listing, [{ type: 'list' }]]);
  });

  it('backs off after a failure, never sooner than the interval, honouring Retry-After', () => {
    const [state, effects] = transition(listing, failed(httpError(503, 'ServiceUnavailable', 30)), polling);
    expect(state).toEqual({ kind: 'backingOff', resumeFrom: undefined });
    expect(effects[1]).toEqual({ type: 'backoff', retryAfterSeconds: 30, atLeastMs: 10_000 });
  });

  it('pages and falls back to one full list on an expired continue token, as when watching', () => {
    const { effects } = run(listing, [{ type: 'listPage', page: { items: [], resourceVersion: '5', continueToken: 't' } }, failed(httpError(410, 'Expired'))], polling);
    expect(effects).toEqual([{ type: 'list', continueToken: 't' }, { type: 'list', unpaged: true }]);
  });
});
