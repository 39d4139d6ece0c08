import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../resources/resourceType.js';
import { ListSelector } from './selectors.js';
import { memberRef, shardOf, type CacheState, type QueryState } from './state.js';

const pod = (namespace: string, name: string): KubeObject => ({ metadata: { namespace, name, resourceVersion: '1' } });

/** A cache state holding the given objects in one bucket, all members of query 'q'. */
function stateWith(objects: KubeObject[], revision = 1, listed = true): CacheState {
  const bucket: CacheState['buckets'][string] = {};
  const members: { [shard: number]: { [ref: string]: true } } = {};
  for (const object of objects) {
    const namespace = object.metadata?.namespace ?? '';
    const name = object.metadata!.name!;
    const shard = shardOf(name);
    ((bucket[namespace] ??= {})[shard] ??= {})[name] = object;
    (members[shard] ??= {})[memberRef(namespace, name)] = true;
  }
  const query: QueryState = { bucket: 'b', members, listed, revision, status: { phase: 'ready', transport: 'stream', reconnects: 0 } };
  return { buckets: { b: bucket }, queries: { q: query } };
}

describe('ListSelector', () => {
  it('is undefined before the first listing and for an unknown query', () => {
    const selector = new ListSelector();
    expect(selector.list(stateWith([pod('a', 'x')], 0, false), 'q')).toBeUndefined();
    expect(selector.list(stateWith([]), 'nope')).toBeUndefined();
    expect(selector.one(stateWith([], 0, false), 'q')).toBeUndefined();
  });

  it('lists members sorted by namespace, then name, as a frozen array of the stored objects', () => {
    const objects = [pod('ns2', 'a'), pod('ns1', 'b'), pod('', 'node'), pod('ns1', 'a')];
    const list = new ListSelector().list(stateWith(objects), 'q')!;
    expect(list.map((o) => `${o.metadata?.namespace}/${o.metadata?.name}`)).toEqual(['/node', 'ns1/a', 'ns1/b', 'ns2/a']);
    expect(list[1]).toBe(objects[3]);
    expect(Object.isFrozen(list)).toBe(true);
  });

  it('returns the same array until the revision moves', () => {
    const selector = new ListSelector();
    const state = stateWith([pod('ns', 'a')], 3);
    const first = selector.list(state, 'q');
    expect(selector.list(stateWith([pod('ns', 'a'), pod('ns', 'b')], 3), 'q')).toBe(first);
    const next = selector.list(stateWith([pod('ns', 'a'), pod('ns', 'b')], 4), 'q');
    expect(next).not.toBe(first);
    expect(next).toHaveLength(2);
  });

  it('rebuilds after forget', () => {
    const selector = new ListSelector();
    const first = selector.list(stateWith([pod('ns', 'a')], 1), 'q');
    selector.forget('q');
    expect(selector.list(stateWith([pod('ns', 'b')], 1), 'q')).not.toBe(first);
  });

  it('gives the first member, or null when there is none', () => {
    const selector = new ListSelector();
    const only = pod('ns', 'asm-cal3');
    expect(selector.one(stateWith([only]), 'q')).toBe(only);
    expect(new ListSelector().one(stateWith([]), 'q')).toBeNull();
  });
});
