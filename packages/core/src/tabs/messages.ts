/**
 * What the tabs of one console say to each other over their BroadcastChannel.
 * Every message goes to every other tab; a tab ignores what is not for it.
 * Errors travel as their Kubernetes Status (structured clone keeps an Error's
 * message only) and become KubeApiErrors again on arrival.
 */
import type { AppliedChange } from '../cache/appliedChange.js';
import type { CacheOp } from '../cache/cacheOp.js';
import type { QueryPatch } from '../cache/queryPatch.js';
import type { Transport } from '../status/queryStatus.js';
import type { QuerySpec } from '../client/querySpec.js';
import { isKubeApiError, KubeApiError, type Status } from '../errors/KubeApiError.js';

export interface WireError {
  status: Status;
  retryAfterSeconds: number | undefined;
}

/** A status op that may carry an error. */
type PhaseOp = Extract<CacheOp, { phase: unknown }>;
type WireOp = Exclude<CacheOp, PhaseOp> | (Omit<PhaseOp, 'error'> & { error?: WireError | undefined });

export type WireChange = { type: 'ops'; ops: WireOp[] } | { type: 'transport'; transport: Transport } | { type: 'fail'; error: WireError };

export type TabMessage =
  /** A follower needs a query (again, after a new leader announced itself). */
  | { type: 'need'; tab: string; spec: QuerySpec }
  /** A follower no longer needs a query. */
  | { type: 'release'; tab: string; key: string }
  /** A follower tab is going away: everything it needed is released. */
  | { type: 'bye'; tab: string }
  /** A tab became the leader: followers send what they need again. */
  | { type: 'leader' }
  /** The leader's current data of a query, for the tab `to` that just asked for it. */
  | { type: 'snapshot'; to: string; key: string; transport: Transport; changes: WireChange[] }
  /** A change of a query's status, version or transport in the leader's cache, for every tab that follows it. */
  | { type: 'change'; key: string; change: WireChange }
  /**
   * The immer patches of a query's objects in the leader's cache, once per
   * flush, for every tab that follows it, with the resourceVersion they bring
   * it to; `complete`: all of its objects, its first complete listing.
   */
  | { type: 'patches'; key: string; patches: readonly QueryPatch[]; resourceVersion: string | undefined; complete?: boolean }
  /** A tab's `setDowngradeWatch(on)`: every tab takes the switch, and the leader's queries follow it. */
  | { type: 'downgrade'; on: boolean };

export function toWireError(error: unknown): WireError {
  if (isKubeApiError(error)) return { status: error.status, retryAfterSeconds: error.retryAfterSeconds };
  return { status: KubeApiError.client('NetworkError', String(error)).status, retryAfterSeconds: undefined };
}

export function fromWireError({ status, retryAfterSeconds }: WireError): KubeApiError {
  return new KubeApiError(status, retryAfterSeconds === undefined ? {} : { retryAfterSeconds });
}

export function toWire(change: AppliedChange): WireChange {
  switch (change.type) {
    case 'ops':
      return { type: 'ops', ops: change.ops.map((op) => ('phase' in op && op.error !== undefined ? { ...op, error: toWireError(op.error) } : (op as WireOp))) };
    case 'transport':
      return change;
    case 'fail':
      return { type: 'fail', error: toWireError(change.error) };
  }
}

export function fromWire(change: WireChange): AppliedChange {
  switch (change.type) {
    case 'ops':
      return { type: 'ops', ops: change.ops.map((op) => ('phase' in op && op.error !== undefined ? { ...op, error: fromWireError(op.error) } : (op as CacheOp))) };
    case 'transport':
      return change;
    case 'fail':
      return { type: 'fail', error: fromWireError(change.error) };
  }
}

/**
 * What a follower applies for a leader's patches: each object as the leader
 * shows it, or gone, then the version they bring the query to; a complete set
 * as a listing.
 */
export function opsOfPatches(patches: readonly QueryPatch[], complete: boolean, resourceVersion: string | undefined): CacheOp[] {
  if (complete) return [{ type: 'replace', objects: patches.flatMap((patch) => (patch.value ? [patch.value] : [])), resourceVersion: resourceVersion ?? '' }];
  const ops = patches.map((patch): CacheOp => {
    if (patch.op !== 'remove') return { type: 'set', object: patch.value! };
    // Keys are `namespace/name`, or the name alone: neither holds another '/'.
    const [namespace, name] = patch.path[0].includes('/') ? patch.path[0].split('/') : ['', patch.path[0]];
    return { type: 'delete', object: { metadata: { namespace, name } } };
  });
  return resourceVersion === undefined ? ops : [...ops, { type: 'resourceVersion', resourceVersion }];
}

/**
 * The part of a batch a follower gets at once: status. Objects and versions
 * travel together, as patches at the flush: a follower's version is always
 * that of the objects it holds, so a tab that takes over as leader resumes
 * from it without losing what the old leader had applied but not flushed.
 */
export function statusOnly(ops: readonly CacheOp[]): CacheOp[] {
  return ops.filter((op) => op.type === 'status');
}
