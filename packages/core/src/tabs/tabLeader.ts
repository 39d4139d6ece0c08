/**
 * The leader tab's side: it holds the connections for every tab. A follower's
 * question becomes one more subscriber of the leader's registry (one per tab,
 * so two tabs asking the same question still make one query); the follower
 * gets a snapshot of the query at once, then every change the leader's cache
 * applies to it, in order, through a store tap.
 *
 * Invariant: a follower receives its snapshot before any change that the
 * snapshot does not already contain (the snapshot is read and posted in the
 * same task, and the channel keeps order).
 */
import type { CacheOp } from '../cache/cacheOp.js';
import type { CacheStore } from '../cache/store.js';
import type { SharedQueries } from '../client/addOnHost.js';
import type { QuerySpec } from '../client/querySpec.js';
import type { Transport } from '../status/queryStatus.js';
import type { KubeObject } from '../resources/resourceType.js';
import { toWire, toWireError, type TabMessage, type WireChange } from './messages.js';

export class TabLeader {
  /** Query key -> the follower tabs that need it. */
  private readonly needs = new Map<string, Set<string>>();
  /** Query key -> the function that stops its store tap. */
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
    if (!tabs) {
      this.needs.set(key, (tabs = new Set()));
      this.untaps.set(key, this.store.onApply(key, (change) => this.post({ type: 'change', key, change: toWire(change) })));
    }
    if (!tabs.has(tab)) {
      tabs.add(tab);
      this.registry.acquire(spec);
      // The leader's tab may be hidden while the others are in view: their queries do not sleep with it.
      if (tabs.size === 1) this.registry.serveOtherTabs(key, true);
    }
    this.post({ type: 'snapshot', to: tab, key, ...snapshot(this.store, spec) });
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
