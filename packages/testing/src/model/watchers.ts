// Open watches indexed by what they can match, so that a change is offered
// only to the watches of its resource whose namespace and name scope admit
// it, never tested against every open watch. This is the cacher's
// `indexedWatchers` (staging/src/k8s.io/apiserver/pkg/storage/cacher/cacher.go:
// `allWatchers` keyed by the watch's namespace/name scope, `valueWatchers`
// keyed by a trigger value such as pods' spec.nodeName,
// pkg/registry/core/pod/storage/storage.go `NodeNameTriggerFunc`), with
// namespace and name as the trigger values.
// Invariant: a watch is registered under exactly one scope; a change of an
// object in namespace N named M reaches the scopes (N, M), (N, *), (*, M)
// and (*, *) of its resource and no other. An object keeps its namespace
// and name over its life, so `previous` has the same scope as `object`.
import type { Change } from './eventLog.js';
import { resourceKey } from './resources.js';

export interface WatchScope {
  resource: { group: string; plural: string };
  /** Undefined: every namespace (and cluster-scoped kinds). */
  namespace?: string | undefined;
  /** Undefined: every name. */
  name?: string | undefined;
}

export type ChangeListener = (change: Change) => void;

const ANY = '\u0000*';
const scopeKey = (resource: string, namespace: string, name: string) => `${resource}\u0000${namespace}\u0000${name}`;

export class WatcherIndex {
  private readonly scopes = new Map<string, Set<ChangeListener>>();

  get size(): number {
    let n = 0;
    for (const set of this.scopes.values()) n += set.size;
    return n;
  }

  add(scope: WatchScope, listener: ChangeListener): () => void {
    const key = scopeKey(resourceKey(scope.resource), scope.namespace ?? ANY, scope.name ?? ANY);
    let set = this.scopes.get(key);
    if (!set) this.scopes.set(key, (set = new Set()));
    set.add(listener);
    return () => {
      const current = this.scopes.get(key);
      if (!current?.delete(listener)) return;
      if (current.size === 0) this.scopes.delete(key);
    };
  }

  dispatch(change: Change): void {
    if (this.scopes.size === 0) return;
    const resource = resourceKey(change.resource);
    const namespace = change.object.metadata.namespace ?? '';
    const name = change.object.metadata.name;
    for (const key of [scopeKey(resource, namespace, name), scopeKey(resource, namespace, ANY), scopeKey(resource, ANY, name), scopeKey(resource, ANY, ANY)]) {
      const set = this.scopes.get(key);
      if (set) for (const listener of set) listener(change);
    }
  }
}
