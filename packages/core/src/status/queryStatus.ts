/**
 * What a query is doing, beside its data. One status per query, changed only
 * by `nextStatus`.
 */
import type { KubeApiError } from '../errors/KubeApiError.js';
import type { Freshness } from './freshness.js';

export type { Freshness } from './freshness.js';

/**
 * loading until the first complete answer; ready (stream) or polling (poll)
 * while live; reconnecting while recovering with the last data still shown;
 * error once ended by a failure that retrying cannot fix.
 */
export type Phase = 'loading' | 'ready' | 'reconnecting' | 'polling' | 'error';
export type Transport = 'stream' | 'poll';

/** Why a query is not doing the obvious thing. */
export type StatusNoticeReason =
  /** A streaming list could not be trusted (gzip-compressed, or no initial-events-end bookmark): the cluster lists with list+watch. */
  | 'StreamingListFallback'
  /** Watches from one version kept closing at once with nothing in them: listing again. */
  | 'EmptyWatchRelist'
  /** 429 Too Many Requests: waiting out Retry-After, showing the last good data. */
  | 'Throttled'
  /** A proxy holds watch responses until they end: the cluster polls, and tries streaming again now and then. */
  | 'BufferingProxy'
  /** The server refused a list view (406) or sent full objects for it: the view is projected in the client (views/viewCodec.ts). */
  | 'ViewFallback';

export interface StatusNotice {
  readonly reason: StatusNoticeReason;
  /** One sentence for a banner or a connection panel. */
  readonly message: string;
}

export interface QueryStatus {
  readonly phase: Phase;
  readonly transport: Transport;
  /** The fatal failure in `error`; the transient one being recovered from in `reconnecting` (or `loading`). */
  readonly error?: KubeApiError | undefined;
  /** How many times the query lost a live connection. */
  readonly reconnects: number;
  readonly notice?: StatusNotice | undefined;
  /** How current the data is (see freshness.ts). */
  readonly freshness: Freshness;
  /** When `freshness` last changed (the client's clock, epoch ms). */
  readonly since: number;
  /** Writes of the query's objects through this client: pending ones, and the last that failed (undefined: none). */
  readonly writes?: WriteStatus | undefined;
}

/** What `mutate` and the other writes are doing to a query's objects, for a "saving" badge and a rollback message. */
export interface WriteStatus {
  /** Edits sent and not yet answered. */
  readonly pending: number;
  /** The keys (`namespace/name`) of the objects with pending edits. */
  readonly objects: readonly string[];
  /** The last write that failed (its edit rolled back), until a write of that object succeeds. */
  readonly error: KubeApiError | undefined;
}
