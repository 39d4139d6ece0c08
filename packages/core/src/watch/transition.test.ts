import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../errors/KubeApiError.js';
import type { KubeObject } from '../resources/resourceType.js';
import { INITIAL_EVENTS_END, type WatchEvent } from './events.js';
import { transition, type WatchInput, type WatchState } from './transition.js';

const listAndWatch = { streamingList: false };
const streaming = { streamingList: true };

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

const watching = (resourceVersion: string, received = false): WatchState => ({ kind: 'watching', resourceVersion, received });
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
    expect(transition({ kind: 'idle' }, { type: 'start' }, streaming)).toEqual([{ kind: 'streamingList', pages: [] }, [{ type: 'watch', sendInitialEvents: true }]]);
  });

  it('watches from the list resourceVersion after replacing the members', () => {
    const [state, effects] = transition(listing, { type: 'listPage', page: { items: [pod('a', '5')], resourceVersion: '10' } }, listAndWatch);
    expect(state).toEqual(watching('10'));
    expect(effects).toEqual([
      { type: 'apply', ops: [{ type: 'replace', objects: [pod('a', '5')], resourceVersion: '10' }, { type: 'status', phase: 'ready' }] },
      { type: 'watch', resourceVersion: '10', sendInitialEvents: false },
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

  it('restarts the list at once when its continue token expired', () => {
    const state: WatchState = { kind: 'listing', continueToken: 'page2', pages: [[pod('a', '1')]] };
    expect(transition(state, failed(httpError(410, 'Expired')), listAndWatch)).toEqual([{ kind: 'listing', pages: [] }, [{ type: 'list' }]]);
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
    expect(transition(watching('10'), { type: 'streamOpened' }, listAndWatch)).toEqual([watching('10'), [{ type: 'apply', ops: [{ type: 'status', phase: 'ready' }] }]]);
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
    expect(effects.at(-1)).toEqual({ type: 'watch', resourceVersion: '15', sendInitialEvents: false });
    expect(effects.some((effect) => effect.type === 'backoff')).toBe(false);
  });

  it('resumes at once after a long stream without events (a quiet collection)', () => {
    expect(transition(watching('10'), { type: 'streamEnded', lastedMs: 59_000 }, listAndWatch)).toEqual([
      watching('10'),
      [{ type: 'watch', resourceVersion: '10', sendInitialEvents: false }],
    ]);
  });

  it('resumes at once after a short stream that delivered an event', () => {
    expect(run(watching('10'), [events(bookmark('11')), { type: 'streamEnded', lastedMs: 20 }]).effects.at(-1)).toEqual({
      type: 'watch',
      resourceVersion: '11',
      sendInitialEvents: false,
    });
  });

  it('backs off, then resumes from the same resourceVersion, when a stream ends in under 1 s without any event', () => {
    const [state, effects] = transition(watching('10'), { type: 'streamEnded', lastedMs: 999 }, listAndWatch);
    expect(state).toEqual({ kind: 'backingOff', resumeFrom: '10' });
    expect(effects.map((effect) => effect.type)).toEqual(['apply', 'backoff']);
    expect(transition(state, { type: 'retry' }, listAndWatch)).toEqual([watching('10'), [{ type: 'watch', resourceVersion: '10', sendInitialEvents: false }]]);
  });

  it('relists after 410 Gone at the start of a watch', () => {
    const error = httpError(410, 'Expired');
    const [state, effects] = transition(watching('10'), failed(error), listAndWatch);
    expect(state).toEqual({ kind: 'backingOff' });
    expect(effects).toEqual([{ type: 'apply', ops: [{ type: 'status', phase: 'reconnecting', error }] }, { type: 'backoff', retryAfterSeconds: undefined }]);
    expect(transition(state, { type: 'retry' }, listAndWatch)).toEqual([listing, [{ type: 'list' }]]);
  });

  it('relists after an ERROR event with code 410, applying the events before it', () => {
    const { state, effects } = run(watching('10'), [events(modified('a', '11'), errorEvent(410, 'Expired'), modified('a', '12'))]);
    expect(state).toEqual({ kind: 'backingOff' });
    expect(effects[0]).toEqual({ type: 'apply', ops: [{ type: 'upsert', object: pod('a', '11') }, { type: 'resourceVersion', resourceVersion: '11' }] });
    const reconnecting = effects[1];
    expect(reconnecting?.type === 'apply' && reconnecting.ops[0]).toMatchObject({ type: 'status', phase: 'reconnecting', error: { code: 410, reason: 'Expired' } });
    expect(effects[2]).toEqual({ type: 'backoff', retryAfterSeconds: undefined });
    expect(run(state, [{ type: 'retry' }]).effects).toEqual([{ type: 'list' }]);
  });

  it('relists with a streaming list after 410 when streaming lists are on', () => {
    expect(run(watching('10'), [failed(httpError(410, 'Gone')), { type: 'retry' }], streaming).effects.at(-1)).toEqual({ type: 'watch', sendInitialEvents: true });
  });

  it.each([
    ['500', httpError(500, 'InternalError')],
    ['a network failure', KubeApiError.client('NetworkError', 'reset')],
    ['a timeout', KubeApiError.client('Timeout', 'stalled')],
  ])('backs off after %s and resumes from the same resourceVersion', (_, error) => {
    const { state, effects } = run(watching('42', true), [failed(error)]);
    expect(state).toEqual({ kind: 'backingOff', resumeFrom: '42' });
    expect(effects).toEqual([{ type: 'apply', ops: [{ type: 'status', phase: 'reconnecting', error }] }, { type: 'backoff', retryAfterSeconds: undefined }]);
    expect(run(state, [{ type: 'retry' }]).effects).toEqual([{ type: 'watch', resourceVersion: '42', sendInitialEvents: false }]);
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

const start = (): WatchState => ({ kind: 'streamingList', pages: [] });

describe('transition: streaming list', () => {
  it('collects ADDED events and replaces the members at the initial-events-end bookmark', () => {
    const { state, effects } = run(start(), [events(added('a', '3'), added('b', '4')), events(added('c', '5')), events(initialEventsEnd('7'))], streaming);
    expect(state).toEqual(watching('7', true));
    expect(effects).toEqual([{ type: 'apply', ops: [{ type: 'replace', objects: [pod('a', '3'), pod('b', '4'), pod('c', '5')], resourceVersion: '7' }, { type: 'status', phase: 'ready' }] }]);
  });

  it('emits nothing before the initial-events-end bookmark, not even for a plain bookmark', () => {
    const { state, effects } = run(start(), [events(added('a', '3'), bookmark('5')), { type: 'streamOpened' }], streaming);
    expect(effects).toEqual([]);
    expect(state).toEqual({ kind: 'streamingList', pages: [[pod('a', '3')]] });
  });

  it('applies events that follow the bookmark in the same batch as watch events', () => {
    const { state, effects } = run(start(), [events(added('a', '3'), initialEventsEnd('7'), modified('a', '8'), deleted('b', '9'))], streaming);
    expect(state).toEqual(watching('9', true));
    expect(effects).toEqual([
      { type: 'apply', ops: [{ type: 'replace', objects: [pod('a', '3')], resourceVersion: '7' }, { type: 'status', phase: 'ready' }] },
      { type: 'apply', ops: [{ type: 'upsert', object: pod('a', '8') }, { type: 'delete', object: pod('b', '9') }, { type: 'resourceVersion', resourceVersion: '9' }] },
    ]);
  });

  it('continues on the same stream after the bookmark: the stream ending later resumes from the last version', () => {
    const { effects } = run(start(), [events(initialEventsEnd('7')), events(modified('a', '8')), { type: 'streamEnded', lastedMs: 59_000 }], streaming);
    expect(effects.at(-1)).toEqual({ type: 'watch', resourceVersion: '8', sendInitialEvents: false });
  });

  it.each([
    [400, 'BadRequest'],
    [422, 'Invalid'],
  ])('falls back to list+watch at once when the server refuses the streaming list with %i', (code, reason) => {
    expect(transition(start(), failed(httpError(code, reason)), streaming)).toEqual([{ kind: 'listing', pages: [] }, [{ type: 'disableStreamingList' }, { type: 'list' }]]);
  });

  it('falls back to list+watch when the refusal comes as an ERROR event', () => {
    expect(transition(start(), events(errorEvent(422, 'Invalid')), streaming)[1]).toEqual([{ type: 'disableStreamingList' }, { type: 'list' }]);
  });

  it('falls back to list+watch when the stream ends without the initial-events-end bookmark (a server that ignores sendInitialEvents)', () => {
    const { state, effects } = run(start(), [events(added('a', '3')), { type: 'streamEnded', lastedMs: 30_000 }], streaming);
    expect(state).toEqual({ kind: 'listing', pages: [] });
    expect(effects).toEqual([{ type: 'disableStreamingList' }, { type: 'list' }]);
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
