/**
 * One set of watches per browser instead of one per tab (the `shareAcrossTabs()` add-on).
 * The tabs of a console on one origin elect a leader with Web Locks; the
 * leader holds the connections and forwards, over a BroadcastChannel, the
 * changes of the queries that the other tabs need. When the leader's tab
 * closes, the next tab in the lock's queue takes over: its queries watch on
 * from the versions its cache holds (nothing lost, nothing repeated) and the
 * remaining tabs ask it for their queries again.
 *
 * The console's downgrade switch is the browser's too (a proxy that breaks
 * streams breaks them for every tab): `setDowngradeWatch` in any tab reaches
 * every other, and the leader's queries follow it.
 *
 * Without a document, BroadcastChannel or navigator.locks (Node, an insecure
 * context) it does nothing: every client keeps its own connections.
 */
import type { AddOnHost } from '../client/addOnHost.js';
import type { ClientAddOn } from '../client/environment.js';
import { electLeader } from './leaderElection.js';
import type { TabMessage } from './messages.js';
import { TabFollower } from './tabFollower.js';
import { TabLeader } from './tabLeader.js';

export function canShareAcrossTabs(): boolean {
  return typeof document !== 'undefined' && typeof BroadcastChannel !== 'undefined' && typeof navigator !== 'undefined' && navigator.locks !== undefined;
}

export interface ShareAcrossTabsOptions {
  /** Tabs that use the same name share; default one per baseUrl (`rxkube-tabs {baseUrl}`). */
  name?: string | undefined;
}

/**
 * The add-on: the tabs of this console (same origin and name) share one set
 * of connections. No effect where sharing cannot work (see canShareAcrossTabs).
 */
export function shareAcrossTabs(options: ShareAcrossTabsOptions = {}): ClientAddOn {
  return {
    attach: (host: AddOnHost) => (canShareAcrossTabs() ? share(options.name ?? `rxkube-tabs ${host.baseUrl}`, host) : () => undefined),
  };
}

/** Starts sharing the client's connections with the other tabs that use `name`; the function returned stops. */
function share(name: string, host: AddOnHost): () => void {
  const { queries } = host;
  const channel = new BroadcastChannel(name);
  // BroadcastChannel.postMessage takes no target origin: a channel never leaves its origin.
  // oxlint-disable-next-line unicorn/require-post-message-target-origin
  const post = (message: TabMessage) => channel.postMessage(message);
  const follower = new TabFollower(crypto.randomUUID(), post, queries.store);
  let leader: TabLeader | undefined;
  // Until the election answers, queries wait for a leader; the first tab gets the lock at once.
  queries.setRemote(follower);
  channel.addEventListener('message', (event: MessageEvent<TabMessage>) => {
    const message = event.data;
    // Another tab's switch: this tab's queries follow it (the leader's connections, for every tab).
    if (message.type === 'downgrade') return host.setEnvironment({ downgradeWatch: message.on });
    (leader ?? follower).receive(message);
  });
  const stopForwarding = host.onDowngradeSwitch((on) => post({ type: 'downgrade', on }));
  const resign = electLeader(navigator.locks, name, () => {
    queries.setRemote(undefined);
    leader = new TabLeader(post, queries, queries.store);
    post({ type: 'leader' });
  });
  const leave = () => {
    if (!leader) follower.bye();
  };
  addEventListener('pagehide', leave);
  return () => {
    removeEventListener('pagehide', leave);
    stopForwarding();
    leave();
    resign();
    leader?.dispose();
    channel.close();
  };
}
