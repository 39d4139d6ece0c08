/**
 * The leader tab's side: it holds the connections for every tab. A follower's
 * question becomes one more subscriber of the leader's registry (one per tab,
 * so two tabs asking the same question still make one query); the follower
 * gets a snapshot of the query at once, then, once per flush, the immer
 * patches of the query's objects (the cache's change feed), and every change
 * of its status and version as the leader's cache applies it.
 *
 * Invariant: a follower receives its snapshot before any patch that the
 * snapshot does not already contain (the snapshot is read and the patch feed
 * started in the same task, and the channel keeps order).
 */
import type { CacheOp } from '../cache/cacheOp.js';
import type { CacheStore } from '../cache/store.js';
import type { SharedQueries } from '../client/addOnHost.js';
import type { QuerySpec } from '../client/querySpec.js';
import type { Transport } from '../status/queryStatus.js';
import type { KubeObject } from '../resources/resourceType.js';
import type { QueryPatch } from '../cache/queryPatch.js';
import { objectPatches } from '../client/objectPatches.js';
import { statusOnly, toWire, toWireError, type TabMessage, type WireChange } from './messages.js';

export class TabLeader {
  /** Query key -> the follower tabs that need it. */
  private readonly needs = new Map<string, Set<string>>();
  /** Query key -> the function that stops its store tap and its patch feed. */
  private readonly untaps = new Map<string, () => void>();

  constructor(
    private readonly post: (message: TabMessage) => void,
    private readonly registry: Pick<SharedQueries, 'acquire' | 'release' | 'serveOtherTabs'>,
    private readonly store: CacheStore,
  ) {}

  receive(message: TabMessage): void {
    switch (message.type) {
      case 'need':
        return this.need(message.tab, message.spec);
      case 'release':
        return this.release(message.tab, message.key);
      case 'bye':
        for (const [key, tabs] of this.needs) if (tabs.has(message.tab)) this.release(message.tab, key);
        return;
      default:
        return;
    }
  }

  dispose(): void {
    for (const untap of this.untaps.values()) untap();
    this.untaps.clear();
    this.needs.clear();
  }

  private need(tab: string, spec: QuerySpec): void {
    const key = spec.key;
    let tabs = this.needs.get(key);
    const first = !tabs;
    if (!tabs) this.needs.set(key, (tabs = new Set()));
    if (!tabs.has(tab)) {
      tabs.add(tab);
      this.registry.acquire(spec);
      // The leader's tab may be hidden while the others are in view: their queries do not sleep with it.
      if (tabs.size === 1) this.registry.serveOtherTabs(key, true);
    }
    this.post({ type: 'snapshot', to: tab, key, ...snapshot(this.store, spec) });
    if (first) this.untaps.set(key, this.follow(spec));
  }

  /**
   * Forwards a query's patches and version once per flush (together, so that
   * a follower's version is that of the objects it holds), and its status and
   * transport changes as they are applied.
   */
  private follow(spec: QuerySpec): () => void {
    const { key } = spec;
    const untap = this.store.onApply(key, (change) => {
      const forwarded = change.type === 'ops' ? { type: 'ops' as const, ops: statusOnly(change.ops) } : change;
      if (forwarded.type !== 'ops' || forwarded.ops.length > 0) this.post({ type: 'change', key, change: toWire(forwarded) });
    });
    const version = () => this.store.query(key)?.resourceVersion;
    // The feed's first emission is the query's whole data: the snapshot just sent, when it had data;
    // otherwise the first complete listing, which every follower takes as such.
    let first = true;
    const listedAtSnapshot = this.store.query(key)?.listed === true;
    let sentVersion = listedAtSnapshot ? version() : undefined;
    const send = (patches: readonly QueryPatch[]) => {
      const resourceVersion = version();
      if (first && !listedAtSnapshot) this.post({ type: 'patches', key, patches, resourceVersion, complete: true });
      else if (!first && patches.length > 0) this.post({ type: 'patches', key, patches, resourceVersion });
      else if (!first) return;
      first = false;
      sentVersion = resourceVersion;
    };
    const stopPatches =
      spec.objectName === undefined
        ? this.store.subscribePatches(key, send)
        : objectPatches(() => this.store.selectOne<KubeObject>(key), (listener) => this.store.subscribe(key, listener), send);
    // A flush that moved only the version (a relist that changed nothing): the version alone. A bookmark
    // notifies no one, so a follower's version may lag behind the leader's: a new leader then resumes from
    // an older version, and the events it reads again change nothing (an equal version keeps the object).
    const stopVersions = this.store.subscribe(key, () => {
      const resourceVersion = version();
      if (first || resourceVersion === sentVersion) return;
      sentVersion = resourceVersion;
      this.post({ type: 'patches', key, patches: [], resourceVersion });
    });
    return () => {
      untap();
      stopPatches();
      stopVersions();
    };
  }

  private release(tab: string, key: string): void {
    const tabs = this.needs.get(key);
    if (!tabs?.delete(tab)) return;
    if (tabs.size === 0) this.registry.serveOtherTabs(key, false);
    this.registry.release(key);
    if (tabs.size > 0) return;
    this.needs.delete(key);
    this.untaps.get(key)?.();
    this.untaps.delete(key);
  }
}

/** What the leader's cache holds for a query, as changes that bring a fresh store to the same state. */
function snapshot(store: CacheStore, spec: QuerySpec): { transport: Transport; changes: WireChange[] } {
  const query = store.query(spec.key);
  if (!query) return { transport: 'stream', changes: [] };
  const { status } = query;
  const changes: WireChange[] = [];
  if (query.listed) {
    const objects: readonly KubeObject[] =
      spec.objectName === undefined ? (store.selectList<KubeObject>(spec.key) ?? []) : [store.selectOne<KubeObject>(spec.key)].filter((o): o is KubeObject => !!o);
    const ops: CacheOp[] = [{ type: 'replace', objects, resourceVersion: query.resourceVersion ?? '' }];
    if (status.phase === 'ready' || status.phase === 'polling') ops.push({ type: 'status', phase: 'ready', notice: status.notice });
    if (status.phase === 'reconnecting') ops.push({ type: 'status', phase: 'reconnecting', error: status.error, notice: status.notice });
    changes.push(toWire({ type: 'ops', ops }));
  }
  if (status.phase === 'error' && status.error) changes.push({ type: 'fail', error: toWireError(status.error) });
  return { transport: status.transport, changes };
}
