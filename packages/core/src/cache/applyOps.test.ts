import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../resources/resourceType.js';
import type { CacheOp } from './cacheOp.js';
import { CacheStore } from './store.js';

const pod = (name: string, resourceVersion: string, namespace = 'ns'): KubeObject => ({ metadata: { name, namespace, resourceVersion } });
const BUCKET = 'b';

/** A store whose flushes run by hand, with a listener per query that counts its notifications. */
function storeWith(...keys: string[]) {
  const queued: (() => void)[] = [];
  const store = new CacheStore((flush) => queued.push(flush));
  const calls = new Map<string, number>();
  for (const key of keys) {
    store.addQuery(key, BUCKET, 'stream');
    store.subscribe(key, () => calls.set(key, (calls.get(key) ?? 0) + 1));
  }
  const notified = () => {
    calls.clear();
    while (queued.length > 0) queued.shift()!();
    return Object.fromEntries(calls);
  };
  notified();
  return { store, notified };
}

const revision = (store: CacheStore, key: string) => store.query(key)?.revision;

describe('applyOps', () => {
  it('bumps the revision once per batch however many members changed', () => {
    const { store } = storeWith('q');
    const ops: CacheOp[] = [{ type: 'replace', objects: [], resourceVersion: '1' }, { type: 'upsert', object: pod('a', '2') }, { type: 'upsert', object: pod('b', '3') }];
    store.apply('q', ops);
    expect(revision(store, 'q')).toBe(1);
  });

  it('leaves a query untouched for a batch that changes nothing', () => {
    const { store, notified } = storeWith('q');
    store.apply('q', [{ type: 'replace', objects: [pod('a', '1')], resourceVersion: '1' }]);
    notified();
    store.apply('q', [{ type: 'upsert', object: pod('a', '1') }, { type: 'delete', object: pod('nobody', '2') }]);
    expect(revision(store, 'q')).toBe(1);
    expect(notified()).toEqual({});
  });

  it('touches a sibling that holds a changed object, and bumps its revision', () => {
    const { store, notified } = storeWith('q', 'sibling', 'stranger');
    store.apply('q', [{ type: 'replace', objects: [pod('a', '1')], resourceVersion: '1' }]);
    store.apply('sibling', [{ type: 'replace', objects: [pod('a', '1')], resourceVersion: '1' }]);
    store.apply('stranger', [{ type: 'replace', objects: [pod('z', '1')], resourceVersion: '1' }]);
    notified();
    store.apply('q', [{ type: 'upsert', object: pod('a', '5') }]);
    expect(notified()).toEqual({ q: 1, sibling: 1 });
    expect(revision(store, 'sibling')).toBe(2);
    expect(store.selectList<KubeObject>('sibling')?.[0]?.metadata?.resourceVersion).toBe('5');
  });

  it('does not touch a sibling for an older version it ignores', () => {
    const { store, notified } = storeWith('q', 'sibling');
    store.apply('sibling', [{ type: 'replace', objects: [pod('a', '9')], resourceVersion: '9' }]);
    store.apply('q', [{ type: 'replace', objects: [], resourceVersion: '1' }]);
    notified();
    store.apply('q', [{ type: 'upsert', object: pod('a', '5') }]);
    expect(notified()).toEqual({ q: 1 });
    expect(store.selectList<KubeObject>('q')?.[0]?.metadata?.resourceVersion).toBe('9');
  });

  it('skips objects without a name', () => {
    const { store } = storeWith('q');
    store.apply('q', [{ type: 'replace', objects: [{ metadata: { namespace: 'ns' } }, pod('', '1')], resourceVersion: '1' }]);
    expect(store.selectList('q')).toEqual([]);
    expect(store.size.objects).toBe(0);
  });

  it('stores cluster-scoped objects under the empty namespace, before every namespaced one', () => {
    const { store } = storeWith('q');
    const node: KubeObject = { metadata: { name: 'node-1', resourceVersion: '1' } };
    store.apply('q', [{ type: 'replace', objects: [pod('a', '1', 'a'), node], resourceVersion: '1' }]);
    expect(store.selectList('q')).toEqual([node, pod('a', '1', 'a')]);
  });
});

describe('readers of a covering list query', () => {
  it('serve one object, notified only when that object changes', () => {
    const { store, notified } = storeWith('list');
    store.addReader('one', 'list', 'ns', 'b');
    let calls = 0;
    store.subscribe('one', () => calls++);
    expect(store.selectOne('one')).toBeUndefined();
    store.apply('list', [{ type: 'replace', objects: [pod('a', '1'), pod('b', '1')], resourceVersion: '1' }]);
    notified();
    expect(calls).toBe(1);
    const first = store.selectOne<KubeObject>('one');
    expect(first?.metadata?.resourceVersion).toBe('1');
    store.apply('list', [{ type: 'upsert', object: pod('a', '2') }, { type: 'upsert', object: pod('c', '3') }]);
    notified();
    expect(calls).toBe(1);
    store.apply('list', [{ type: 'upsert', object: pod('b', '4') }]);
    notified();
    expect(calls).toBe(2);
    store.apply('list', [{ type: 'delete', object: pod('b', '5') }]);
    notified();
    expect(calls).toBe(3);
    expect(store.selectOne('one')).toBeNull();
  });

  it('share the status of the covering query', () => {
    const { store, notified } = storeWith('list');
    store.addReader('one', 'list', 'ns', 'b');
    let calls = 0;
    store.subscribe('one', () => calls++);
    store.apply('list', [{ type: 'replace', objects: [], resourceVersion: '1' }, { type: 'status', phase: 'ready' }]);
    notified();
    expect(store.query('one')?.status.phase).toBe('ready');
    store.apply('list', [{ type: 'status', phase: 'reconnecting' }]);
    notified();
    expect(store.query('one')?.status.phase).toBe('reconnecting');
    expect(calls).toBe(2);
  });

  it('become queries of their own with the same object when adopted, and keep it after the covering query goes', () => {
    const { store } = storeWith('list');
    store.addReader('one', 'list', 'ns', 'b');
    store.apply('list', [{ type: 'replace', objects: [pod('a', '1'), pod('b', '1')], resourceVersion: '7' }, { type: 'status', phase: 'ready' }]);
    const shown = store.selectOne('one');
    store.adoptReader('one');
    store.removeQuery('list');
    expect(store.selectOne('one')).toBe(shown);
    expect(store.query('one')).toMatchObject({ listed: true, resourceVersion: '7', status: { phase: 'ready' } });
    expect(store.size).toMatchObject({ queries: 1, readers: 0, objects: 1 });
    store.apply('one', [{ type: 'replace', objects: [pod('b', '1')], resourceVersion: '8' }]);
    expect(store.selectOne('one')).toBe(shown);
  });

  it('leave nothing behind when removed', () => {
    const { store } = storeWith('list');
    store.addReader('one', 'list', 'ns', 'b');
    store.removeReader('one');
    store.removeQuery('list');
    expect(store.size).toEqual({ queries: 0, readers: 0, listeners: 1, buckets: 0, objects: 0, unread: 0 });
  });
});
