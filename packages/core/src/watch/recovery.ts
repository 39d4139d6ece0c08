/**
 * What every state does with a failure it has no rule of its own for: back
 * off and try again, or end for good. kube-rs documents which of its watcher
 * errors are retryable; here `KubeApiError.retryable` says it.
 *
 * - a failure that can never succeed ends the machine (`fail`);
 * - 410 Gone means the version is gone: list again, after a backoff step so
 *   that a compaction does not make every client relist at the same instant;
 * - any other retryable failure backs off and resumes from `resumeFrom`
 *   (undefined: list again).
 */
import type { KubeApiError } from '../errors/KubeApiError.js';
import { THROTTLED } from './notices.js';
import { apply } from './steps.js';
import type { Transition, TransitionOptions, WatchEffect } from './watchState.js';

export function backOffOrFail(error: KubeApiError, resumeFrom: string | undefined, options: TransitionOptions): Transition {
  if (!error.isExpired && !error.retryable) return [{ kind: 'failed', error }, [{ type: 'fail', error }]];
  const notice = error.code === 429 ? { notice: THROTTLED } : {};
  const reconnecting = apply([{ type: 'status', phase: 'reconnecting', error, ...notice }]);
  return [{ kind: 'backingOff', resumeFrom: error.isExpired ? undefined : resumeFrom }, [reconnecting, backoff(error, options)]];
}

export function backoff(error: KubeApiError, options: TransitionOptions): WatchEffect {
  // A polling query never asks sooner than its interval, even while it recovers.
  const atLeast = options.transport === 'poll' ? { atLeastMs: options.pollIntervalMs } : {};
  return { type: 'backoff', retryAfterSeconds: error.retryAfterSeconds, ...atLeast };
}
