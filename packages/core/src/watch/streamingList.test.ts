import { describe, expect, it } from 'vitest';
import type { WatchEvent } from './events.js';
import { transition, type TransitionOptions } from './transition.js';
import { listAndWatch, streaming, watchEffects, pod, added, modified, deleted, bookmark, initialEventsEnd, errorEvent, httpError, events, failed, watching, listing, run, start, fallBack, reconnectingWithFallback } from '../../test/watchFixtures.js';

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

describe('transition: a streaming list that went quiet', () => {
  it('does not trust a streaming list that went quiet before its bookmark: the cluster falls back to list+watch', () => {
    const { state, effects } = run(start(), [events(added('a', '3')), { type: 'deadlinePassed' }], streaming);
    expect(state).toEqual({ kind: 'listing', pages: [] });
    expect(effects.slice(1)).toEqual([fallBack, reconnectingWithFallback, { type: 'list' }]);
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
