// One resource's current objects, as the watch cache keeps them: by key
// ("namespace/name"), in key order, and indexed by namespace, by name and by
// each `key=value` label, so that a list narrowed by any of those costs what
// it returns (staging/src/k8s.io/apiserver/pkg/storage/cacher/store_btree.go:
// a B-tree in key order plus indexers; pkg/registry/core/pod/storage/storage.go
// adds pods' `spec.nodeName` index the same way).
// Invariants: every stored key is in `all`, in its namespace's and its name's
// index, and in one label index per label it carries, and in no other; an
// index that becomes empty is dropped (labels such as a tick counter would
// otherwise pile up).
import type { KubeObject } from './eventLog.js';
import type { Query } from './query.js';
import { SortedKeys } from './sortedKeys.js';

export const storeKey = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;

const NONE = new SortedKeys();

function addTo(index: Map<string, SortedKeys>, value: string, key: string): void {
  let keys = index.get(value);
  if (!keys) index.set(value, (keys = new SortedKeys()));
  keys.insert(key);
}

function removeFrom(index: Map<string, SortedKeys>, value: string, key: string): void {
  const keys = index.get(value);
  if (!keys) return;
  keys.remove(key);
  if (keys.size === 0) index.delete(value);
}

export class ResourceStore {
  private readonly byKey = new Map<string, KubeObject>();
  private readonly all = new SortedKeys();
  private readonly byNamespace = new Map<string, SortedKeys>();
  private readonly byName = new Map<string, SortedKeys>();
  /** `key=value` -> the keys of the objects carrying that label. */
  private readonly byLabel = new Map<string, SortedKeys>();

  get size(): number {
    return this.byKey.size;
  }

  get(key: string): KubeObject | undefined {
    return this.byKey.get(key);
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  set(key: string, obj: KubeObject): void {
    const previous = this.byKey.get(key);
    this.byKey.set(key, obj);
    if (!previous) {
      this.all.insert(key);
      addTo(this.byNamespace, obj.metadata.namespace ?? '', key);
      addTo(this.byName, obj.metadata.name, key);
    }
    this.relabel(key, previous?.metadata.labels, obj.metadata.labels);
  }

  delete(key: string): void {
    const previous = this.byKey.get(key);
    if (!previous) return;
    this.byKey.delete(key);
    this.all.remove(key);
    removeFrom(this.byNamespace, previous.metadata.namespace ?? '', key);
    removeFrom(this.byName, previous.metadata.name, key);
    this.relabel(key, previous.metadata.labels, undefined);
  }

  /** Every key, in order. */
  keys(): SortedKeys {
    return this.all;
  }

  /** The keys of the objects with label `key=value`, in order (do not change it). */
  withLabel(key: string, value: string): SortedKeys {
    return this.byLabel.get(`${key}=${value}`) ?? NONE;
  }

  /**
   * The smallest indexed key set every match of `query` is in (all keys when
   * nothing is indexed), in key order. The caller still applies `query.match`.
   */
  candidates(query: Query, namespaced: boolean): SortedKeys {
    if (query.name !== undefined && (query.namespace !== undefined || !namespaced)) return SortedKeys.of(storeKey(query.namespace, query.name));
    let best = this.all;
    const consider = (keys: SortedKeys) => {
      if (keys.size < best.size) best = keys;
    };
    if (query.namespace !== undefined) consider(this.byNamespace.get(query.namespace) ?? NONE);
    if (query.name !== undefined) consider(this.byName.get(query.name) ?? NONE);
    for (const [k, v] of query.labels) consider(this.withLabel(k, v));
    return best;
  }

  private relabel(key: string, before: Readonly<Record<string, string>> | undefined, after: Readonly<Record<string, string>> | undefined): void {
    if (before === after) return;
    if (before) for (const [k, v] of Object.entries(before)) if (after?.[k] !== v) removeFrom(this.byLabel, `${k}=${v}`, key);
    if (after) for (const [k, v] of Object.entries(after)) if (before?.[k] !== v) addTo(this.byLabel, `${k}=${v}`, key);
  }
}
