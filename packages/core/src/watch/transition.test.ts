// The entry point: how a query starts, and the end state. Each state's answers are tested beside it (listing.test.ts, watching.test.ts, ...).
import { describe, expect, it } from 'vitest';
import { transition, type WatchInput, type WatchState } from './transition.js';
import { listAndWatch, streaming, polling, watchEffects, added, httpError, events, failed, watching, listing } from '../../test/watchFixtures.js';

describe('transition', () => {
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

  it('ignores every input once failed', () => {
    const failedState: WatchState = { kind: 'failed', error: httpError(403, 'Forbidden') };
    for (const input of [{ type: 'start' }, { type: 'retry' }, events(added('a', '1')), { type: 'streamEnded', lastedMs: 5 }, failed(httpError(500, 'x'))] as WatchInput[]) {
      expect(transition(failedState, input, listAndWatch)).toEqual([failedState, []]);
    }
  });
});
