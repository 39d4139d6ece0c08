import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../errors/KubeApiError.js';
import { initialStatus, nextStatus } from './nextStatus.js';
import type { QueryStatus } from './queryStatus.js';

const error = KubeApiError.client('NetworkError', 'reset');
const throttled = { reason: 'Throttled', message: 'waiting' } as const;
const ready: QueryStatus = { phase: 'ready', transport: 'stream', reconnects: 0 };

describe('nextStatus', () => {
  it('starts loading', () => {
    expect(initialStatus('poll')).toEqual({ phase: 'loading', transport: 'poll', reconnects: 0 });
  });

  it('is ready on a stream and polling on polls', () => {
    expect(nextStatus(initialStatus('stream'), { phase: 'ready' }).phase).toBe('ready');
    expect(nextStatus(initialStatus('poll'), { phase: 'ready' }).phase).toBe('polling');
  });

  it('stays loading through failures before the first answer, with the failure in error', () => {
    expect(nextStatus(initialStatus('stream'), { phase: 'reconnecting', error })).toEqual({ phase: 'loading', transport: 'stream', error, reconnects: 0 });
  });

  it('counts a lost live connection once, however many attempts follow', () => {
    const once = nextStatus(ready, { phase: 'reconnecting', error });
    expect(once).toEqual({ phase: 'reconnecting', transport: 'stream', error, reconnects: 1 });
    expect(nextStatus(once, { phase: 'reconnecting', error: KubeApiError.client('Timeout', 'x') }).reconnects).toBe(1);
  });

  it('clears the error and a passing notice when live again', () => {
    const recovering = nextStatus(ready, { phase: 'reconnecting', error, notice: throttled });
    expect(recovering.notice).toEqual(throttled);
    expect(nextStatus(recovering, { phase: 'ready' })).toEqual({ phase: 'ready', transport: 'stream', reconnects: 1 });
  });

  it('keeps error terminal, except for the transport', () => {
    const failed = nextStatus(ready, { phase: 'error', error });
    expect(nextStatus(failed, { phase: 'ready' })).toBe(failed);
    expect(nextStatus(failed, { transport: 'poll' })).toMatchObject({ phase: 'error', transport: 'poll' });
  });

  it('returns the same object when nothing changed: identity is the only equality check', () => {
    expect(nextStatus(ready, { phase: 'ready' })).toBe(ready);
    const withNotice = nextStatus(ready, { phase: 'ready', notice: throttled });
    expect(nextStatus(withNotice, { phase: 'ready', notice: { ...throttled } })).toBe(withNotice);
  });
});
