import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../resources/resourceType.js';
import type { CacheOp } from './cacheOp.js';
import { CacheStore } from './store.js';

const sync = (flush: () => void) => flush();
const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const namespaces = ['x', 'y', 'z'];

const opArb = fc.record({
  kind: fc.constantFrom('upsert', 'upsert', 'delete', 'replace'),
  namespace: fc.constantFrom(...namespaces),
  name: fc.constantFrom(...names),
  subset: fc.subarray(names.flatMap((n) => namespaces.map((ns) => `${ns}/${n}`))),
});

describe('patched lists', () => {
  it('equal a list rebuilt from scratch after any sequence of batches, on both queries of a bucket', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.tuple(fc.constantFrom('all', 'x'), opArb), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 25 }), (batches) => {
        const history: [string, CacheOp[]][] = [
          ['all', [{ type: 'replace', objects: [], resourceVersion: '1' }]],
          ['x', [{ type: 'replace', objects: [], resourceVersion: '1' }]],
        ];
        /** A store fed with every batch so far, whose lists are built on their first read. */
        const replayed = () => {
          const fresh = new CacheStore(sync);
          fresh.addQuery('all', 'b', 'stream');
          fresh.addQuery('x', 'b', 'stream');
          for (const [query, ops] of history) fresh.apply(query, ops);
          return fresh;
        };
        const store = replayed();
        let version = 1;
        const object = (namespace: string, name: string): KubeObject => ({ metadata: { namespace, name, resourceVersion: String(++version) } });
        for (const batch of batches) {
          for (const [query, op] of batch) {
            const namespace = query === 'x' ? 'x' : op.namespace;
            const ops: CacheOp[] =
              op.kind === 'upsert' ? [{ type: 'upsert', object: object(namespace, op.name) }]
              : op.kind === 'delete' ? [{ type: 'delete', object: object(namespace, op.name) }]
              : [{ type: 'replace', objects: op.subset.filter((ref) => query !== 'x' || ref.startsWith('x/')).map((ref) => object(...(ref.split('/') as [string, string]))), resourceVersion: String(++version) }];
            store.apply(query, ops);
            history.push([query, ops]);
          }
          const fresh = replayed();
          for (const query of ['all', 'x']) {
            const patched = store.selectList<KubeObject>(query);
            const rebuilt = fresh.selectList<KubeObject>(query);
            expect(patched).toEqual(rebuilt);
            patched?.forEach((item, i) => expect(item.metadata?.resourceVersion).toBe(rebuilt![i]!.metadata?.resourceVersion));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every unchanged object and returns the same array when nothing visible changed', () => {
    const store = new CacheStore(sync);
    store.addQuery('q', 'b', 'stream');
    const pods = names.map((name, i) => ({ metadata: { namespace: 'x', name, resourceVersion: String(i + 1) } }));
    store.apply('q', [{ type: 'replace', objects: pods, resourceVersion: '10' }]);
    const first = store.selectList<KubeObject>('q')!;
    store.apply('q', [{ type: 'upsert', object: { metadata: { namespace: 'x', name: 'c', resourceVersion: '11' } } }]);
    const second = store.selectList<KubeObject>('q')!;
    expect(second).not.toBe(first);
    expect(second.filter((p, i) => p !== first[i]).map((p) => p.metadata?.name)).toEqual(['c']);
    store.apply('q', [{ type: 'upsert', object: { metadata: { namespace: 'x', name: 'new', resourceVersion: '12' } } }, { type: 'delete', object: { metadata: { namespace: 'x', name: 'new' } } }]);
    expect(store.selectList('q')).toBe(second);
  });
});
