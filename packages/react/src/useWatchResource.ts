/**
 * Live queries as hook state. Everything is core's: the observer decides what
 * a snapshot is and returns the same one until it changes, `paramsKey` decides
 * when two params are one question. The hooks only pick the observer for the
 * current params and hand it to `useSyncExternalStore`, so nothing subscribes
 * during render (StrictMode and concurrent rendering safe) and a re-render
 * with equal params keeps the subscription.
 */
import { useMemo, useSyncExternalStore } from 'react';
import {
  idleObserver,
  paramsKey,
  type KubeClient,
  type QueryObserver,
  type QuerySnapshot,
  type TableView,
  type WatchResourceListParams,
  type WatchResourceParams,
} from '@rxkube/core';
import { useKubeClient } from './context.js';

/** One object, live: `data` is the object, null while it does not exist, undefined until the first answer. `null` params: no query. */
export function useWatchResource<T>(params: WatchResourceParams<T> | null | undefined): QuerySnapshot<T | null> {
  return useObserver(params, (client, p) => client.observeResource(p));
}

/** A collection, live: `data` is the whole array (ordered by namespace, then name). `null` params: no query. */
export function useWatchResourceList<T>(params: WatchResourceListParams<T> | null | undefined): QuerySnapshot<readonly T[]> {
  return useObserver(params, (client, p) => client.observeResourceList(p));
}

/**
 * A collection as the server prints it (the `table` view): `data` is `{ columns, rows }`,
 * rows in the list's order, undefined until the first answer. `null` params: no query.
 */
export function useWatchResourceTable<T>(params: Omit<WatchResourceListParams<T>, 'view'> | null | undefined): QuerySnapshot<TableView> {
  return useObserver(params === null || params === undefined ? params : { ...params, view: 'table' as const }, (client, p) => client.observeResourceTable(p));
}

function useObserver<P extends WatchResourceParams<unknown> | WatchResourceListParams<unknown>, D>(
  params: P | null | undefined,
  observe: (client: KubeClient, params: P) => QueryObserver<D>,
): QuerySnapshot<D> {
  const client = useKubeClient();
  const key = params == null ? null : paramsKey(params);
  // Keyed by value on purpose: `params` is a new object on every render.
  // oxlint-disable-next-line react-hooks/exhaustive-deps
  const observer = useMemo(() => (params == null ? idleObserver : observe(client, params)), [client, key]);
  return useSyncExternalStore(observer.subscribe, observer.getSnapshot, observer.getSnapshot);
}
