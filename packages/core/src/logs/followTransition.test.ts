import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../errors/KubeApiError.js';
import { transition, type ContainerFacts, type FollowInput, type FollowOptions, type FollowState } from './followTransition.js';

const running: ContainerFacts = { exists: true, running: true, finished: false, restartCount: 0, hasLog: true };
const options = (over: Partial<FollowOptions> = {}): FollowOptions => ({ transport: 'stream', once: false, pollIntervalMs: 10_000, stallMs: 30_000, pod: running, now: 100_000, ...over });
const reading = (over: Partial<Extract<FollowState, { kind: 'reading' }>> = {}): FollowState => ({
  kind: 'reading', follow: true, once: false, opened: true, got: true, startedAt: 0, heardAt: 0, ...over,
});
const types = (input: FollowInput, state: FollowState, o = options()) => {
  const [next, effects] = transition(state, input, o);
  return { kind: next.kind, effects: effects.map((e) => (e.type === 'status' ? `status:${e.phase}` : e.type)) };
};
const status = (code: number, message: string) => new KubeApiError({ code, reason: 'BadRequest', message });

describe('the log follow', () => {
  it('follows at once on start, and polls instead when the transport is poll', () => {
    expect(transition({ kind: 'idle' }, { type: 'start' }, options())[1]).toEqual([{ type: 'open', follow: true }]);
    expect(transition({ kind: 'idle' }, { type: 'start' }, options({ transport: 'poll' }))[1]).toEqual([{ type: 'open', follow: false }]);
  });

  it('follows again at once when the server ends the stream (rotation, an idle timeout)', () => {
    expect(types({ type: 'ended' }, reading())).toEqual({ kind: 'reading', effects: ['status:reconnecting', 'open'] });
  });

  it('backs off when a stream ends at once with nothing in it', () => {
    expect(types({ type: 'ended' }, reading({ got: false, startedAt: 99_800 }))).toEqual({ kind: 'backingOff', effects: ['status:reconnecting', 'backoff'] });
  });

  it('ends when the stream ends and the pod is finished or gone', () => {
    expect(types({ type: 'ended' }, reading(), options({ pod: { ...running, running: false, finished: true } })).kind).toBe('ended');
    expect(types({ type: 'ended' }, reading(), options({ pod: { ...running, exists: false } })).kind).toBe('ended');
  });

  it('waits for a stopped container to run again, then follows', () => {
    const stopped = { ...running, running: false };
    expect(types({ type: 'ended' }, reading(), options({ pod: stopped })).kind).toBe('waiting');
    const restartedPod = { ...running, restartCount: 1 };
    expect(types({ type: 'pod', before: stopped, after: restartedPod }, { kind: 'waiting' }).effects).toEqual(['restarted', 'status:reconnecting', 'open']);
  });

  it('asks for nothing while the pod says the container has no log yet', () => {
    expect(types({ type: 'start' }, { kind: 'idle' }, options({ pod: { ...running, running: false, hasLog: false } }))).toEqual({ kind: 'waiting', effects: ['status:waiting'] });
  });

  it('waits on "is waiting to start": for the pod to say the container runs, or a backoff step when the pod is unknown or says it runs', () => {
    const error = status(400, 'container "app" in pod "web" is waiting to start: ContainerCreating');
    expect(types({ type: 'failed', error }, reading(), options({ pod: { ...running, running: false, hasLog: false } }))).toEqual({ kind: 'waiting', effects: ['status:waiting'] });
    expect(types({ type: 'failed', error }, reading(), options({ pod: undefined }))).toEqual({ kind: 'waiting', effects: ['status:waiting', 'backoff'] });
    expect(types({ type: 'failed', error }, reading())).toEqual({ kind: 'waiting', effects: ['status:waiting', 'backoff'] });
    expect(types({ type: 'retry' }, { kind: 'waiting' }).effects).toEqual(['status:reconnecting', 'open']);
  });

  it('fails on an unknown container, ends on 404, backs off on 5xx', () => {
    expect(types({ type: 'failed', error: status(400, 'container x is not valid for pod web') }, reading()).kind).toBe('failed');
    expect(types({ type: 'failed', error: status(404, 'pods "web" not found') }, reading()).kind).toBe('ended');
    expect(types({ type: 'failed', error: new KubeApiError({ code: 503, reason: 'ServiceUnavailable', message: '' }) }, reading()).kind).toBe('backingOff');
  });

  it('reopens a follow that delivered lines and then went silent while the container runs', () => {
    expect(types({ type: 'stallCheck' }, reading({ heardAt: 60_000 }))).toEqual({ kind: 'reading', effects: ['status:reconnecting', 'open'] });
  });

  it('arms the next check when the follow heard something lately', () => {
    const [, effects] = transition(reading({ heardAt: 90_000 }), { type: 'stallCheck' }, options());
    expect(effects).toEqual([{ type: 'stallCheck', ms: 20_000 }]);
  });

  it('does not count silence against a container that is not running', () => {
    expect(types({ type: 'stallCheck' }, reading(), options({ pod: { ...running, running: false } })).effects).toEqual(['stallCheck']);
  });

  it('probes a follow that never delivered anything, and polls when the probe finds lines (a buffering proxy)', () => {
    expect(types({ type: 'stallCheck' }, reading({ got: false }))).toEqual({ kind: 'probing', effects: ['status:reconnecting', 'probe'] });
    expect(types({ type: 'probed', fresh: 3 }, { kind: 'probing' })).toEqual({ kind: 'betweenPolls', effects: ['poll', 'status:polling', 'wait'] });
    expect(types({ type: 'probed', fresh: 0 }, { kind: 'probing' }).effects).toEqual(['status:reconnecting', 'open']);
  });

  it('polls again after the interval', () => {
    expect(types({ type: 'ended' }, reading({ follow: false }), options({ transport: 'poll' }))).toEqual({ kind: 'betweenPolls', effects: ['wait'] });
  });

  it('gives up a follow for polling when the downgrade switch turns on', () => {
    expect(types({ type: 'transportChanged' }, reading(), options({ transport: 'poll' }))).toEqual({ kind: 'reading', effects: ['status:reconnecting', 'open'] });
    expect(transition(reading(), { type: 'transportChanged' }, options({ transport: 'poll' }))[1]).toContainEqual({ type: 'open', follow: false });
    expect(types({ type: 'transportChanged' }, reading(), options()).effects).toEqual([]);
  });

  it('pauses with nothing open and resumes like a reconnect', () => {
    expect(types({ type: 'pause' }, reading())).toEqual({ kind: 'paused', effects: ['idle', 'status:paused'] });
    expect(types({ type: 'resume' }, { kind: 'paused' }).effects).toEqual(['status:reconnecting', 'open']);
  });

  it('ends a one-shot read (previous, limitBytes) where the server ends it', () => {
    expect(types({ type: 'ended' }, reading({ follow: false, once: true })).kind).toBe('ended');
  });

  it('ends when the pod is deleted while nothing is open', () => {
    expect(types({ type: 'pod', before: running, after: { ...running, exists: false } }, { kind: 'backingOff' }).kind).toBe('ended');
  });
});
