/**
 * The bridge between the cache and a subscriber, in the shape framework
 * bindings need (`useSyncExternalStore`, signals): `getSnapshot()` returns the
 * same object until the data or the status changed, `subscribe()` starts (or
 * joins) the query and calls back on change. The Observable API is built on it.
 */
import { Observable } from 'rxjs';
import type { QueryPatch } from '../cache/queryPatch.js';
import type { CacheStore } from '../cache/store.js';
import { objectPatches } from './objectPatches.js';
import { failedStatus, loadingStatus } from '../status/nextStatus.js';
import type { QueryStatus } from '../status/queryStatus.js';
import type { KubeApiError } from '../errors/KubeApiError.js';
import type { QueryRegistry } from './queryRegistry.js';
import type { QuerySpec } from './querySpec.js';

export interface QuerySnapshot<D> {
  /** undefined until the server's first complete answer. */
  readonly data: D | undefined;
  readonly status: QueryStatus;
  /** The error that ended the query (status 'error'), or the failure being recovered from. */
  readonly error: KubeApiError | undefined;
}

export interface QueryObserver<D> {
  getSnapshot(): QuerySnapshot<D>;
  subscribe(onChange: () => void): () => void;
  /** Every distinct snapshot, starting with the current one. */
  snapshots(): Observable<QuerySnapshot<D>>;
  /**
   * When the query last heard from the server (an event, a bookmark, a poll's
   * answer), on the client's clock; undefined before that. Read it when
   * rendering an age: it is not part of the snapshot, which would otherwise
   * change, and notify every subscriber, on every event.
   */
  lastEventAt(): number | undefined;
  /**
   * The query's change feed: its objects as `add` patches once it has data,
   * then, once per flush, immer patches of a record of its objects keyed by
   * `namespace/name` (see QueryPatch). Errors as the data does.
   */
  patches(): Observable<readonly QueryPatch[]>;
}


export function createQueryObserver<D>(
  spec: QuerySpec | KubeApiError,
  store: CacheStore,
  registry: QueryRegistry,
  select: (store: CacheStore, key: string) => D | undefined,
): QueryObserver<D> {
  let last: QuerySnapshot<D> | undefined;

  if (!('key' in spec)) {
    const status = failedStatus(spec);
    const failed: QuerySnapshot<D> = Object.freeze({ data: undefined, status, error: spec });
    return {
      getSnapshot: () => failed,
      subscribe: () => () => undefined,
      snapshots: () => new Observable((s) => s.next(failed)),
      lastEventAt: () => undefined,
      patches: () => new Observable((s) => s.error(spec)),
    };
  }

  const getSnapshot = (): QuerySnapshot<D> => {
    // The cache hands out a new status object only when the status changed (status/nextStatus.ts).
    const status = store.query(spec.key)?.status ?? loadingStatus(registry.expectedTransport(spec));
    const data = select(store, spec.key);
    if (last && last.data === data && last.status === status) return last;
    last = Object.freeze({ data, status, error: status.error });
    return last;
  };

  const subscribe = (onChange: () => void): (() => void) => {
    registry.acquire(spec);
    const unsubscribe = store.subscribe(spec.key, onChange);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      unsubscribe();
      registry.release(spec.key);
    };
  };

  const snapshots = (): Observable<QuerySnapshot<D>> =>
    new Observable((subscriber) => {
      let previous: QuerySnapshot<D> | undefined;
      const emit = () => {
        const snapshot = getSnapshot();
        if (snapshot !== previous) subscriber.next((previous = snapshot));
      };
      const unsubscribe = subscribe(emit);
      emit();
      return unsubscribe;
    });

  const patches = (): Observable<readonly QueryPatch[]> =>
    new Observable((subscriber) => {
      const failIfEnded = () => {
        const { status } = getSnapshot();
        if (status.phase === 'error') subscriber.error(status.error);
      };
      const unsubscribe = subscribe(failIfEnded);
      const stopPatches =
        spec.objectName === undefined
          ? store.subscribePatches(spec.key, (next) => subscriber.next(next))
          : objectPatches(() => getSnapshot().data as never, (listener) => store.subscribe(spec.key, listener), (next) => subscriber.next(next));
      failIfEnded();
      return () => {
        stopPatches();
        unsubscribe();
      };
    });

  return { getSnapshot, subscribe, snapshots, lastEventAt: () => registry.lastEventAt(spec.key), patches };
}

/**
 * The data of a query as an Observable: the first complete answer, then each
 * new value; an error status errors it.
 */
export function dataObservable<D>(observer: QueryObserver<D>): Observable<D> {
  return new Observable<D>((subscriber) => {
    let last: D | undefined;
    const check = () => {
      const snapshot = observer.getSnapshot();
      if (snapshot.status.phase === 'error') {
        subscriber.error(snapshot.error);
        return;
      }
      if (snapshot.data !== undefined && snapshot.data !== last) subscriber.next((last = snapshot.data));
    };
    const unsubscribe = observer.subscribe(check);
    check();
    return unsubscribe;
  });
}

const IDLE_SNAPSHOT: QuerySnapshot<never> = Object.freeze({ data: undefined, status: loadingStatus('stream'), error: undefined });

/**
 * The observer of no question (params `null` while, say, a detail page waits
 * for a name): no data, status loading, never changes, opens nothing.
 */
export const idleObserver: QueryObserver<never> = Object.freeze({
  getSnapshot: () => IDLE_SNAPSHOT,
  subscribe: () => () => undefined,
  snapshots: () => new Observable<QuerySnapshot<never>>((subscriber) => subscriber.next(IDLE_SNAPSHOT)),
  lastEventAt: () => undefined,
  patches: () => new Observable<readonly QueryPatch[]>(),
});
