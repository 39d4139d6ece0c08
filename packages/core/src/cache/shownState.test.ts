import { applyPatches, enablePatches } from 'immer';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../resources/resourceType.js';
import type { QueryPatch } from './queryPatch.js';
import { manualStore } from '../../test/manualStore.js';

enablePatches();

const BUCKET = '|v1/pods';
const pod = (name: string, resourceVersion: string, namespace = 'default'): KubeObject => ({ metadata: { name, namespace, resourceVersion } });


describe("a query's immer state and its patches", () => {
  it('hands patch subscribers the objects as add patches, then once per flush only what changed', () => {
    const { store, flush } = manualStore();
    store.addQuery('q', BUCKET, 'stream');
    store.apply('q', [{ type: 'replace', objects: [pod('a', '1'), pod('b', '1'), pod('x', '1', '')], resourceVersion: '10' }]);
    const received: (readonly QueryPatch[])[] = [];
    store.subscribePatches('q', (patches) => received.push(patches));
    expect(received).toEqual([
      [
        { op: 'add', path: ['x'], value: pod('x', '1', '') },
        { op: 'add', path: ['default/a'], value: pod('a', '1') },
        { op: 'add', path: ['default/b'], value: pod('b', '1') },
      ],
    ]);
    store.apply('q', [{ type: 'upsert', object: pod('a', '2') }]);
    store.apply('q', [{ type: 'upsert', object: pod('a', '3') }, { type: 'delete', object: pod('b', '3') }, { type: 'upsert', object: pod('c', '4') }]);
    flush();
    expect(received.slice(1)).toEqual([
      expect.arrayContaining([
        { op: 'replace', path: ['default/a'], value: pod('a', '3') },
        { op: 'remove', path: ['default/b'] },
        { op: 'add', path: ['default/c'], value: pod('c', '4') },
      ]),
    ]);
    expect(received[1]).toHaveLength(3);
  });

  it('gives every patch subscriber every patch', () => {
    const { store, flush } = manualStore();
    store.addQuery('q', BUCKET, 'stream');
    store.apply('q', [{ type: 'replace', objects: [pod('a', '1')], resourceVersion: '10' }]);
    const first: QueryPatch[] = [];
    const second: QueryPatch[] = [];
    store.subscribePatches('q', (patches) => first.push(...patches));
    store.subscribePatches('q', (patches) => second.push(...patches));
    store.apply('q', [{ type: 'upsert', object: pod('b', '2') }]);
    flush();
    expect(second).toEqual(first);
    expect(first.map((patch) => patch.path[0])).toEqual(['default/a', 'default/b']);
  });

  it("gives, applied with immer's applyPatches, the query's list after every flush", () => {
    const { store, flush } = manualStore();
    store.addQuery('q', BUCKET, 'stream');
    store.apply('q', [{ type: 'replace', objects: [pod('a', '1')], resourceVersion: '10' }]);
    let record: Record<string, KubeObject> = {};
    store.subscribePatches('q', (patches) => (record = applyPatches(record, patches as never)));
    for (let version = 2; version < 40; version++) {
      const name = String.fromCharCode(97 + (version % 7));
      store.apply('q', [version % 3 === 0 ? { type: 'delete', object: pod(name, String(version)) } : { type: 'upsert', object: pod(name, String(version)) }]);
      if (version % 4 === 0) flush();
      const list = store.selectList<KubeObject>('q')!;
      flush();
      expect(Object.values(record).toSorted((x, y) => (x.metadata!.name! < y.metadata!.name! ? -1 : 1))).toEqual(list);
    }
  });

  it('reuses the slots of removed objects and compacts a list that shrank, showing the same list throughout', () => {
    const { store } = manualStore();
    store.addQuery('q', BUCKET, 'stream');
    const many = Array.from({ length: 3_000 }, (_, i) => pod(`p${String(i).padStart(4, '0')}`, '1'));
    store.apply('q', [{ type: 'replace', objects: many, resourceVersion: '1' }]);
    expect(store.selectList('q')).toHaveLength(3_000);
    store.apply('q', many.slice(10).map((object) => ({ type: 'delete' as const, object })));
    store.apply('q', [{ type: 'upsert', object: pod('late', '2') }]);
    expect(store.selectList<KubeObject>('q')!.map((object) => object.metadata!.name)).toEqual(['late', ...many.slice(0, 10).map((object) => object.metadata!.name)]);
    // The next flush finds 2,990 free slots for 11 objects and packs them first.
    store.apply('q', [{ type: 'upsert', object: pod('p0000', '3') }]);
    const list = store.selectList<KubeObject>('q')!;
    expect(list).toHaveLength(11);
    expect(list[1]!.metadata!.resourceVersion).toBe('3');
  });

  it('keeps the identity of every unchanged object from one list to the next', () => {
    const { store } = manualStore();
    store.addQuery('q', BUCKET, 'stream');
    store.apply('q', [{ type: 'replace', objects: [pod('a', '1'), pod('b', '1'), pod('c', '1')], resourceVersion: '10' }]);
    const first = store.selectList<KubeObject>('q')!;
    store.apply('q', [{ type: 'upsert', object: pod('b', '2') }, { type: 'upsert', object: pod('a', '1') }]);
    const second = store.selectList<KubeObject>('q')!;
    expect(second).not.toBe(first);
    expect(second[0]).toBe(first[0]);
    expect(second[2]).toBe(first[2]);
    expect(second[1]).not.toBe(first[1]);
  });

  it('keeps an unread query at O(its size) under endless churn of new names', () => {
    const { store } = manualStore();
    store.addQuery('q', BUCKET, 'stream');
    store.apply('q', [{ type: 'replace', objects: [pod('seed', '1')], resourceVersion: '1' }]);
    store.selectList('q');
    let version = 2;
    for (let i = 0; i < 20_000; i++) {
      // A pod is created and deleted: the query's size stays 1 or 2, the names never repeat.
      store.apply('q', [{ type: 'upsert', object: pod(`p${i}`, String(version++)) }]);
      store.apply('q', [{ type: 'delete', object: pod(`p${i}`, String(version++)) }]);
    }
    expect(store.size.unread).toBeLessThanOrEqual(2 + 1_025);
    expect(store.selectList<KubeObject>('q')!.map((object) => object.metadata!.name)).toEqual(['seed']);
  });
});
