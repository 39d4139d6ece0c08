import { describe, expect, it } from 'vitest';
import { transition, type WatchState } from './transition.js';
import { listAndWatch, watchEffects, pod, httpError, failed, watching, listing, run } from '../../test/watchFixtures.js';

describe('transition: listing', () => {
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
