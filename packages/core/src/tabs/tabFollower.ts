/**
 * A follower tab's side: its queries connect to the leader tab (a
 * RemoteConnector for the registry). It asks for each query it needs, applies
 * the leader's snapshot, then the leader's patches and status changes to its own cache, and
 * asks again when a new leader announces itself.
 */
import type { CacheStore } from '../cache/store.js';
import type { RemoteConnector } from '../client/queryRegistry.js';
import type { QuerySpec } from '../client/querySpec.js';
import type { WatchHandle } from '../watch/runWatch.js';
import { fromWire, opsOfPatches, type TabMessage, type WireChange } from './messages.js';

export class TabFollower implements RemoteConnector {
  /** The queries this tab gets from the leader, by key. */
  private readonly followed = new Map<string, QuerySpec>();
  /** When each query last heard from the leader (Date.now()). */
  private readonly heard = new Map<string, number>();

  constructor(
    private readonly tab: string,
    private readonly post: (message: TabMessage) => void,
    private readonly store: CacheStore,
  ) {}

  /**
   * The handle of a query served by the leader. This tab runs no watcher of
   * its own for it (`state` stays idle), and pausing it changes nothing: the
   * leader's connection serves the other tabs too.
   */
  connect(spec: QuerySpec): WatchHandle {
    const { key } = spec;
    this.followed.set(key, spec);
    this.post({ type: 'need', tab: this.tab, spec });
    const heard = this.heard;
    return {
      stop: () => {
        this.followed.delete(key);
        this.heard.delete(key);
        this.post({ type: 'release', tab: this.tab, key });
      },
      pause: () => undefined,
      resume: () => undefined,
      state: { kind: 'idle' },
      get lastHeardAt() {
        return heard.get(key);
      },
    };
  }

  receive(message: TabMessage): void {
    switch (message.type) {
      case 'leader':
        for (const spec of this.followed.values()) this.post({ type: 'need', tab: this.tab, spec });
        return;
      case 'snapshot':
        if (message.to !== this.tab || !this.followed.has(message.key)) return;
        this.store.setTransport(message.key, message.transport);
        for (const change of message.changes) this.apply(message.key, change);
        return;
      case 'change':
        if (this.followed.has(message.key)) this.apply(message.key, message.change);
        return;
      case 'patches':
        if (!this.followed.has(message.key)) return;
        this.heard.set(message.key, Date.now());
        this.store.apply(message.key, opsOfPatches(message.patches, message.complete === true, message.resourceVersion));
        return;
      default:
        return;
    }
  }

  /** This tab is going away: the leader drops what it held for it. */
  bye(): void {
    this.post({ type: 'bye', tab: this.tab });
  }

  private apply(key: string, wire: WireChange): void {
    this.heard.set(key, Date.now());
    const change = fromWire(wire);
    if (change.type === 'ops') this.store.apply(key, change.ops);
    else if (change.type === 'transport') this.store.setTransport(key, change.transport);
    else this.store.fail(key, change.error);
  }
}
