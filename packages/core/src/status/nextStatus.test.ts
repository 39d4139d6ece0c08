import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../errors/KubeApiError.js';
import { failedStatus, initialStatus, loadingStatus, nextStatus, type StatusEvent } from './nextStatus.js';
import type { QueryStatus } from './queryStatus.js';

const error = KubeApiError.client('NetworkError', 'reset');
const throttled = { reason: 'Throttled', message: 'waiting' } as const;
const ready: QueryStatus = { phase: 'ready', transport: 'stream', reconnects: 0, freshness: 'live', since: 0 };
/** Applies events one second apart, starting at 1 000. */
const after = (status: QueryStatus, ...events: StatusEvent[]) => events.reduce<QueryStatus>((s, event, i) => nextStatus(s, event, 1_000 * (i + 1)), status);

describe('nextStatus', () => {
  it('starts loading', () => {
    expect(initialStatus('poll', 5)).toEqual({ phase: 'loading', transport: 'poll', reconnects: 0, freshness: 'resyncing', since: 5 });
  });

  it('hands out one frozen loading status per transport', () => {
    expect(loadingStatus('poll')).toEqual(initialStatus('poll'));
    expect(loadingStatus('stream')).toBe(loadingStatus('stream'));
    expect(Object.isFrozen(loadingStatus('stream'))).toBe(true);
  });

  it('builds the status of a query that failed before it started: error, stale, frozen', () => {
    const refused = KubeApiError.invalid('bad selector');
    const status = failedStatus(refused, 'poll', 7);
    expect(status).toEqual({ phase: 'error', transport: 'poll', error: refused, reconnects: 0, freshness: 'stale', since: 7 });
    expect(Object.isFrozen(status)).toBe(true);
  });

  it('is ready on a stream and polling on polls', () => {
    expect(after(initialStatus('stream'), { phase: 'ready' }).phase).toBe('ready');
    expect(after(initialStatus('poll'), { phase: 'ready' }).phase).toBe('polling');
  });

  it('stays loading through failures before the first answer, with the failure in error', () => {
    expect(after(initialStatus('stream'), { phase: 'reconnecting', error })).toEqual({ phase: 'loading', transport: 'stream', error, reconnects: 0, freshness: 'resyncing', since: 0 });
  });

  it('counts a lost live connection once, however many attempts follow', () => {
    const once = after(ready, { phase: 'reconnecting', error });
    expect(once).toEqual({ phase: 'reconnecting', transport: 'stream', error, reconnects: 1, freshness: 'resyncing', since: 1_000 });
    expect(after(once, { phase: 'reconnecting', error: KubeApiError.client('Timeout', 'x') }).reconnects).toBe(1);
  });

  it('clears the error and a passing notice when live again', () => {
    const recovering = after(ready, { phase: 'reconnecting', error, notice: throttled });
    expect(recovering.notice).toEqual(throttled);
    expect(after(recovering, { phase: 'ready' })).toEqual({ phase: 'ready', transport: 'stream', reconnects: 1, freshness: 'live', since: 1_000 });
  });

  it('keeps error terminal, except for the transport', () => {
    const failed = after(ready, { phase: 'error', error });
    expect(after(failed, { phase: 'ready' })).toBe(failed);
    expect(after(failed, { transport: 'poll' })).toMatchObject({ phase: 'error', transport: 'poll' });
  });

  it('returns the same object when nothing changed: identity is the only equality check', () => {
    expect(after(ready, { phase: 'ready' })).toBe(ready);
    const withNotice = after(ready, { phase: 'ready', notice: throttled });
    expect(after(withNotice, { phase: 'ready', notice: { ...throttled } })).toBe(withNotice);
  });
});

describe('nextStatus: freshness', () => {
  it('is live on a stream and polling on polls, since the answer', () => {
    expect(after(initialStatus('stream'), { phase: 'ready' })).toMatchObject({ freshness: 'live', since: 1_000 });
    expect(after(initialStatus('poll'), { phase: 'ready' })).toMatchObject({ freshness: 'polling', since: 1_000 });
  });

  it('is resyncing while reconnecting, since the failure', () => {
    expect(after(ready, { phase: 'reconnecting', error })).toMatchObject({ freshness: 'resyncing', since: 1_000 });
  });

  it('stays stale, since it went silent, through the reconnect attempts that follow', () => {
    expect(after(ready, { phase: 'reconnecting', error, stale: true }, { phase: 'reconnecting', error })).toMatchObject({ freshness: 'stale', since: 1_000 });
  });

  it('is live again, since then, once a stream opens after going stale', () => {
    expect(after(ready, { phase: 'reconnecting', error, stale: true }, { phase: 'ready' })).toMatchObject({ freshness: 'live', since: 2_000 });
  });

  it('is stale after a failure that ends the query', () => {
    expect(after(ready, { phase: 'error', error })).toMatchObject({ freshness: 'stale', since: 1_000 });
  });

  it('is paused while the tab sleeps, with the phase left as it was', () => {
    expect(after(ready, { paused: true })).toMatchObject({ phase: 'ready', freshness: 'paused', since: 1_000 });
  });

  it('resyncs after waking up until the stream is open again', () => {
    expect(after(ready, { paused: true }, { paused: false })).toMatchObject({ freshness: 'resyncing', since: 2_000 });
    expect(after(ready, { paused: true }, { paused: false }, { phase: 'ready' })).toMatchObject({ freshness: 'live', since: 3_000 });
  });

  it('does not change on a live stream: a new status object only when the freshness kind changes', () => {
    const live = after(initialStatus('stream'), { phase: 'ready' });
    expect(nextStatus(live, { phase: 'ready' }, 99_000)).toBe(live);
    expect(nextStatus(live, { paused: false }, 99_000)).toBe(live);
  });
});
