/**
 * The status model as one pure function.
 *
 * Invariants:
 * - `error` is terminal: nothing but a transport change follows it;
 * - a query is `loading` until its first complete answer, and never again
 *   afterwards: a failure then is `reconnecting`, with the last data kept;
 * - `reconnects` counts live connections lost, not attempts: a failure while
 *   already recovering does not count again;
 * - `freshness` changes only when its kind changes, and `since` with it: an
 *   event that arrives on a live stream changes nothing here (its time is
 *   read from `lastEventAt` when rendering), so that a thousand subscribers
 *   are not notified per event;
 * - `stale` lasts until the query is live again: reconnect attempts after it
 *   keep its `since`;
 * - an unchanged status is returned as the same object, so identity is the
 *   only equality check anyone needs.
 */
import type { KubeApiError } from '../errors/KubeApiError.js';
import type { Freshness } from './freshness.js';
import type { QueryStatus, StatusNotice, Transport, WriteStatus } from './queryStatus.js';

export type StatusEvent =
  /** A complete answer arrived, or a stream opened: live again. */
  | { phase: 'ready'; notice?: StatusNotice | undefined }
  /** A transient failure; the machine is backing off and will try again. `stale`: the stream went silent. */
  | { phase: 'reconnecting'; error?: unknown; notice?: StatusNotice | undefined; stale?: boolean | undefined }
  /** A failure that retrying cannot fix. */
  | { phase: 'error'; error: KubeApiError }
  /** The query moved between streaming and polling (the stream budget); its phase follows at the next event. */
  | { transport: Transport }
  /** The tab went to sleep (streams closed on purpose), or woke up and is catching up. The phase is left as it was: a pause is no failure. */
  | { paused: boolean }
  /** Writes of the query's objects started, ended or failed (cache/writeStatus.ts); nothing else changes. */
  | { writes: WriteStatus | undefined };

export function initialStatus(transport: Transport, at = 0): QueryStatus {
  return { phase: 'loading', transport, reconnects: 0, freshness: 'resyncing', since: at };
}

const LOADING: Readonly<Record<Transport, QueryStatus>> = { stream: Object.freeze(initialStatus('stream')), poll: Object.freeze(initialStatus('poll')) };

/** The status of a query the cache holds nothing for yet: loading. The same frozen object every time, so that a snapshot built on it stays equal. */
export function loadingStatus(transport: Transport): QueryStatus {
  return LOADING[transport];
}

/** The status of a query that ended before it started (bad input, a disposed client): frozen, `error`, `stale`. */
export function failedStatus(error: KubeApiError, transport: Transport = 'stream', at = 0): QueryStatus {
  return Object.freeze(nextStatus(initialStatus(transport, at), { phase: 'error', error }, at));
}

/** `at`: the client's clock now, the `since` of a freshness that changes. */
export function nextStatus(previous: QueryStatus, event: StatusEvent, at: number): QueryStatus {
  const next = computeNext(previous, event);
  if (sameStatus(previous, next)) return previous;
  return next.freshness === previous.freshness ? { ...next, since: previous.since } : { ...next, since: at };
}

type Draft = Omit<QueryStatus, 'since'> & { since?: number };

function computeNext(previous: QueryStatus, event: StatusEvent): Draft {
  if ('transport' in event) return { ...previous, transport: event.transport };
  if ('writes' in event) return { ...previous, writes: event.writes };
  if (previous.phase === 'error') return previous;
  if ('paused' in event) return { ...previous, freshness: resumed(previous.freshness, event.paused) };
  const { transport, reconnects } = previous;
  switch (event.phase) {
    case 'ready':
      return withNotice({ phase: transport === 'poll' ? 'polling' : 'ready', transport, reconnects, freshness: transport === 'poll' ? 'polling' : 'live', writes: previous.writes }, event.notice);
    case 'reconnecting': {
      const wasLive = previous.phase === 'ready' || previous.phase === 'polling';
      const phase = previous.phase === 'loading' ? 'loading' : 'reconnecting';
      const freshness: Freshness = event.stale || previous.freshness === 'stale' ? 'stale' : 'resyncing';
      const error = event.error as KubeApiError | undefined;
      return withNotice({ phase, transport, error, reconnects: reconnects + (wasLive ? 1 : 0), freshness, writes: previous.writes }, event.notice);
    }
    case 'error':
      return { ...previous, phase: 'error', error: event.error, freshness: 'stale' };
  }
}

function resumed(freshness: Freshness, paused: boolean): Freshness {
  if (paused) return 'paused';
  return freshness === 'paused' ? 'resyncing' : freshness;
}

function withNotice(status: Draft, notice: StatusNotice | undefined): Draft {
  return notice ? { ...status, notice } : status;
}

function sameStatus(a: QueryStatus, b: Draft): boolean {
  return (
    a.phase === b.phase &&
    a.transport === b.transport &&
    a.error === b.error &&
    a.reconnects === b.reconnects &&
    a.freshness === b.freshness &&
    a.notice?.reason === b.notice?.reason &&
    a.notice?.message === b.notice?.message &&
    a.writes === b.writes
  );
}
