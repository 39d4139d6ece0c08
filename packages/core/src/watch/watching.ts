/**
 * The `watching` state: a watch stream follows changes after a
 * resourceVersion.
 *
 * - it resumes from the last resourceVersion it saw (events and bookmarks
 *   advance it), so a stream the server ends loses nothing and repeats nothing;
 * - a stream that ends at once with nothing in it is a failure; several from
 *   one version mean that version is stale (a relist);
 * - an open stream silent for two bookmark intervals is stale: it is cut and
 *   watched again from its version; a stream that got everything in one burst
 *   at its end went through a buffering proxy, and the `buffered` effect moves
 *   the cluster to polling (silence.ts has both rules);
 * - a stream still open past its stall deadline is cut and resumed; one that
 *   never answered by then is a failure.
 */
import type { CacheOp } from '../cache/cacheOp.js';
import { KubeApiError } from '../errors/KubeApiError.js';
import type { KubeObject } from '../resources/resourceType.js';
import { eventProblem } from './eventProblem.js';
import type { WatchEvent } from './events.js';
import { BUFFERING_PROXY, EMPTY_WATCH_RELIST } from './notices.js';
import { backOffOrFail, backoff } from './recovery.js';
import { endedInOneBurst, isStale, staleAfterMs, STALE_AFTER_BOOKMARK_INTERVALS } from './silence.js';
import { apply, ready, stallAt, watchFrom, withOpsBefore } from './steps.js';
import type { Transition, TransitionOptions, WatchEffect, WatchInput, Watching } from './watchState.js';

/** A stream that ends this fast without delivering anything is a failure, not a normal end (client-go does the same). */
export const SHORT_WATCH_MS = 1000;

/** Empty short streams from one version after which the version is taken as stale and the query relists (kubernetes/kubernetes#137089). */
export const EMPTY_STREAMS_BEFORE_RELIST = 3;

export function watchingStep(state: Watching, input: WatchInput, options: TransitionOptions): Transition {
  switch (input.type) {
    case 'streamOpened':
      return onStreamOpened(state, options);
    case 'events':
      return onEvents(state, input.events, options);
    case 'streamEnded':
      return onStreamEnded(state, input.lastedMs, options);
    case 'deadlinePassed':
      if (state.opened) return watchFrom(state.resourceVersion, options, 0, state.heardAt);
      return watchFailed(state, KubeApiError.client('Timeout', 'no answer to the watch before its deadline'), options);
    case 'silenceCheck':
      return onSilenceCheck(state, options);
    case 'failed':
      return watchFailed(state, input.error, options);
    default:
      return [state, []];
  }
}

/** A failure resumes from the version reached, unless that version is gone (410). */
function watchFailed(state: Watching, error: KubeApiError, options: TransitionOptions): Transition {
  return backOffOrFail(error, state.resourceVersion, options);
}

function onStreamOpened(state: Watching, options: TransitionOptions): Transition {
  const opened = { ...state, opened: true };
  const staleFirst = state.heardAt + staleAfterMs(options) < stallAt(state.startedAt, options);
  return [opened, [apply([ready(options)]), ...(staleFirst ? nextSilenceCheck(opened, options) : [])]];
}

/** Events become cache ops; a bookmark only advances the version; a broken or ERROR event ends the batch as a failure. */
export function onEvents(state: Watching, events: readonly WatchEvent[], options: TransitionOptions): Transition {
  const ops: CacheOp[] = [];
  let resourceVersion = state.resourceVersion;
  for (const event of events) {
    const problem = eventProblem(event);
    if (problem) {
      if (resourceVersion !== state.resourceVersion) ops.push({ type: 'resourceVersion', resourceVersion });
      return withOpsBefore(ops, watchFailed({ ...state, resourceVersion, received: true }, problem, options));
    }
    const object = event.object as KubeObject;
    const version = object.metadata?.resourceVersion;
    if (event.type === 'BOOKMARK') {
      if (version) resourceVersion = version;
      continue;
    }
    ops.push(event.type === 'DELETED' ? { type: 'delete', object } : { type: 'upsert', object });
    if (version) resourceVersion = version;
  }
  if (resourceVersion !== state.resourceVersion) ops.push({ type: 'resourceVersion', resourceVersion });
  const heard = { heardAt: options.now, firstDataAt: state.firstDataAt ?? options.now };
  return [{ ...state, resourceVersion, received: true, opened: true, emptyStreams: 0, ...heard }, ops.length > 0 ? [apply(ops)] : []];
}

function onStreamEnded(state: Watching, lastedMs: number, options: TransitionOptions): Transition {
  if (endedInOneBurst(state, options.now, options)) {
    // Watching on would show every change a whole watch late; the client moves the cluster to polling.
    const [next, effects] = watchFrom(state.resourceVersion, options);
    return [next, [{ type: 'buffered', notice: BUFFERING_PROXY }, ...effects]];
  }
  if (state.received || lastedMs >= SHORT_WATCH_MS) return watchFrom(state.resourceVersion, options, 0, state.heardAt);
  const error = KubeApiError.client('NetworkError', `the watch ended after ${lastedMs} ms without any event`);
  const emptyStreams = state.emptyStreams + 1;
  if (emptyStreams >= EMPTY_STREAMS_BEFORE_RELIST) {
    // HTTP 200 and an empty stream, again and again, is how a server outside its watch cache says 410 (kubernetes/kubernetes#137089).
    const status: CacheOp = { type: 'status', phase: 'reconnecting', error, notice: EMPTY_WATCH_RELIST };
    return [{ kind: 'backingOff' }, [apply([status]), backoff(error, options)]];
  }
  const [next, effects] = watchFailed(state, error, options);
  return [next.kind === 'backingOff' ? { ...next, emptyStreams } : next, effects];
}

/** An open stream that heard nothing for two bookmark intervals is cut and watched again; otherwise the next check is armed. */
function onSilenceCheck(state: Watching, options: TransitionOptions): Transition {
  if (!state.opened) return [state, []];
  if (!isStale(state, options.now, options)) return [state, nextSilenceCheck(state, options)];
  const seconds = Math.round((options.now - state.heardAt) / 1000);
  const error = KubeApiError.client('Timeout', `the watch sent nothing (no event, no bookmark) for ${seconds} s, over ${STALE_AFTER_BOOKMARK_INTERVALS} bookmark intervals`);
  const [next, effects] = watchFrom(state.resourceVersion, options);
  return [next, [apply([{ type: 'status', phase: 'reconnecting', error, stale: true }]), ...effects]];
}

/** The next check of an open stream: for silence if that comes before its stall deadline, else nothing (the deadline stands). */
function nextSilenceCheck(state: Watching, options: TransitionOptions): WatchEffect[] {
  const staleAt = state.heardAt + staleAfterMs(options);
  const stall = stallAt(state.startedAt, options);
  if (staleAt >= stall) return [{ type: 'deadline', ms: Math.max(0, stall - options.now) }];
  return [{ type: 'silenceCheck', ms: Math.max(0, staleAt - options.now) }];
}
