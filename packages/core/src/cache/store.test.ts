import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../resources/resourceType.js';

/** A test object: the fields the store knows, plus a spec to tell versions apart. */
type TestObject = KubeObject & { spec?: unknown };
import type { CacheOp } from './cacheOp.js';
import { CacheStore } from './store.js';
import { manualStore } from '../../test/manualStore.js';

const BUCKET = 'calico3|v1/pods';

const pod = (name: string, resourceVersion: string, extra: Partial<TestObject> = {}, namespace = 'default'): TestObject => ({
  metadata: { name, namespace, resourceVersion },
  ...extra,
});
const replace = (resourceVersion: string, ...objects: KubeObject[]): CacheOp => ({ type: 'replace', objects, resourceVersion });
const upsert = (object: KubeObject): CacheOp => ({ type: 'upsert', object });
const remove = (object: KubeObject): CacheOp => ({ type: 'delete', object });
const names = (list: readonly KubeObject[] | undefined) => list?.map((object) => object.metadata?.name);


function storeWith(...queries: string[]) {
  const manual = manualStore();
  for (const key of queries) manual.store.addQuery(key, BUCKET, 'stream');
  return manual;
}

describe('CacheStore: members', () => {
  it('has no list before the first complete listing, then exactly the listed objects', () => {
    const { store } = storeWith('q');
    expect(store.selectList('q')).toBeUndefined();
    expect(store.selectOne('q')).toBeUndefined();
    store.apply('q', [replace('10', pod('b', '2'), pod('a', '1'))]);
    expect(names(store.selectList('q'))).toEqual(['a', 'b']);
    expect(store.query('q')).toMatchObject({ listed: true, resourceVersion: '10' });
  });

  it('gives an empty list (not undefined) for an empty listing, and null for a name query that found nothing', () => {
    const { store } = storeWith('q');
    store.apply('q', [replace('10')]);
    expect(store.selectList('q')).toEqual([]);
    expect(store.selectOne('q')).toBeNull();
  });

  it('sorts by namespace, then name', () => {
    const { store } = storeWith('q');
    store.apply('q', [replace('10', pod('b', '1', {}, 'ns1'), pod('a', '2', {}, 'ns2'), pod('a', '3', {}, 'ns1'), pod('c', '4', {}, 'ns0'))]);
    expect(store.selectList<KubeObject>('q')?.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`)).toEqual(['ns0/c', 'ns1/a', 'ns1/b', 'ns2/a']);
  });

  it('sorts a namespace before a longer one that starts with it, whatever the characters after it', () => {
    const { store } = storeWith('q');
    store.apply('q', [replace('10', pod('x', '1', {}, 'a-b'), pod('z', '2', {}, 'a'), pod('a', '3', {}, 'a.b'), pod('m', '4', {}, 'a0'))]);
    store.apply('q', [upsert(pod('y', '5', {}, 'a')), upsert(pod('b', '6', {}, 'a-b'))]);
    expect(store.selectList<KubeObject>('q')?.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`)).toEqual(['a/y', 'a/z', 'a-b/b', 'a-b/x', 'a.b/a', 'a0/m']);
  });

  it('upserts add and change members, deletes remove them', () => {
    const { store } = storeWith('q');
    store.apply('q', [replace('10', pod('a', '1'))]);
    store.apply('q', [upsert(pod('b', '11')), upsert(pod('a', '12', { spec: { x: 1 } }))]);
    expect(store.selectList('q')).toEqual([pod('a', '12', { spec: { x: 1 } }), pod('b', '11')]);
    store.apply('q', [remove(pod('a', '13'))]);
    expect(names(store.selectList('q'))).toEqual(['b']);
  });

  it('ignores a delete of an object it never had', () => {
    const { store } = storeWith('q');
    store.apply('q', [replace('10', pod('a', '1'))]);
    const before = store.selectList('q');
    store.apply('q', [remove(pod('zzz', '2'))]);
    expect(store.selectList('q')).toBe(before);
  });

  it('removes, on a relist, the members absent from the new list', () => {
    const { store } = storeWith('q');
    store.apply('q', [replace('10', pod('a', '1'), pod('b', '2'), pod('c', '3'))]);
    store.apply('q', [replace('20', pod('b', '2'), pod('d', '15'))]);
    expect(names(store.selectList('q'))).toEqual(['b', 'd']);
    expect(store.query('q')?.resourceVersion).toBe('20');
  });

  it('applies the ops of one batch in order', () => {
    const { store } = storeWith('q');
    store.apply('q', [replace('1'), upsert(pod('a', '2')), remove(pod('a', '3')), upsert(pod('a', '4'))]);
    expect(store.selectList('q')).toEqual([pod('a', '4')]);
  });

  it('advances the resourceVersion without touching the members', () => {
    const { store } = storeWith('q');
    store.apply('q', [replace('10', pod('a', '1'))]);
    const before = store.selectList('q');
    store.apply('q', [{ type: 'resourceVersion', resourceVersion: '25' }]);
    expect(store.query('q')?.resourceVersion).toBe('25');
    expect(store.selectList('q')).toBe(before);
  });

  it('ignores ops for a query it does not have', () => {
    const { store } = storeWith('q');
    store.apply('other', [upsert(pod('a', '1'))]);
    expect(store.size).toMatchObject({ queries: 1, objects: 0 });
    expect(store.query('other')).toBeUndefined();
  });
});

describe('CacheStore: identity', () => {
  it('keeps the identity of an object whose resourceVersion did not change', () => {
    const { store } = storeWith('q');
    store.apply('q', [replace('10', pod('a', '1'), pod('b', '2'))]);
    const [a1, b1] = store.selectList<KubeObject>('q')!;
    store.apply('q', [upsert(pod('b', '3'))]);
    const [a2, b2] = store.selectList<KubeObject>('q')!;
    expect(a2).toBe(a1);
    expect(b2).not.toBe(b1);
  });

  it('returns the same array when nothing in it changed, even after a relist with new copies', () => {
    const { store } = storeWith('q');
    store.apply('q', [replace('10', pod('a', '1'), pod('b', '2'))]);
    const before = store.selectList('q');
    store.apply('q', [upsert(pod('a', '1'))]);
    expect(store.selectList('q')).toBe(before);
    store.apply('q', [replace('30', pod('a', '1'), pod('b', '2'))]);
    expect(store.selectList('q')).toBe(before);
    store.apply('q', [{ type: 'status', phase: 'reconnecting' }, { type: 'status', phase: 'ready' }]);
    expect(store.selectList('q')).toBe(before);
  });

  it('freezes the lists and the objects in them', () => {
    const { store } = storeWith('q');
    const incoming = pod('a', '1', { spec: { containers: [{ name: 'c' }] } });
    store.apply('q', [replace('10', incoming)]);
    const list = store.selectList<TestObject>('q')!;
    expect(Object.isFrozen(list)).toBe(true);
    expect(Object.isFrozen(list[0])).toBe(true);
    expect(Object.isFrozen(list[0]!.metadata)).toBe(true);
    expect(Object.isFrozen((list[0]!.spec as { containers: object[] }).containers[0])).toBe(true);
    expect(Object.isFrozen(store.query('q')!.status)).toBe(true);
  });

  it('freezes lists and the sections of objects when deep freezing is off (production builds)', () => {
    const store = new CacheStore(() => undefined, { freezeObjects: false });
    store.addQuery('q', BUCKET, 'stream');
    const incoming = pod('a', '1', { spec: { containers: [{ name: 'c' }] } });
    store.apply('q', [replace('10', incoming)]);
    const list = store.selectList<TestObject>('q')!;
    expect(list[0]).toBe(incoming);
    expect(Object.isFrozen(list)).toBe(true);
    expect(Object.isFrozen(incoming)).toBe(true);
    expect(Object.isFrozen(incoming.metadata)).toBe(true);
    expect(Object.isFrozen(incoming.spec)).toBe(true);
    expect(Object.isFrozen((incoming.spec as { containers: object[] }).containers[0])).toBe(false);
  });
});

describe('CacheStore: two queries on the same objects', () => {
  it('never replaces a newer resourceVersion with an older one', () => {
    const { store } = storeWith('all', 'one');
    store.apply('all', [replace('10', pod('a', '20', { spec: { v: 'new' } }))]);
    store.apply('one', [replace('5', pod('a', '15', { spec: { v: 'old' } }))]);
    expect(store.selectOne<TestObject>('one')?.spec).toEqual({ v: 'new' });
    store.apply('one', [upsert(pod('a', '18', { spec: { v: 'older' } }))]);
    expect(store.selectOne<TestObject>('one')?.spec).toEqual({ v: 'new' });
    expect(store.selectOne('one')).toBe(store.selectList('all')![0]);
  });

  it('compares versions beyond 2^53 and of different lengths as numbers', () => {
    const { store } = storeWith('all', 'one');
    store.apply('all', [replace('1', pod('a', '9007199254740993', { spec: { v: 'newer' } }))]);
    store.apply('one', [replace('1'), upsert(pod('a', '9007199254740992', { spec: { v: 'older' } }))]);
    expect(store.selectOne<TestObject>('one')?.spec).toEqual({ v: 'newer' });
    store.apply('one', [upsert(pod('a', '10000000000000000', { spec: { v: 'longer' } }))]);
    expect(store.selectOne<TestObject>('all')?.spec).toEqual({ v: 'longer' });
  });

  it('lets the later event win for versions that are not decimal', () => {
    const { store } = storeWith('all', 'one');
    store.apply('all', [replace('x', pod('a', 'b7', { spec: { v: 1 } }))]);
    store.apply('one', [upsert(pod('a', 'a9', { spec: { v: 2 } }))]);
    expect(store.selectOne<TestObject>('all')?.spec).toEqual({ v: 2 });
  });

  it('shows a change fed by one query in the other query, with a new array', () => {
    const { store } = storeWith('all', 'one');
    store.apply('all', [replace('10', pod('a', '1'), pod('b', '2'))]);
    store.apply('one', [replace('10', pod('a', '1'))]);
    const allBefore = store.selectList('all');
    store.apply('one', [upsert(pod('a', '11', { spec: { v: 2 } }))]);
    const allAfter = store.selectList<TestObject>('all')!;
    expect(allAfter).not.toBe(allBefore);
    expect(allAfter[0]?.spec).toEqual({ v: 2 });
    expect(allAfter[1]).toBe(allBefore![1]);
  });

  it('keeps an object while another query holds it and drops it with the last one', () => {
    const { store } = storeWith('all', 'one');
    store.apply('all', [replace('10', pod('a', '1'), pod('b', '2'))]);
    store.apply('one', [replace('10', pod('a', '1'))]);
    store.removeQuery('one');
    expect(names(store.selectList('all'))).toEqual(['a', 'b']);
    expect(store.size).toMatchObject({ objects: 2, buckets: 1 });
    store.removeQuery('all');
    expect(store.size).toEqual({ queries: 0, readers: 0, listeners: 0, buckets: 0, objects: 0, unread: 0 });
  });

  it('keeps an object another query holds when one query deletes it', () => {
    const { store } = storeWith('all', 'one');
    store.apply('all', [replace('10', pod('a', '1'))]);
    store.apply('one', [replace('10', pod('a', '1'))]);
    store.apply('one', [remove(pod('a', '2'))]);
    expect(store.selectOne('one')).toBeNull();
    expect(names(store.selectList('all'))).toEqual(['a']);
  });

  it('drops the objects of a removed query that no other query holds', () => {
    const { store } = storeWith('all', 'one');
    store.apply('all', [replace('10', pod('a', '1'))]);
    store.apply('one', [replace('10', pod('z', '1'))]);
    store.removeQuery('one');
    expect(store.size.objects).toBe(1);
    expect(names(store.selectList('all'))).toEqual(['a']);
  });

  it('drops, on a relist, a member absent from the new list unless another query holds it', () => {
    const { store } = storeWith('all', 'one');
    store.apply('all', [replace('10', pod('a', '1'), pod('b', '2'))]);
    store.apply('one', [replace('10', pod('a', '1'))]);
    store.apply('all', [replace('20', pod('b', '2'))]);
    expect(names(store.selectList('all'))).toEqual(['b']);
    expect(names(store.selectList('one'))).toEqual(['a']);
  });

  it('starts a re-added query empty', () => {
    const { store } = storeWith('q');
    store.apply('q', [replace('10', pod('a', '1'))]);
    store.selectList('q');
    store.removeQuery('q');
    store.addQuery('q', BUCKET, 'stream');
    expect(store.selectList('q')).toBeUndefined();
    store.apply('q', [replace('11', pod('b', '2'))]);
    expect(names(store.selectList('q'))).toEqual(['b']);
  });
});

describe('CacheStore: notifications', () => {
  it('notifies a listener once per flush however many batches touched its key', () => {
    const { store, queued, flush } = storeWith('q');
    let calls = 0;
    store.subscribe('q', () => (calls += 1));
    store.apply('q', [replace('10', pod('a', '1'))]);
    store.apply('q', [upsert(pod('b', '2'))]);
    store.apply('q', [upsert(pod('c', '3'))]);
    expect(calls).toBe(0);
    expect(queued).toHaveLength(1);
    flush();
    expect(calls).toBe(1);
    expect(names(store.selectList('q'))).toEqual(['a', 'b', 'c']);
  });

  it('notifies only the queries a batch touched', () => {
    const { store, flush } = storeWith('a', 'b');
    const calls: string[] = [];
    store.subscribe('a', () => calls.push('a'));
    store.subscribe('b', () => calls.push('b'));
    store.apply('a', [replace('10', pod('x', '1'))]);
    flush();
    expect(calls).toEqual(['a']);
  });

  it('does not notify for a batch that changed nothing', () => {
    const { store, queued, flush } = storeWith('q');
    store.apply('q', [replace('10', pod('a', '1'))]);
    flush();
    let calls = 0;
    store.subscribe('q', () => (calls += 1));
    store.apply('q', [upsert(pod('a', '1')), { type: 'resourceVersion', resourceVersion: '12' }]);
    expect(queued).toHaveLength(0);
    flush();
    expect(calls).toBe(0);
  });

  it('notifies a query whose member another query changed', () => {
    const { store, flush } = storeWith('all', 'one');
    store.apply('all', [replace('10', pod('a', '1'))]);
    store.apply('one', [replace('10', pod('a', '1'))]);
    flush();
    const calls: string[] = [];
    store.subscribe('all', () => calls.push('all'));
    store.apply('one', [upsert(pod('a', '2'))]);
    flush();
    expect(calls).toEqual(['all']);
  });

  it('stops notifying after unsubscribe', () => {
    const { store, queued } = storeWith('q');
    const unsubscribe = store.subscribe('q', () => undefined);
    unsubscribe();
    store.apply('q', [replace('10', pod('a', '1'))]);
    expect(queued).toHaveLength(0);
    expect(store.size.listeners).toBe(0);
  });
});

describe('CacheStore: status', () => {
  it('goes from loading to ready', () => {
    const { store } = storeWith('q');
    expect(store.query('q')?.status).toMatchObject({ phase: 'loading', transport: 'stream', reconnects: 0 });
    store.apply('q', [replace('10'), { type: 'status', phase: 'ready' }]);
    expect(store.query('q')?.status).toMatchObject({ phase: 'ready', transport: 'stream', reconnects: 0 });
  });

  it('stays loading, without counting a reconnect, while the first list fails', () => {
    const { store } = storeWith('q');
    const error = new Error('503');
    store.apply('q', [{ type: 'status', phase: 'reconnecting', error }]);
    expect(store.query('q')?.status).toMatchObject({ phase: 'loading', transport: 'stream', reconnects: 0, error });
  });

  it('counts a reconnect when a ready query loses its stream, once per loss', () => {
    const { store } = storeWith('q');
    store.apply('q', [replace('10'), { type: 'status', phase: 'ready' }]);
    store.apply('q', [{ type: 'status', phase: 'reconnecting' }]);
    store.apply('q', [{ type: 'status', phase: 'reconnecting' }]);
    expect(store.query('q')?.status).toMatchObject({ phase: 'reconnecting', reconnects: 1 });
    store.apply('q', [{ type: 'status', phase: 'ready' }]);
    expect(store.query('q')?.status).toMatchObject({ phase: 'ready', transport: 'stream', reconnects: 1 });
    store.apply('q', [{ type: 'status', phase: 'reconnecting' }]);
    expect(store.query('q')?.status.reconnects).toBe(2);
  });

  it('shows polling for a poll query', () => {
    const { store } = manualStore();
    store.addQuery('p', BUCKET, 'poll');
    store.apply('p', [replace('10'), { type: 'status', phase: 'ready' }]);
    expect(store.query('p')?.status).toMatchObject({ phase: 'polling', transport: 'poll', reconnects: 0 });
    store.apply('p', [{ type: 'status', phase: 'reconnecting' }]);
    expect(store.query('p')?.status).toMatchObject({ phase: 'reconnecting', reconnects: 1 });
  });

  it('sets error with fail and notifies', () => {
    const { store, flush } = storeWith('q');
    store.apply('q', [replace('10'), { type: 'status', phase: 'ready' }]);
    flush();
    let calls = 0;
    store.subscribe('q', () => (calls += 1));
    const error = Object.assign(new Error('forbidden'), { code: 403 });
    store.fail('q', error as never);
    flush();
    expect(store.query('q')?.status).toMatchObject({ phase: 'error', transport: 'stream', reconnects: 0, error });
    expect(calls).toBe(1);
  });

  it('notifies a status change, but not a repeated status', () => {
    const { store, queued, flush } = storeWith('q');
    store.apply('q', [replace('10'), { type: 'status', phase: 'ready' }]);
    flush();
    let calls = 0;
    store.subscribe('q', () => (calls += 1));
    store.apply('q', [{ type: 'status', phase: 'ready' }]);
    expect(queued).toHaveLength(0);
    store.apply('q', [{ type: 'status', phase: 'reconnecting' }]);
    flush();
    expect(calls).toBe(1);
  });
});
