/**
 * The follow of one container's log as a pure state machine, in the manner
 * of watch/transition.ts: `transition` turns a state and an input into the
 * next state and effects; the driver (client/watchLogs.ts) performs them and
 * applies the resume rule (resume.ts) to every line read, so that every
 * reconnect below loses and repeats nothing.
 *
 * Invariants:
 * - at most one request is open; every request after the first resumes from
 *   the last second shown (the driver builds it from the cursor);
 * - a response the server ends (log rotation, kubernetes/kubernetes#115701; a
 *   proxy's idle timeout) is followed again at once, unless the container
 *   stopped: then the follow waits for it to run again, or ends with its pod;
 * - an open follow that got nothing for `stallMs` while the container runs
 *   is cut: if it had delivered lines before, it is a dead connection
 *   (tilt-dev/tilt#3908) and is followed again; if it never delivered any,
 *   one plain read (`probe`) asks the same question without follow: lines
 *   there mean a proxy holds the stream, and the follow polls from then on;
 * - "container ... is waiting to start" (400) waits for the pod to say the
 *   container runs (backing off meanwhile); a 404 or a deleted pod ends the
 *   follow; other failures that retrying cannot fix end it with an error;
 * - a paused follow (hidden tab) has nothing open and resumes like a reconnect.
 */
import type { KubeApiError } from '../errors/KubeApiError.js';
import type { StatusNotice, Transport } from '../status/queryStatus.js';

/** What the pod says about the followed container. */
export interface ContainerFacts {
  /** false once the pod is deleted. */
  readonly exists: boolean;
  readonly running: boolean;
  /** The pod reached Succeeded or Failed: its containers will not run again. */
  readonly finished: boolean;
  readonly restartCount: number;
  /** The kubelet has a log to read: the container runs, ran, or ran before (a crash loop reads its last run). */
  readonly hasLog: boolean;
  readonly waitingReason?: string | undefined;
}

export type FollowState =
  | { kind: 'idle' }
  /** A request is open; `follow` false for a poll or a one-shot read. `got`: this response delivered lines. */
  | { kind: 'reading'; follow: boolean; once: boolean; opened: boolean; got: boolean; startedAt: number; heardAt: number }
  /** A plain read after a follow that never delivered anything went silent. */
  | { kind: 'probing' }
  /** The container is not running: waiting for the pod to say it runs (or a backoff step). */
  | { kind: 'waiting' }
  | { kind: 'backingOff' }
  | { kind: 'betweenPolls' }
  | { kind: 'paused' }
  | { kind: 'ended' }
  | { kind: 'failed' };

export type FollowInput =
  | { type: 'start' }
  | { type: 'opened' }
  | { type: 'lines'; count: number }
  /** The server ended the response normally. */
  | { type: 'ended' }
  | { type: 'failed'; error: KubeApiError }
  /** A wait (backoff, poll interval) is over. */
  | { type: 'retry' }
  | { type: 'stallCheck' }
  /** The probe's answer: how many lines in it were new. */
  | { type: 'probed'; fresh: number }
  | { type: 'pod'; before: ContainerFacts | undefined; after: ContainerFacts }
  | { type: 'pause' }
  | { type: 'resume' }
  /** The transport to use now differs from the open request's (the client's downgrade switch moved). */
  | { type: 'transportChanged' };

export type LogPhase = 'loading' | 'streaming' | 'polling' | 'reconnecting' | 'waiting' | 'paused' | 'ended' | 'error';

export type FollowEffect =
  /** Opens a request (follow or not) from the resume point, or with the caller's first options before any line. */
  | { type: 'open'; follow: boolean }
  /** A plain read from the resume point; `probed` follows. */
  | { type: 'probe' }
  | { type: 'backoff'; retryAfterSeconds?: number | undefined }
  | { type: 'wait'; ms: number }
  | { type: 'stallCheck'; ms: number }
  /** Closes whatever is open. */
  | { type: 'idle' }
  | { type: 'status'; phase: LogPhase; error?: KubeApiError | undefined; notice?: StatusNotice | undefined; reconnect?: boolean }
  /** The container started a new run: its lines are a new log. */
  | { type: 'restarted'; restartCount: number }
  /** From now on this follow polls (a proxy holds its streams). */
  | { type: 'poll'; notice: StatusNotice }
  | { type: 'end' }
  | { type: 'fail'; error: KubeApiError };

export interface FollowOptions {
  transport: Transport;
  /** One read and done: `previous`, or a `limitBytes` that ends the log where it ends. */
  once: boolean;
  pollIntervalMs: number;
  stallMs: number;
  /** The container's facts as last known; undefined before the pod was read. */
  pod: ContainerFacts | undefined;
  now: number;
}

type Result = [FollowState, FollowEffect[]];

/** A response that ends this fast with nothing in it is a failure, not an end (as SHORT_WATCH_MS for watches). */
export const SHORT_READ_MS = 1000;

export const BUFFERED_LOGS: StatusNotice = {
  reason: 'BufferingProxy',
  message: 'a proxy holds the log stream until it ends: the log is read every poll interval instead',
};

const WAITING = /is waiting to start|ContainerCreating|PodInitializing/;

export function transition(state: FollowState, input: FollowInput, options: FollowOptions): Result {
  if (state.kind === 'ended' || state.kind === 'failed') return [state, []];
  switch (input.type) {
    case 'start':
      // The driver starts once it knows the pod (or cannot read it): no request for a log that does not exist yet.
      if (options.pod && !options.pod.exists) return end();
      if (options.pod && !options.pod.hasLog) return [{ kind: 'waiting' }, [{ type: 'status', phase: 'waiting' }]];
      return open(options, false);
    case 'opened':
      if (state.kind !== 'reading') return [state, []];
      return [
        { ...state, opened: true },
        [{ type: 'status', phase: options.transport === 'poll' ? 'polling' : 'streaming' }, ...(state.follow ? [stallCheck(options.stallMs)] : [])],
      ];
    case 'lines':
      if (state.kind !== 'reading') return [state, []];
      return [{ ...state, got: true, opened: true, heardAt: options.now }, []];
    case 'ended':
      return onEnded(state, options);
    case 'failed':
      return onFailed(state, input.error, options);
    case 'retry':
      // The next poll is no reconnect: the status stays `polling` while it is read.
      if (state.kind === 'betweenPolls') return open(options, false);
      if (state.kind === 'backingOff' || state.kind === 'waiting') return open(options, true);
      return [state, []];
    case 'stallCheck':
      return onStallCheck(state, options);
    case 'probed':
      if (state.kind !== 'probing') return [state, []];
      if (input.fresh > 0) return [{ kind: 'betweenPolls' }, [{ type: 'poll', notice: BUFFERED_LOGS }, { type: 'status', phase: 'polling', notice: BUFFERED_LOGS }, { type: 'wait', ms: options.pollIntervalMs }]];
      return open(options, true);
    case 'pod':
      return onPod(state, input.before, input.after, options);
    case 'pause':
      if (state.kind === 'idle' || state.kind === 'paused') return [state, []];
      return [{ kind: 'paused' }, [{ type: 'idle' }, { type: 'status', phase: 'paused' }]];
    case 'resume':
      return state.kind === 'paused' ? open(options, true) : [state, []];
    case 'transportChanged':
      // A follow gives way to polling at once; a poll in progress finishes, and the next request streams.
      return state.kind === 'reading' && state.follow && options.transport === 'poll' ? open(options, true) : [state, []];
  }
}

function open(options: FollowOptions, again: boolean): Result {
  const follow = options.transport === 'stream' && !options.once;
  const reading: FollowState = { kind: 'reading', follow, once: options.once, opened: false, got: false, startedAt: options.now, heardAt: options.now };
  const status: FollowEffect[] = again ? [{ type: 'status', phase: 'reconnecting', reconnect: true }] : [];
  return [reading, [...status, { type: 'open', follow }]];
}

function onEnded(state: FollowState, options: FollowOptions): Result {
  if (state.kind !== 'reading') return [state, []];
  const pod = options.pod;
  if (state.once || (pod && (!pod.exists || (pod.finished && !pod.running)))) return end();
  if (!state.follow) return [{ kind: 'betweenPolls' }, [{ type: 'wait', ms: options.pollIntervalMs }]];
  if (pod && !pod.running) return [{ kind: 'waiting' }, [{ type: 'idle' }, { type: 'status', phase: 'waiting' }]];
  if (!state.got && options.now - state.startedAt < SHORT_READ_MS) {
    // Ends at once with nothing: back off rather than spin.
    return [{ kind: 'backingOff' }, [{ type: 'status', phase: 'reconnecting' }, { type: 'backoff' }]];
  }
  return open(options, true);
}

function onFailed(state: FollowState, error: KubeApiError, options: FollowOptions): Result {
  if (state.kind !== 'reading' && state.kind !== 'probing') return [state, []];
  if (error.code === 404) return end();
  if (error.code === 400 && WAITING.test(error.message)) {
    if (options.pod?.finished) return end();
    // A pod that says its container has not run tells when it does; otherwise (the pod unknown, or the kubelet behind it) try again now and then.
    const retry: FollowEffect[] = options.pod && !options.pod.hasLog ? [] : [{ type: 'backoff' }];
    return [{ kind: 'waiting' }, [{ type: 'status', phase: 'waiting', error }, ...retry]];
  }
  if (!error.retryable) return [{ kind: 'failed' }, [{ type: 'status', phase: 'error', error }, { type: 'fail', error }]];
  return [{ kind: 'backingOff' }, [{ type: 'status', phase: 'reconnecting', error }, { type: 'backoff', retryAfterSeconds: error.retryAfterSeconds }]];
}

function onStallCheck(state: FollowState, options: FollowOptions): Result {
  if (state.kind !== 'reading' || !state.follow) return [state, []];
  const silentFor = options.now - state.heardAt;
  if (silentFor < options.stallMs) return [state, [stallCheck(options.stallMs - silentFor)]];
  const pod = options.pod;
  if (pod && !pod.exists) return end();
  // A container that is not running writes nothing: silence is expected.
  if (pod && !pod.running) return [state, [stallCheck(options.stallMs)]];
  if (state.got) return open(options, true);
  return [{ kind: 'probing' }, [{ type: 'status', phase: 'reconnecting' }, { type: 'probe' }]];
}

function onPod(state: FollowState, before: ContainerFacts | undefined, after: ContainerFacts, options: FollowOptions): Result {
  const effects: FollowEffect[] = [];
  if (before && after.restartCount > before.restartCount) effects.push({ type: 'restarted', restartCount: after.restartCount });
  const idle = state.kind === 'waiting' || state.kind === 'backingOff' || state.kind === 'betweenPolls';
  if (!after.exists && idle) return withBefore(effects, end());
  if (state.kind === 'waiting' && after.finished && !after.running) return withBefore(effects, after.hasLog ? open({ ...options, once: true }, true) : end());
  if (state.kind === 'waiting' && after.running) return withBefore(effects, open(options, true));
  return [state, effects];
}

function withBefore(effects: FollowEffect[], [state, rest]: Result): Result {
  return [state, [...effects, ...rest]];
}

function stallCheck(ms: number): FollowEffect {
  return { type: 'stallCheck', ms };
}

function end(): Result {
  return [{ kind: 'ended' }, [{ type: 'idle' }, { type: 'status', phase: 'ended' }, { type: 'end' }]];
}
