import { describe, expect, it } from 'vitest';
import { CacheStore } from '../cache/store.js';
import type { QuerySpec } from '../client/querySpec.js';
import { isKubeApiError, KubeApiError } from '../errors/KubeApiError.js';
import { Pods } from '../resources/builtins.js';
import type { KubeObject } from '../resources/resourceType.js';
import type { TabMessage } from './messages.js';
import { TabFollower } from './tabFollower.js';
import { TabLeader } from './tabLeader.js';
import { addEdit, removeEdit } from '../cache/writeThrough.js';

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

/**
 * A leader and follower tabs joined by an in-memory channel that, like
 * BroadcastChannel, clones and never echoes to the sender. `deliver()` runs
 * the leader's flushes (its patches go out per flush) and the messages.
 */
function browser(followerCount: number) {
  const flushes: (() => void)[] = [];
  const leaderStore = new CacheStore((flush) => void flushes.push(flush));
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
    while (flushes.length > 0 || queue.length > 0) {
      for (let flush = flushes.shift(); flush; flush = flushes.shift()) flush();
      for (let next = queue.shift(); next; next = queue.shift()) {
        for (const [index, tab] of tabs.entries()) if (index !== next.from) tab.receive(structuredClone(next.message));
      }
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
  it("gives a follower the leader's data at once, then its patches per flush, so that both caches hold the same", () => {
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
    late.leaderStore.apply(spec.key, [{ type: 'delete', object: pod('x', '3') }, { type: 'upsert', object: pod('y', '4') }]);
    late.deliver();
    expect(names(late.followers[0]!.store)).toEqual(['y@4']);
    // Objects travel as immer patches, once per flush; status and versions as ops.
    const patches = late.sent.filter((message) => message.type === 'patches');
    expect(patches).toEqual([
      { type: 'patches', key: spec.key, patches: [{ op: 'remove', path: ['a/x'] }, { op: 'replace', path: ['a/y'], value: pod('y', '4') }], resourceVersion: '2' },
    ]);
    expect(late.sent.filter((message) => message.type === 'change').flatMap((message) => (message.type === 'change' && message.change.type === 'ops' ? message.change.ops : []))).toEqual([]);
  });

  it("holds the version of the objects it holds: what the leader applied but had not flushed is read again by the next leader", () => {
    const { leaderStore, followers, deliver, sent } = browser(1);
    leaderStore.addQuery(spec.key, spec.bucket, 'stream');
    leaderStore.apply(spec.key, [{ type: 'replace', objects: [pod('x', '1')], resourceVersion: '1' }]);
    followers[0]!.follower.connect(spec);
    deliver();
    // The leader applies a batch, and its tab closes before its next flush: status travels, objects and version do not.
    leaderStore.apply(spec.key, [{ type: 'upsert', object: pod('y', '5') }, { type: 'resourceVersion', resourceVersion: '5' }, { type: 'status', phase: 'ready' }]);
    const follower = followers[0]!.store;
    expect(sent.filter((message) => message.type === 'change').length).toBe(1);
    expect(follower.query(spec.key)?.resourceVersion).toBe('1');
    expect(names(follower)).toEqual(['x@1']);
    // At the flush, the objects and their version arrive together.
    deliver();
    expect(follower.query(spec.key)?.resourceVersion).toBe('5');
    expect(names(follower)).toEqual(['x@1', 'y@5']);
  });

  it("mirrors the leader's shown objects, its pending edits and their rollback included", () => {
    const { leaderStore, followers, deliver } = browser(1);
    leaderStore.addQuery(spec.key, spec.bucket, 'stream');
    leaderStore.apply(spec.key, [{ type: 'replace', objects: [pod('x', '1')], resourceVersion: '1' }]);
    followers[0]!.follower.connect(spec);
    deliver();
    const edit = { recipe: (draft: KubeObject) => void (draft.metadata!.labels = { edited: 'yes' }) };
    addEdit(leaderStore, spec.bucket, 'a x', edit);
    deliver();
    expect(followers[0]!.store.selectList<KubeObject>(spec.key)![0]!.metadata!.labels).toEqual({ edited: 'yes' });
    removeEdit(leaderStore, spec.bucket, 'a x', edit);
    deliver();
    expect(followers[0]!.store.selectList<KubeObject>(spec.key)![0]!.metadata!.labels).toBeUndefined();
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

  it('keeps a leader serving two followers flat over a virtual hour of churn', () => {
    const { leaderStore, followers, deliver } = browser(2);
    leaderStore.addQuery(spec.key, spec.bucket, 'stream');
    leaderStore.apply(spec.key, [{ type: 'replace', objects: Array.from({ length: 100 }, (_, i) => pod(`p${i}`, '1')), resourceVersion: '1' }]);
    for (const { follower } of followers) follower.connect(spec);
    deliver();
    let version = 2;
    const sizes: number[] = [];
    // An hour at 10 events a second, flushed every second: pods replaced by pods of new names, others changing.
    for (let second = 0; second < 3_600; second++) {
      for (let i = 0; i < 10; i++) {
        const victim = (second * 10 + i) % 100;
        leaderStore.apply(spec.key, [
          { type: 'delete', object: pod(`p${victim}`, String(version++)) },
          { type: 'upsert', object: pod(`p${victim}`, String(version++)) },
        ]);
      }
      deliver();
      if (second % 600 === 599) sizes.push(leaderStore.size.objects + leaderStore.size.unread + followers.reduce((sum, f) => sum + f.store.size.objects + f.store.size.unread, 0));
    }
    // The same every ten minutes: objects and unread changes stay at what 100 pods need in 3 caches.
    expect(new Set(sizes).size).toBe(1);
    expect(sizes[0]).toBeLessThanOrEqual(3 * 2 * 100);
    for (const { store } of followers) expect(store.selectList(spec.key)).toEqual(leaderStore.selectList(spec.key));
  });
});
