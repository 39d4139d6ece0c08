import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../errors/KubeApiError.js';
import type { WatchEvent } from './events.js';
import { transition, type WatchInput, type WatchState } from './transition.js';
import { listAndWatch, streaming, watchEffects, pod, added, modified, deleted, bookmark, errorEvent, httpError, events, failed, watching, listing, run } from '../../test/watchFixtures.js';

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

describe('transition: deadlines of a watch', () => {
  it('resumes from its version a stream still open at its deadline', () => {
    expect(transition(watching('10', false, true), { type: 'deadlinePassed' }, listAndWatch)).toEqual([watching('10'), watchEffects('10')]);
  });

  it('backs off when a watch got no answer before its deadline', () => {
    const [state, effects] = transition(watching('10'), { type: 'deadlinePassed' }, listAndWatch);
    expect(state).toEqual({ kind: 'backingOff', resumeFrom: '10' });
    expect(effects[0]).toMatchObject({ type: 'apply', ops: [{ type: 'status', phase: 'reconnecting', error: { reason: 'Timeout' } }] });
  });

  it('ignores a deadline while listing or backing off', () => {
    expect(transition(listing, { type: 'deadlinePassed' }, listAndWatch)).toEqual([listing, []]);
    expect(transition({ kind: 'backingOff' }, { type: 'deadlinePassed' }, listAndWatch)).toEqual([{ kind: 'backingOff' }, []]);
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
