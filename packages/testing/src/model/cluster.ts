// One cluster's objects and history, like etcd behind an apiserver.
// Invariants:
// - every write that changes something takes the next resourceVersion
//   (global to the cluster) and appends exactly one Change to the log;
// - a write that changes nothing is a no-op (same object, same version);
// - stored objects are deeply frozen and replaced, never mutated;
// - `generation` moves only when something outside metadata and status changes.
// - reads go through each resource's ResourceStore (key order, namespace,
//   name and label indexes) and open watches through the WatcherIndex, so a
//   read or a change costs what it touches, never the cluster's size.
// Nothing here uses node-only APIs: the same model runs behind msw in a browser.
import { EventLog, type Change, type KubeObject } from './eventLog.js';
import { recordUpdate, serverSideApply, type OwnershipContext } from './fieldManager/fieldManager.js';
import { validatePatchOptions } from './fieldManager/patchOptions.js';
import { applyPatch, type PatchType } from './patch/index.js';
import type { Random } from './random.js';
import { apiVersionOf, resourceKey, type ResourceInfo, type ResourceRef, type ResourceRegistry } from './resources.js';
import { alreadyExists, badRequest, conflict, expired, invalid, notFound } from './status.js';
import { rfc3339, type Clock } from './time.js';
import { clone, deepEqual, deepFreeze, isObject } from './util.js';
import { validateIdentity } from './validation.js';
import { normalize, resolveRef, type ObjectRef } from './objectRef.js';
import { compileQuery, hasSelectors, type ListOptions } from './query.js';
import { pastOverlay, readRange, type Range } from './readRange.js';
import { ResourceStore, storeKey } from './resourceStore.js';
import { WatcherIndex, type WatchScope } from './watchers.js';

export type { ObjectRef } from './objectRef.js';
export type { ListOptions } from './query.js';
export type { WatchScope } from './watchers.js';

export interface WriteOptions {
  /** Validate and compute the result without storing it (`?dryRun=All`). */
  dryRun?: boolean;
  subresource?: 'status';
  /** Who writes, for managedFields (required for apply; without it ownership stays as it is). */
  fieldManager?: string | undefined;
  /** Apply only: take over fields other managers own instead of a 409 Conflict. */
  force?: boolean | undefined;
}

export interface DeleteOptions {
  dryRun?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export type ClusterSignal = { type: 'change'; change: Change } | { type: 'restart' };
export type ClusterListener = (signal: ClusterSignal) => void;

export interface ClusterOptions {
  name: string;
  resources: ResourceRegistry;
  clock: Clock;
  random: Random;
  /** Changes kept for watches and consistent paging; older ones are 410 Expired. */
  historyLimit: number;
}

const withoutMetaAndStatus = ({ metadata: _m, status: _s, ...rest }: KubeObject) => rest;

export class FakeCluster {
  readonly name: string;
  readonly resources: ResourceRegistry;
  private readonly clock: Clock;
  private readonly random: Random;
  private readonly historyLimit: number;
  private readonly store = new Map<string, ResourceStore>();
  private readonly listeners = new Set<ClusterListener>();
  /** Scoped watches: changes reach them through `watchers`, restarts through `restartListeners`. */
  private readonly watchers = new WatcherIndex();
  private readonly restartListeners = new Set<() => void>();
  private log: EventLog;
  private rv = 1;
  private allocations = 0;

  constructor(options: ClusterOptions) {
    this.name = options.name;
    this.resources = options.resources;
    this.clock = options.clock;
    this.random = options.random;
    this.historyLimit = options.historyLimit;
    this.log = new EventLog(options.historyLimit, this.rv);
  }

  /** The cluster's current resourceVersion (of its latest change), as a decimal string. */
  get resourceVersion(): string {
    return String(this.rv);
  }

  /** The oldest resourceVersion a watch may still resume from. */
  get oldestResourceVersion(): string {
    return String(this.log.floor);
  }

  resolve(ref: ResourceRef | ResourceInfo): ResourceInfo {
    return this.resources.resolve(ref);
  }

  // ---- reads -------------------------------------------------------------

  find<T = KubeObject>(resource: ResourceRef | ResourceInfo, ref: ObjectRef): T | undefined {
    const r = this.resolve(resource);
    const { namespace, name } = resolveRef(r, ref);
    return this.bucket(r).get(storeKey(namespace, name)) as T | undefined;
  }

  get<T = KubeObject>(resource: ResourceRef | ResourceInfo, ref: ObjectRef): T {
    const r = this.resolve(resource);
    const found = this.find<T>(r, ref);
    if (!found) throw notFound({ resource: r.plural, group: r.group, name: resolveRef(r, ref).name });
    return found;
  }

  /** Current objects in key order (namespace/name, as etcd lists them). Invalid selectors throw 400. */
  list<T = KubeObject>(resource: ResourceRef | ResourceInfo, options: ListOptions = {}): T[] {
    const r = this.resolve(resource);
    return this.listRange(r, options, this.rv).items as T[];
  }

  /** A predicate for `options` on `resource` (selectors parsed and checked once). */
  matcher(resource: ResourceInfo, options: ListOptions): (obj: KubeObject) => boolean {
    return compileQuery(resource, options).match;
  }

  /**
   * The objects of `resource` as they were at `rv` (for consistent paging and
   * `resourceVersionMatch=Exact`), rebuilt by undoing later changes. 410 when
   * `rv` is older than the history window.
   */
  listAt(resource: ResourceInfo, options: ListOptions, rv: number): KubeObject[] {
    return this.listRange(resource, options, rv).items;
  }

  /**
   * One page of `listAt`: the matches after key `after` ('namespace/name'),
   * at most `limit` (0 = all). It reads through the indexes and costs what it
   * walks, not the resource's size. `remaining` is counted for lists without
   * label or field selectors (the apiserver's remainingItemCount).
   */
  listRange(resource: ResourceInfo, options: ListOptions, rv: number, after = '', limit = 0): Range {
    const query = compileQuery(resource, options);
    let overlay;
    if (rv < this.rv) {
      const later = this.log.since(rv);
      if (!later) throw expired(`too old resource version: ${rv} (${this.log.floor})`);
      overlay = pastOverlay(later, resource);
    }
    return readRange(this.bucket(resource), { query, namespaced: resource.namespaced, overlay, after, limit, countRemaining: !hasSelectors(options) });
  }

  /** The current objects with label `key=value`, in key order, read through the label index (for controllers). */
  withLabel<T = KubeObject>(resource: ResourceRef | ResourceInfo, key: string, value: string): { size: number; at(i: number): T | undefined } {
    const store = this.bucket(this.resolve(resource));
    const keys = store.withLabel(key, value);
    return {
      size: keys.size,
      at: (i) => {
        const k = keys.at(i);
        return k === undefined ? undefined : (store.get(k) as T | undefined);
      },
    };
  }

  /** Changes after `rv`, or undefined when `rv` fell out of the window (the caller answers 410). */
  changesSince(rv: number): Change[] | undefined {
    return this.log.since(rv);
  }

  // ---- writes ------------------------------------------------------------

  create<T = KubeObject>(resource: ResourceRef | ResourceInfo, input: unknown, options: WriteOptions = {}): T {
    const r = this.resolve(resource);
    const obj = normalize(r, input);
    if (!obj.metadata.name && typeof obj.metadata.generateName === 'string') {
      obj.metadata.name = `${obj.metadata.generateName}${this.random.suffix(5)}`;
    }
    validateIdentity(r, obj);
    const key = storeKey(obj.metadata.namespace, obj.metadata.name);
    if (this.bucket(r).has(key)) throw alreadyExists({ resource: r.plural, group: r.group, name: obj.metadata.name });
    for (const field of ['resourceVersion', 'deletionTimestamp', 'deletionGracePeriodSeconds']) delete obj.metadata[field];
    obj.metadata.uid = this.random.uid();
    obj.metadata.creationTimestamp ??= rfc3339(this.clock());
    obj.metadata.generation = 1;
    let allocations = this.allocations;
    r.defaults?.(obj, { next: () => allocations++ });
    recordUpdate(undefined, obj, options.fieldManager, this.ownership(r, options));
    if (options.dryRun) return deepFreeze(obj) as unknown as T;
    this.allocations = allocations;
    return this.commit(r, 'ADDED', obj, undefined) as unknown as T;
  }

  /** PUT semantics: a stale `metadata.resourceVersion` is 409 Conflict; an unset one updates unconditionally. */
  update<T = KubeObject>(resource: ResourceRef | ResourceInfo, input: unknown, options: WriteOptions = {}): T {
    const r = this.resolve(resource);
    const obj = normalize(r, input);
    const existing = this.get<KubeObject>(r, { namespace: obj.metadata.namespace, name: obj.metadata.name });
    const rv = obj.metadata.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== existing.metadata.resourceVersion) {
      throw conflict({ resource: r.plural, group: r.group, name: obj.metadata.name });
    }
    return this.replace(r, existing, obj, options) as unknown as T;
  }

  /** Writes only `status` (the `/status` subresource). */
  updateStatus<T = KubeObject>(resource: ResourceRef | ResourceInfo, input: unknown, options: WriteOptions = {}): T {
    return this.update<T>(resource, input, { ...options, subresource: 'status' });
  }

  patch<T = KubeObject>(
    resource: ResourceRef | ResourceInfo,
    ref: ObjectRef,
    patch: unknown,
    type: PatchType = 'merge',
    options: WriteOptions = {},
  ): T {
    const r = this.resolve(resource);
    const { namespace, name } = resolveRef(r, ref);
    validatePatchOptions(type, options);
    const existing = this.find<KubeObject>(r, { namespace, name });
    if (type === 'apply') {
      const applied = serverSideApply(existing, patch, options.fieldManager!, options.force ?? false, this.ownership(r, options));
      // The applied object carries its managedFields already: no Update entry on top.
      if (!existing) return this.create<T>(r, { ...applied, metadata: { ...applied.metadata, name, namespace } }, { ...options, fieldManager: undefined });
      return this.checked(r, existing, applied, name, namespace, options, true) as unknown as T;
    }
    if (!existing) throw notFound({ resource: r.plural, group: r.group, name });
    return this.checked(r, existing, applyPatch(type, clone(existing), patch), name, namespace, options) as unknown as T;
  }

  /** The rest of a patch: the result must keep its identity, and a resourceVersion in it is a precondition. */
  private checked(r: ResourceInfo, existing: KubeObject, patched: unknown, name: string, namespace: string | undefined, options: WriteOptions, applied = false): KubeObject {
    if (!isObject(patched) || !isObject(patched.metadata)) throw badRequest('patch removed metadata');
    const next = patched as KubeObject;
    if (next.metadata.name !== name || (r.namespaced && next.metadata.namespace !== namespace)) {
      throw invalid({ kind: r.kind, group: r.group, resource: r.plural, name }, [
        { reason: 'FieldValueInvalid', field: 'metadata.name', message: 'Invalid value: field is immutable' },
      ]);
    }
    // A patch that sets resourceVersion is an optimistic-lock precondition ("" is unconditional, as on update).
    const rv = next.metadata.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== existing.metadata.resourceVersion) throw conflict({ resource: r.plural, group: r.group, name });
    return this.replace(r, existing, normalize(r, next), options, applied);
  }

  /** Deletes at once (no graceful termination, no finalizers); a namespace takes its objects with it. */
  delete<T = KubeObject>(resource: ResourceRef | ResourceInfo, ref: ObjectRef, options: DeleteOptions = {}): T {
    const r = this.resolve(resource);
    const existing = this.get<KubeObject>(r, ref);
    const pre = options.preconditions;
    if ((pre?.uid && pre.uid !== existing.metadata.uid) || (pre?.resourceVersion && pre.resourceVersion !== existing.metadata.resourceVersion)) {
      throw conflict({ resource: r.plural, group: r.group, name: existing.metadata.name });
    }
    if (options.dryRun) return existing as unknown as T;
    if (r.group === '' && r.plural === 'namespaces') {
      for (const other of this.resources.all()) {
        if (!other.namespaced) continue;
        for (const obj of this.list<KubeObject>(other, { namespace: existing.metadata.name })) this.delete(other, obj);
      }
    }
    return this.commit(r, 'DELETED', clone(existing), existing) as unknown as T;
  }

  deleteCollection(resource: ResourceRef | ResourceInfo, options: ListOptions & DeleteOptions = {}): KubeObject[] {
    const r = this.resolve(resource);
    return this.list<KubeObject>(r, options).map((obj) => this.delete<KubeObject>(r, obj, options));
  }

  // ---- history and lifecycle --------------------------------------------

  /** Drops the history now, like an etcd compaction: resuming from any older version is 410. */
  compact(): void {
    this.log.compact(this.rv);
  }

  /** An apiserver restart: the watch cache starts empty and every open watch is closed. */
  restart(): void {
    this.compact();
    this.emit({ type: 'restart' });
  }

  /** Removes every object (without events), forgets history and closes watches. */
  reset(): void {
    this.store.clear();
    this.rv++;
    this.log = new EventLog(this.historyLimit, this.rv);
    this.emit({ type: 'restart' });
  }

  /** Every signal of the cluster: each change of every resource, and restarts. */
  subscribe(listener: ClusterListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The changes of one resource within a namespace/name scope, and restarts: what an open watch needs. */
  watch(scope: WatchScope, listener: ClusterListener): () => void {
    const removeChanges = this.watchers.add(scope, (change) => listener({ type: 'change', change }));
    const onRestart = () => listener({ type: 'restart' });
    this.restartListeners.add(onRestart);
    return () => {
      removeChanges();
      this.restartListeners.delete(onRestart);
    };
  }

  // ---- internals ---------------------------------------------------------

  /** `applied`: `obj` comes from server-side apply and carries its managedFields already. */
  private replace(r: ResourceInfo, existing: KubeObject, obj: KubeObject, options: WriteOptions, applied = false): KubeObject {
    let next: KubeObject;
    if (options.subresource === 'status') next = { ...clone(existing), status: obj.status };
    else if (r.hasStatus) next = { ...obj, status: clone(existing.status) };
    else next = obj;
    if (next.status === undefined) delete next.status;
    const meta = existing.metadata;
    next.metadata = { ...next.metadata, uid: meta.uid, creationTimestamp: meta.creationTimestamp, resourceVersion: meta.resourceVersion };
    const specChanged = !deepEqual(withoutMetaAndStatus(existing), withoutMetaAndStatus(next));
    next.metadata.generation = ((meta.generation as number | undefined) ?? 1) + (specChanged ? 1 : 0);
    if (applied) next.metadata.managedFields = obj.metadata.managedFields;
    else recordUpdate(existing, next, options.fieldManager, this.ownership(r, options));
    if (deepEqual(existing, next)) return existing;
    if (options.dryRun) return deepFreeze(next);
    return this.commit(r, 'MODIFIED', next, existing);
  }

  private ownership(r: ResourceInfo, options: WriteOptions): OwnershipContext {
    return { apiVersion: apiVersionOf(r), subresource: options.subresource, hasStatus: r.hasStatus, now: rfc3339(this.clock()) };
  }

  private commit(r: ResourceInfo, type: Change['type'], obj: KubeObject, previous: KubeObject | undefined): KubeObject {
    this.rv++;
    obj.metadata.resourceVersion = String(this.rv);
    const frozen = deepFreeze(obj);
    const key = storeKey(frozen.metadata.namespace, frozen.metadata.name);
    if (type === 'DELETED') this.bucket(r).delete(key);
    else this.bucket(r).set(key, frozen);
    const change: Change = { rv: this.rv, type, resource: r, object: frozen, ...(previous ? { previous } : {}) };
    this.log.append(change);
    this.emit({ type: 'change', change });
    return frozen;
  }

  private emit(signal: ClusterSignal): void {
    for (const listener of this.listeners) listener(signal);
    if (signal.type === 'change') this.watchers.dispatch(signal.change);
    else for (const listener of this.restartListeners) listener();
  }

  private bucket(r: ResourceInfo): ResourceStore {
    const key = resourceKey(r);
    let bucket = this.store.get(key);
    if (!bucket) this.store.set(key, (bucket = new ResourceStore()));
    return bucket;
  }
}
