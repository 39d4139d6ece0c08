/**
 * Live queries as signals. Everything is core's: the observer decides what a
 * snapshot is and returns the same one until it changes, `paramsKey` decides
 * when two params are one question. The binding only picks the observer for
 * the current params, keeps one subscription to it (switched by an effect when
 * the key changes, ended when the injection context is destroyed) and reads
 * its snapshot into a signal.
 */
import { assertInInjectionContext, computed, DestroyRef, effect, inject, isSignal, signal, untracked, type Signal } from '@angular/core';
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
import { injectKubeClient } from './provideKubeClient.js';

/** Params, or a signal of them; `null`/`undefined` means no query (no data, status loading). */
export type ParamsInput<P> = P | Signal<P | null | undefined> | null | undefined;

/** One object, live: `data` is the object, null while it does not exist, undefined until the first answer. */
export function injectWatchResource<T>(params: ParamsInput<WatchResourceParams<T>>): Signal<QuerySnapshot<T | null>> {
  assertInInjectionContext(injectWatchResource);
  return injectObserver(params, (client, p) => client.observeResource(p));
}

/** A collection, live: `data` is the whole array (ordered by namespace, then name). */
export function injectWatchResourceList<T>(params: ParamsInput<WatchResourceListParams<T>>): Signal<QuerySnapshot<readonly T[]>> {
  assertInInjectionContext(injectWatchResourceList);
  return injectObserver(params, (client, p) => client.observeResourceList(p));
}

/** A collection as the server prints it (the `table` view): `data` is `{ columns, rows }`, rows in the list's order. */
export function injectWatchResourceTable<T>(params: ParamsInput<Omit<WatchResourceListParams<T>, 'view'>>): Signal<QuerySnapshot<TableView>> {
  assertInInjectionContext(injectWatchResourceTable);
  return injectObserver(params, (client, p) => client.observeResourceTable(p));
}

function injectObserver<P extends WatchResourceParams<unknown> | WatchResourceListParams<unknown>, D>(
  params: ParamsInput<P>,
  observe: (client: KubeClient, params: P) => QueryObserver<D>,
): Signal<QuerySnapshot<D>> {
  const client = injectKubeClient();
  const read = isSignal(params) ? params : () => params;
  const key = computed(() => {
    const current = read();
    return current == null ? null : paramsKey(current);
  });
  // Recomputed only when the key changes: an equal params object keeps the observer.
  const observer = computed<QueryObserver<D>>(() => {
    key();
    const current = untracked(read);
    return current == null ? idleObserver : observe(client, current);
  });
  const changes = signal(0);
  const bump = () => changes.update((n) => n + 1);
  const subscription = effect(
    (onCleanup) => {
      const current = observer();
      untracked(() => {
        onCleanup(current.subscribe(bump));
        bump(); // catches a change between the first read and the subscription
      });
    },
    { manualCleanup: true },
  );
  inject(DestroyRef).onDestroy(() => subscription.destroy());
  return computed(() => {
    changes();
    return observer().getSnapshot();
  });
}
