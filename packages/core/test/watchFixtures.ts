/**
 * Shared inputs of the watcher's tests (watch/*.test.ts): options for each
 * mode, events from plain values, states, and `run` to feed inputs in order.
 */
import { expect } from 'vitest';
import { KubeApiError } from '../src/errors/KubeApiError.js';
import type { KubeObject } from '../src/resources/resourceType.js';
import { INITIAL_EVENTS_END, type WatchEvent } from '../src/watch/events.js';
import { transition, type TransitionOptions, type WatchEffect, type WatchInput, type WatchState } from '../src/watch/transition.js';

export const listAndWatch: TransitionOptions = { transport: 'stream', streamingList: false, pollIntervalMs: 10_000, watchTimeoutSeconds: 59, bookmarkIntervalMs: 60_000, now: 0 };
export const streaming: TransitionOptions = { ...listAndWatch, streamingList: true };
export const polling: TransitionOptions = { ...listAndWatch, transport: 'poll' };
/** A watch from a version, with its stall deadline (timeoutSeconds + 30 s). */
export const watchEffects = (resourceVersion: string): WatchEffect[] => [
  { type: 'watch', resourceVersion, sendInitialEvents: false },
  { type: 'deadline', ms: 89_000 },
];

export const pod = (name: string, resourceVersion: string): KubeObject => ({ metadata: { name, namespace: 'default', resourceVersion } });
export const added = (name: string, rv: string): WatchEvent => ({ type: 'ADDED', object: pod(name, rv) });
export const modified = (name: string, rv: string): WatchEvent => ({ type: 'MODIFIED', object: pod(name, rv) });
export const deleted = (name: string, rv: string): WatchEvent => ({ type: 'DELETED', object: pod(name, rv) });
export const bookmark = (rv: string, annotations?: Record<string, string>): WatchEvent => ({
  type: 'BOOKMARK',
  object: { kind: 'Pod', metadata: { resourceVersion: rv, ...(annotations ? { annotations } : {}) } },
});
export const initialEventsEnd = (rv: string) => bookmark(rv, { [INITIAL_EVENTS_END]: 'true' });
export const errorEvent = (code: number, reason: string): WatchEvent => ({ type: 'ERROR', object: { kind: 'Status', status: 'Failure', code, reason, message: `${code} ${reason}` } });
export const httpError = (code: number, reason: string, retryAfterSeconds?: number) =>
  new KubeApiError({ kind: 'Status', code, reason, message: reason }, retryAfterSeconds === undefined ? {} : { retryAfterSeconds });
export const events = (...list: WatchEvent[]): WatchInput => ({ type: 'events', events: list });
export const failed = (error: KubeApiError): WatchInput => ({ type: 'failed', error });

export const watching = (resourceVersion: string, received = false, opened = received): WatchState => ({
  kind: 'watching',
  resourceVersion,
  received,
  opened,
  emptyStreams: 0,
  startedAt: 0,
  heardAt: 0,
  ...(received ? { firstDataAt: 0 } : {}),
});
export const listing: WatchState = { kind: 'listing', pages: [] };

/** Runs inputs from a state and returns the final state and every effect in order. */
export function run(state: WatchState, inputs: WatchInput[], options = listAndWatch) {
  const effects = [];
  for (const input of inputs) {
    const [next, produced] = transition(state, input, options);
    state = next;
    effects.push(...produced);
  }
  return { state, effects };
}

/** A streaming list whose headers came. */
export const start = (): WatchState => ({ kind: 'streamingList', pages: [], opened: true });

export const fallBackNotice = { reason: 'StreamingListFallback', message: expect.any(String) };
export const fallBack = { type: 'fallBack', notice: fallBackNotice };
export const reconnectingWithFallback = { type: 'apply', ops: [{ type: 'status', phase: 'reconnecting', notice: fallBackNotice }] };
