/**
 * Opens one query's connection: the watcher state machine in the query's
 * transport (a stream, or polls for a downgraded query or one over the
 * stream budget), writing into the cache. Both transports go through the
 * same machine, so they share listing, backoff, Retry-After and the clock.
 */
import type { CacheOp } from '../cache/cacheOp.js';
import type { CacheStore } from '../cache/store.js';
import type { KubeApiError } from '../errors/KubeApiError.js';
import type { KubeHttp } from '../http/kubeHttp.js';
import type { Transport } from '../status/queryStatus.js';
import { createBackoff } from '../watch/backoff.js';
import { runWatch, type WatchHandle } from '../watch/runWatch.js';
import type { StatusNotice } from '../status/queryStatus.js';
import { StreamingListSupport } from '../watch/streamingListSupport.js';
import { viewMemoryOf, withViewNotice } from '../views/viewMemory.js';
import type { ResolvedOptions } from './options.js';
import type { QuerySpec } from './querySpec.js';
import { createWatchSource } from './watchSource.js';

export interface QueryConnection {
  http: KubeHttp;
  store: CacheStore;
  options: ResolvedOptions;
  spec: QuerySpec;
  transport: Transport;
  streamingLists: StreamingListSupport;
  /** The version of the data the cache already holds for this query, if any: a stream resumes from it. */
  resumeFrom?: string | undefined;
  /** Called with the number of changes each batch made: events applied (stream), or 1 for a poll that changed something. */
  onChanges: (count: number) => void;
  /** A watch of this query saw a buffering proxy. */
  onBuffered: (notice: StatusNotice) => void;
  /** Why this query polls although it asked to stream, if that is a buffering proxy. */
  pollNotice: () => StatusNotice | undefined;
  /** Start asleep (a hidden tab). */
  paused: boolean;
}

/** Starts the connection; the handle stops, pauses and resumes it. */
export function connectQuery(connection: QueryConnection): WatchHandle {
  const { http, store, options, spec, transport, resumeFrom, onChanges } = connection;
  const memory = viewMemoryOf(store);
  const apply = (changes: CacheOp[]): void => {
    // A view the server could not serve says so on every status it would otherwise clear.
    const ops = withViewNotice(changes, memory.notice(spec.bucket));
    if (transport === 'stream') {
      store.apply(spec.key, ops);
      onChanges(countChanges(ops));
      return;
    }
    // A poll replaces the whole listing; the cache keeps unchanged objects, and its revision says whether anything changed.
    const before = store.query(spec.key)?.revision;
    store.apply(spec.key, ops);
    if (store.query(spec.key)?.revision !== before) onChanges(1);
  };
  const handle = runWatch(
    createWatchSource(http, spec, options, memory),
    { apply, fail: (error: KubeApiError) => store.fail(spec.key, error) },
    {
      transport,
      resumeFrom,
      pollIntervalMs: spec.pollInterval,
      watchTimeoutSeconds: options.watchTimeoutSeconds,
      // WatchList rejects Table (kubernetes/kubernetes#126206): a table query always lists, then watches.
      streamingLists: spec.view === 'table' ? NO_STREAMING_LISTS : connection.streamingLists,
      bookmarkIntervalMs: options.bookmarkIntervalMs,
      onBuffered: connection.onBuffered,
      pollNotice: connection.pollNotice,
      paused: connection.paused,
      timers: options.timers,
      backoff: createBackoff(options.backoff, () => options.timers.now()),
    },
  );
  return handle;
}

const NO_STREAMING_LISTS = new StreamingListSupport(false);

function countChanges(ops: readonly CacheOp[]): number {
  let count = 0;
  for (const op of ops) if (op.type === 'upsert' || op.type === 'delete') count += 1;
  return count;
}
