/**
 * One set of watches per browser instead of one per tab (`shareAcrossTabs`).
 * The tabs of a console on one origin elect a leader with Web Locks; the
 * leader holds the connections and forwards, over a BroadcastChannel, the
 * changes of the queries that the other tabs need. When the leader's tab
 * closes, the next tab in the lock's queue takes over: its queries watch on
 * from the versions its cache holds (nothing lost, nothing repeated) and the
 * remaining tabs ask it for their queries again.
 *
 * Without a document, BroadcastChannel or navigator.locks (Node, an insecure
 * context) it does nothing: every client keeps its own connections.
 */
import type { CacheStore } from '../cache/store.js';
import type { QueryRegistry } from '../client/queryRegistry.js';
import { electLeader } from './leaderElection.js';
import type { TabMessage } from './messages.js';
import { TabFollower } from './tabFollower.js';
import { TabLeader } from './tabLeader.js';

export function canShareAcrossTabs(): boolean {
  return typeof document !== 'undefined' && typeof BroadcastChannel !== 'undefined' && typeof navigator !== 'undefined' && navigator.locks !== undefined;
}

/** Starts sharing `registry`'s connections with the other tabs that use `name`; the function returned stops. */
export function shareAcrossTabs(name: string, registry: QueryRegistry, store: CacheStore): () => void {
  if (!canShareAcrossTabs()) return () => undefined;
  const channel = new BroadcastChannel(name);
  // BroadcastChannel.postMessage takes no target origin: a channel never leaves its origin.
  // oxlint-disable-next-line unicorn/require-post-message-target-origin
  const post = (message: TabMessage) => channel.postMessage(message);
  const follower = new TabFollower(crypto.randomUUID(), post, store);
  let leader: TabLeader | undefined;
  // Until the election answers, queries wait for a leader; the first tab gets the lock at once.
  registry.setRemote(follower);
  channel.addEventListener('message', (event: MessageEvent<TabMessage>) => (leader ?? follower).receive(event.data));
  const resign = electLeader(navigator.locks, name, () => {
    registry.setRemote(undefined);
    leader = new TabLeader(post, registry, store);
    post({ type: 'leader' });
  });
  const leave = () => {
    if (!leader) follower.bye();
  };
  addEventListener('pagehide', leave);
  return () => {
    removeEventListener('pagehide', leave);
    leave();
    resign();
    leader?.dispose();
    channel.close();
  };
}
