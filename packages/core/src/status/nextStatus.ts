/**
 * The status model as one pure function.
 *
 * Invariants:
 * - `error` is terminal: nothing but a transport change follows it;
 * - a query is `loading` until its first complete answer, and never again
 *   afterwards: a failure then is `reconnecting`, with the last data kept;
 * - `reconnects` counts live connections lost, not attempts: a failure while
 *   already recovering does not count again;
 * - an unchanged status is returned as the same object, so identity is the
 *   only equality check anyone needs.
 */
import type { KubeApiError } from '../errors/KubeApiError.js';
import type { QueryStatus, StatusNotice, Transport } from './queryStatus.js';

export type StatusEvent =
  /** A complete answer arrived, or a stream opened: live again. */
  | { phase: 'ready'; notice?: StatusNotice | undefined }
  /** A transient failure; the machine is backing off and will try again. */
  | { phase: 'reconnecting'; error?: unknown; notice?: StatusNotice | undefined }
  /** A failure that retrying cannot fix. */
  | { phase: 'error'; error: KubeApiError }
  /** The query moved between streaming and polling (the stream budget); its phase follows at the next event. */
  | { transport: Transport };

export function initialStatus(transport: Transport): QueryStatus {
  return { phase: 'loading', transport, reconnects: 0 };
}

export function nextStatus(previous: QueryStatus, event: StatusEvent): QueryStatus {
  const next = computeNext(previous, event);
  return sameStatus(previous, next) ? previous : next;
}

function computeNext(previous: QueryStatus, event: StatusEvent): QueryStatus {
  if ('transport' in event) return { ...previous, transport: event.transport };
  if (previous.phase === 'error') return previous;
  const { transport, reconnects } = previous;
  switch (event.phase) {
    case 'ready':
      return withNotice({ phase: transport === 'poll' ? 'polling' : 'ready', transport, reconnects }, event.notice);
    case 'reconnecting': {
      const wasLive = previous.phase === 'ready' || previous.phase === 'polling';
      const phase = previous.phase === 'loading' ? 'loading' : 'reconnecting';
      return withNotice({ phase, transport, error: event.error as KubeApiError | undefined, reconnects: reconnects + (wasLive ? 1 : 0) }, event.notice);
    }
    case 'error':
      return { ...previous, phase: 'error', error: event.error };
  }
}

function withNotice(status: QueryStatus, notice: StatusNotice | undefined): QueryStatus {
  return notice ? { ...status, notice } : status;
}

function sameStatus(a: QueryStatus, b: QueryStatus): boolean {
  return (
    a.phase === b.phase &&
    a.transport === b.transport &&
    a.error === b.error &&
    a.reconnects === b.reconnects &&
    a.notice?.reason === b.notice?.reason &&
    a.notice?.message === b.notice?.message
  );
}
