import { Immer } from 'immer';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../resources/resourceType.js';
import type { CacheOp } from '../watch/events.js';
import { applyOps } from './applyOps.js';
import { emptyCache, type CacheState } from './state.js';

const immer = new Immer({ autoFreeze: true });
const pod = (name: string, resourceVersion: string): KubeObject => ({ metadata: { name, namespace: 'ns', resourceVersion } });

function withQueries(...keys: string[]): CacheState {
  return immer.produce(emptyCache, (draft) => {
    for (const key of keys) draft.queries[key] = { bucket: 'b', members: {}, listed: false, revision: 0, status: { phase: 'loading', transport: 'stream', reconnects: 0 } };
  });
}

/** One produce, as the store does it; returns the next state and the touched keys. */
function run(state: CacheState, queryKey: string, ops: CacheOp[]) {
  const touched = new Set<string>();
  const siblings = Object.keys(state.queries).filter((key) => key !== queryKey);
  const changed: string[] = [];
  const memberChanged = (key: string, ref: string) => changed.push(`${key}:${ref}`);
  const next = immer.produce(state, (draft) => applyOps({ draft, base: state, queryKey, siblings, touched, memberChanged }, ops));
  return { next, touched, changed };
}

describe('applyOps', () => {
  it('bumps the revision once per batch however many members changed', () => {
    const { next, touched, changed } = run(withQueries('q'), 'q', [{ type: 'replace', objects: [], resourceVersion: '1' }, { type: 'upsert', object: pod('a', '2') }, { type: 'upsert', object: pod('b', '3') }]);
    expect(next.queries['q']?.revision).toBe(1);
    expect([...touched]).toEqual(['q']);
    expect(new Set(changed)).toEqual(new Set(['q:ns/a', 'q:ns/b']));
  });

  it('leaves the state untouched for a batch that changes nothing', () => {
    const listed = run(withQueries('q'), 'q', [{ type: 'replace', objects: [pod('a', '1')], resourceVersion: '1' }]).next;
    const { next, touched } = run(listed, 'q', [{ type: 'upsert', object: pod('a', '1') }, { type: 'upsert', object: pod('a', '0') }, { type: 'delete', object: pod('zz', '1') }]);
    expect(next).toBe(listed);
    expect(touched.size).toBe(0);
  });

  it('touches a sibling that holds a changed object, and bumps its revision', () => {
    let state = run(withQueries('a', 'b'), 'a', [{ type: 'replace', objects: [pod('x', '1')], resourceVersion: '1' }]).next;
    state = run(state, 'b', [{ type: 'replace', objects: [pod('x', '1')], resourceVersion: '1' }]).next;
    const revision = state.queries['a']!.revision;
    const { next, touched } = run(state, 'b', [{ type: 'upsert', object: pod('x', '2') }]);
    expect([...touched].toSorted()).toEqual(['a', 'b']);
    expect(next.queries['a']!.revision).toBe(revision + 1);
  });

  it('does not touch a sibling for an older version it ignores', () => {
    let state = run(withQueries('a', 'b'), 'a', [{ type: 'replace', objects: [pod('x', '5')], resourceVersion: '5' }]).next;
    state = run(state, 'b', [{ type: 'replace', objects: [pod('x', '5')], resourceVersion: '5' }]).next;
    const { touched } = run(state, 'b', [{ type: 'upsert', object: pod('x', '4') }]);
    expect(touched.size).toBe(0);
  });

  it('skips objects without a name', () => {
    const { next } = run(withQueries('q'), 'q', [{ type: 'replace', objects: [{ metadata: { namespace: 'ns' } }], resourceVersion: '1' }]);
    expect(next.buckets).toEqual({});
    expect(next.queries['q']?.members).toEqual({});
  });

  it('stores cluster-scoped objects under the empty namespace', () => {
    const node: KubeObject = { metadata: { name: 'node-1', resourceVersion: '3' } };
    const { next } = run(withQueries('q'), 'q', [{ type: 'replace', objects: [node], resourceVersion: '3' }]);
    expect(Object.values(next.buckets['b']?.[''] ?? {}).map((shard) => shard['node-1'])).toEqual([node]);
    const removed = run(next, 'q', [{ type: 'delete', object: node }]).next;
    expect(Object.values(removed.buckets['b']?.[''] ?? {}).flatMap((shard) => Object.keys(shard))).toEqual([]);
  });
});
