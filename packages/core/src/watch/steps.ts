/**
 * The moves several states of the watcher make: start a list, watch from a
 * version, arm a stream's deadline, mark the query ready. Pure, like the rest
 * of the machine.
 */
import type { CacheOp } from '../cache/cacheOp.js';
import type { Transition, TransitionOptions, WatchEffect } from './watchState.js';

/**
 * Margin past timeoutSeconds after which a watch is cut: an answer that never
 * came is a failure (backoff); a stream still open (a proxy holding a dead
 * connection, or a server ignoring timeoutSeconds) just ends there and resumes
 * from its version, as if the server had ended it.
 */
export const STALL_MARGIN_MS = 30_000;

/**
 * How long a streaming list may go without any data before its initial
 * events count as lost: Chromium's fetch delivers only the first member of a
 * multi-member gzip body and then nothing, with no error.
 */
export const STREAMING_LIST_QUIET_MS = 10_000;

/** A streaming list where the cluster trusts it and the query streams; otherwise a paged list. */
export function startListing(options: TransitionOptions): Transition {
  if (options.transport === 'stream' && options.streamingList) {
    return [{ kind: 'streamingList', pages: [], opened: false }, [{ type: 'watch', sendInitialEvents: true }, quietDeadline()]];
  }
  return [{ kind: 'listing', pages: [] }, [{ type: 'list' }]];
}

/** `heardAt` carries the silence of a previous stream into this one (a normal end or a cut is not news). */
export function watchFrom(resourceVersion: string, options: TransitionOptions, emptyStreams = 0, heardAt = options.now): Transition {
  return [
    { kind: 'watching', resourceVersion, received: false, opened: false, emptyStreams, startedAt: options.now, heardAt },
    [{ type: 'watch', resourceVersion, sendInitialEvents: false }, stallDeadline(options)],
  ];
}

/** When a stream started at `startedAt` is cut, open or not. */
export function stallAt(startedAt: number, options: TransitionOptions): number {
  return startedAt + options.watchTimeoutSeconds * 1000 + STALL_MARGIN_MS;
}

export function stallDeadline(options: TransitionOptions): WatchEffect {
  return { type: 'deadline', ms: options.watchTimeoutSeconds * 1000 + STALL_MARGIN_MS };
}

export function quietDeadline(): WatchEffect {
  return { type: 'deadline', ms: STREAMING_LIST_QUIET_MS };
}

export function apply(ops: CacheOp[]): WatchEffect {
  return { type: 'apply', ops };
}

/** Live again; a cluster that fell back from streaming lists, or polls behind a buffering proxy, keeps saying so. */
export function ready(options: TransitionOptions): CacheOp {
  const notice = options.transport === 'stream' ? options.streamingListFallback : options.pollNotice;
  return notice ? { type: 'status', phase: 'ready', notice } : { type: 'status', phase: 'ready' };
}

/** The ops of the events before a failure in the same batch are applied first. */
export function withOpsBefore(ops: CacheOp[], [state, effects]: Transition): Transition {
  return ops.length === 0 ? [state, effects] : [state, [apply(ops), ...effects]];
}
