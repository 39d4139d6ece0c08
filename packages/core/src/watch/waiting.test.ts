import { describe, expect, it } from 'vitest';
import { transition } from './transition.js';
import { polling, pod, httpError, failed, listing, run } from '../../test/watchFixtures.js';

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
