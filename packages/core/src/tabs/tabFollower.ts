/**
 * A follower tab's side: its queries connect to the leader tab (a
 * RemoteConnector for the registry). It asks for each query it needs, applies
 * the leader's snapshot and then the leader's changes to its own cache, and
 * asks again when a new leader announces itself.
 */
import type { CacheStore } from '../cache/store.js';
import type { RemoteConnector } from '../client/queryRegistry.js';
import type { QuerySpec } from '../client/querySpec.js';
import { fromWire, type TabMessage, type WireChange } from './messages.js';

export class TabFollower implements RemoteConnector {
  /** The queries this tab gets from the leader, by key. */
  private readonly followed = new Map<string, QuerySpec>();

  constructor(
    private readonly tab: string,
    private readonly post: (message: TabMessage) => void,
    private readonly store: CacheStore,
  ) {}

  connect(spec: QuerySpec): () => void {
    this.followed.set(spec.key, spec);
    this.post({ type: 'need', tab: this.tab, spec });
    return () => {
      this.followed.delete(spec.key);
      this.post({ type: 'release', tab: this.tab, key: spec.key });
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
      default:
        return;
    }
  }

  /** This tab is going away: the leader drops what it held for it. */
  bye(): void {
    this.post({ type: 'bye', tab: this.tab });
  }

  private apply(key: string, wire: WireChange): void {
    const change = fromWire(wire);
    if (change.type === 'ops') this.store.apply(key, change.ops);
    else if (change.type === 'transport') this.store.setTransport(key, change.transport);
    else this.store.fail(key, change.error);
  }
}
