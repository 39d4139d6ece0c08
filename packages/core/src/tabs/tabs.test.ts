import { describe, expect, it } from 'vitest';
import { CacheStore } from '../cache/store.js';
import type { QuerySpec } from '../client/querySpec.js';
import { isKubeApiError, KubeApiError } from '../errors/KubeApiError.js';
import { Pods } from '../resources/builtins.js';
import type { KubeObject } from '../resources/resourceType.js';
import type { TabMessage } from './messages.js';
import { TabFollower } from './tabFollower.js';
import { TabLeader } from './tabLeader.js';

const spec: QuerySpec = {
  key: 'pods-in-a',
  bucket: '|v1/pods',
  cluster: undefined,
  resource: Pods,
  namespace: 'a',
  collectionPath: '/api/v1/namespaces/a/pods',
  labelSelector: undefined,
  fieldSelector: undefined,
  downgradePolling: false,
  pollInterval: 10_000,
};
const pod = (name: string, resourceVersion: string): KubeObject => ({ metadata: { name, namespace: 'a', resourceVersion } });
const names = (store: CacheStore) => store.selectList<KubeObject>(spec.key)?.map((p) => `${p.metadata?.name}@${p.metadata?.resourceVersion}`);

/** A leader and follower tabs joined by an in-memory channel that, like BroadcastChannel, clones and never echoes to the sender. */
function browser(followerCount: number) {
  const leaderStore = new CacheStore(() => undefined);
  const registryCalls: string[] = [];
  const registry = {
    acquire: (asked: QuerySpec) => {
      registryCalls.push(`acquire ${asked.key}`);
      leaderStore.addQuery(asked.key, asked.bucket, 'stream');
    },
    release: (key: string) => void registryCalls.push(`release ${key}`),
    serveOtherTabs: (key: string, serving: boolean) => void registryCalls.push(`${serving ? 'serve' : 'unserve'} ${key}`),
  };
  const tabs: Array<{ receive(message: TabMessage): void }> = [];
  const queue: Array<{ from: number; message: TabMessage }> = [];
  const deliver = () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      for (const [index, tab] of tabs.entries()) if (index !== next.from) tab.receive(structuredClone(next.message));
    }
  };
  const sent: TabMessage[] = [];
  const poster = (from: number) => (message: TabMessage) => {
    sent.push(message);
    queue.push({ from, message });
  };
  const leader = new TabLeader(poster(0), registry, leaderStore);
  tabs.push(leader);
  const followers = Array.from({ length: followerCount }, (_, i) => {
    const store = new CacheStore(() => undefined);
    store.addQuery(spec.key, spec.bucket, 'stream');
    const follower = new TabFollower(`tab-${i + 1}`, poster(i + 1), store);
    tabs.push(follower);
    return { follower, store };
  });
  return { leaderStore, registryCalls, followers, deliver, sent, announce: () => queue.push({ from: 0, message: { type: 'leader' } }) };
}

describe('tabs sharing one set of watches', () => {
  it("gives a follower the leader's data at once, then every batch, so that both caches hold the same", () => {
    const { leaderStore, followers, deliver } = browser(1);
    const [{ follower, store }] = followers as [(typeof followers)[0]];
    follower.connect(spec);
    deliver();
    leaderStore.apply(spec.key, [{ type: 'replace', objects: [pod('x', '1')], resourceVersion: '1' }, { type: 'status', phase: 'ready' }]);
    leaderStore.apply(spec.key, [{ type: 'upsert', object: pod('y', '2') }, { type: 'resourceVersion', resourceVersion: '2' }]);
    deliver();
    expect(names(store)).toEqual(['x@1', 'y@2']);
    expect(store.query(spec.key)).toMatchObject({ resourceVersion: '2', status: { phase: 'ready', transport: 'stream' } });

    // A follower that comes later starts from a snapshot of the same state.
    const late = browser(1);
    late.leaderStore.addQuery(spec.key, spec.bucket, 'stream');
    late.leaderStore.apply(spec.key, [{ type: 'replace', objects: [pod('x', '1'), pod('y', '2')], resourceVersion: '2' }, { type: 'status', phase: 'ready' }]);
    late.followers[0]!.follower.connect(spec);
    late.deliver();
    expect(names(late.followers[0]!.store)).toEqual(['x@1', 'y@2']);
    expect(late.followers[0]!.store.query(spec.key)).toMatchObject({ resourceVersion: '2', status: { phase: 'ready' } });
  });

  it('counts one subscriber per tab, releases with the last tab, and releases everything of a tab that says goodbye', () => {
    const { registryCalls, followers, deliver, leaderStore } = browser(2);
    const first = followers[0]!.follower.connect(spec);
    followers[1]!.follower.connect(spec);
    deliver();
    expect(registryCalls).toEqual([`acquire ${spec.key}`, `serve ${spec.key}`, `acquire ${spec.key}`]);
    first.stop();
    followers[1]!.follower.bye();
    deliver();
    expect(registryCalls).toEqual([`acquire ${spec.key}`, `serve ${spec.key}`, `acquire ${spec.key}`, `release ${spec.key}`, `unserve ${spec.key}`, `release ${spec.key}`]);
    // No follower needs it any more: the leader's batches are no longer forwarded.
    leaderStore.apply(spec.key, [{ type: 'replace', objects: [pod('x', '1')], resourceVersion: '1' }]);
    deliver();
    expect(followers[1]!.store.selectList(spec.key)).toBeUndefined();
  });

  it('sends a failure across as a KubeApiError with its Status', () => {
    const { leaderStore, followers, deliver } = browser(1);
    followers[0]!.follower.connect(spec);
    deliver();
    leaderStore.fail(spec.key, new KubeApiError({ kind: 'Status', code: 403, reason: 'Forbidden', message: 'pods is forbidden' }));
    deliver();
    const { error } = followers[0]!.store.query(spec.key)!.status;
    expect(isKubeApiError(error) && [error.status.code, error.status.reason]).toEqual([403, 'Forbidden']);
  });

  it('asks a new leader again for every query it follows', () => {
    const { registryCalls, followers, deliver, sent, announce } = browser(1);
    followers[0]!.follower.connect(spec);
    deliver();
    announce();
    deliver();
    expect(sent.filter((message) => message.type === 'need')).toHaveLength(2);
    expect(sent.filter((message) => message.type === 'snapshot')).toHaveLength(2);
    // The same tab asking again is still one subscriber.
    expect(registryCalls).toEqual([`acquire ${spec.key}`, `serve ${spec.key}`]);
  });
});
