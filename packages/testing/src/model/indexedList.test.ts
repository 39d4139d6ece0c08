// The indexes (model/resourceStore.ts, model/sortedKeys.ts) and the scoped
// watch dispatch (model/watchers.ts) against a full scan, on random clusters
// with random writes: what a list, a page or a watch returns must be exactly
// what testing every object would give, in key order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listPage } from '../api/list.js';
import type { FakeCluster, ListOptions } from './cluster.js';
import type { Change, KubeObject } from './eventLog.js';
import { compileFieldSelector, parseFieldSelector } from './fieldSelector.js';
import { parseLabelSelector } from './labelSelector.js';
import { FakeModel } from './model.js';
import { SortedKeys } from './sortedKeys.js';

// 'a-b' sorts before 'a/' in key order but after 'a' as a namespace: key order is the key's string order.
const NAMESPACES = ['a', 'a-b', 'b', 'default'];
const APPS = ['web', 'db', 'job-x'];
const PHASES = ['Pending', 'Running', 'Succeeded'];

type Op =
  | { kind: 'create'; ns: string; name: string; app?: string; tier?: string; phase: string }
  | { kind: 'relabel'; pick: number; app?: string; tier?: string }
  | { kind: 'phase'; pick: number; phase: string }
  | { kind: 'delete'; pick: number };

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('create' as const), ns: fc.constantFrom(...NAMESPACES), name: fc.stringMatching(/^[a-c][0-9]{1,2}$/), app: maybe(fc.constantFrom(...APPS)), tier: maybe(fc.constantFrom('front', 'back')), phase: fc.constantFrom(...PHASES) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('relabel' as const), pick: fc.nat(), app: maybe(fc.constantFrom(...APPS)), tier: maybe(fc.constantFrom('front', 'back')) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('phase' as const), pick: fc.nat(), phase: fc.constantFrom(...PHASES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
);

const queryArb: fc.Arbitrary<ListOptions> = fc.record({
  namespace: maybe(fc.constantFrom(...NAMESPACES, 'none')),
  labelSelector: maybe(fc.constantFrom('app=web', 'app==db', 'app in (job-x)', 'app in (web,db)', 'app!=web', 'tier', '!tier', 'app=web,tier=front', 'app=nope')),
  fieldSelector: maybe(fc.constantFrom('metadata.name=a1', 'metadata.namespace=b', 'metadata.name!=b2', 'status.phase=Running', 'metadata.name=c3,metadata.namespace=a-b', 'metadata.namespace=a,metadata.namespace=b')),
});

/** Half the time a namespace only, where a page reports remainingItemCount. */
const pagingQueryArb: fc.Arbitrary<ListOptions> = fc.oneof(queryArb, fc.record({ namespace: maybe(fc.constantFrom(...NAMESPACES)) }));

const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const labelsOf = (app?: string, tier?: string) => ({ ...(app ? { app } : {}), ...(tier ? { tier } : {}) });

/** A cluster with a mirror of its pods kept from every change, the full-scan oracle. */
function setup() {
  const cluster = new FakeModel().cluster();
  const mirror = new Map<string, KubeObject>();
  cluster.subscribe((s) => {
    if (s.type !== 'change' || s.change.resource.plural !== 'pods') return;
    if (s.change.type === 'DELETED') mirror.delete(keyOf(s.change.object));
    else mirror.set(keyOf(s.change.object), s.change.object);
  });
  return { cluster, mirror };
}

function apply(cluster: FakeCluster, mirror: ReadonlyMap<string, KubeObject>, op: Op): void {
  if (op.kind === 'create') {
    if (cluster.find('pods', { namespace: op.ns, name: op.name })) return;
    cluster.create('pods', { metadata: { name: op.name, namespace: op.ns, labels: labelsOf(op.app, op.tier) }, status: { phase: op.phase } });
    return;
  }
  const keys = [...mirror.keys()];
  if (keys.length === 0) return;
  const pod = mirror.get(keys[op.pick % keys.length]!)!;
  if (op.kind === 'relabel') cluster.update('pods', { ...pod, metadata: { ...pod.metadata, labels: labelsOf(op.app, op.tier) } });
  else if (op.kind === 'phase') cluster.updateStatus('pods', { ...pod, status: { ...(pod.status as object), phase: op.phase } });
  else cluster.delete('pods', pod);
}

function fullScan(cluster: FakeCluster, objects: Iterable<KubeObject>, options: ListOptions): string[] {
  const pods = cluster.resolve('pods');
  const labels = parseLabelSelector(options.labelSelector);
  const fields = compileFieldSelector(parseFieldSelector(options.fieldSelector), pods.fields);
  const out: string[] = [];
  for (const o of objects) {
    if (options.namespace && o.metadata.namespace !== options.namespace) continue;
    if (labels.matches(o.metadata.labels) && fields(o)) out.push(keyOf(o));
  }
  return out.toSorted();
}

describe('indexed lists and scoped watches', () => {
  it('list by namespace, label and field selectors equals a full scan, in key order', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 150 }), fc.array(queryArb, { minLength: 1, maxLength: 8 }), (ops, queries) => {
        const { cluster, mirror } = setup();
        for (const op of ops) apply(cluster, mirror, op);
        for (const q of queries) expect(cluster.list<KubeObject>('pods', q).map(keyOf)).toEqual(fullScan(cluster, mirror.values(), q));
        // The label index holds exactly the objects with the label (controllers draw from it).
        for (const app of APPS) {
          const view = cluster.withLabel<KubeObject>('pods', 'app', app);
          const keys = Array.from({ length: view.size }, (_, i) => keyOf(view.at(i)!));
          expect(keys).toEqual(fullScan(cluster, mirror.values(), { labelSelector: `app=${app}` }));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('pages with limit and continue return the first page snapshot, with writes between pages', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 120 }), fc.array(opArb, { maxLength: 60 }), pagingQueryArb, fc.integer({ min: 1, max: 7 }), (before, between, q, limit) => {
        const { cluster, mirror } = setup();
        for (const op of before) apply(cluster, mirror, op);
        const expected = fullScan(cluster, mirror.values(), q);
        const pods = cluster.resolve('pods');
        const seen: string[] = [];
        let token: string | undefined;
        let writes = 0;
        do {
          const page = listPage(cluster, pods, q, { limit: String(limit), continue: token ?? null });
          seen.push(...page.items.map(keyOf));
          token = page.metadata.continue;
          const remaining = page.metadata.remainingItemCount;
          if (remaining !== undefined) expect(remaining).toBe(expected.length - seen.length);
          if (token && !q.labelSelector && !q.fieldSelector) expect(remaining).toBeDefined();
          for (let i = 0; i < 3 && writes < between.length; i++) apply(cluster, mirror, between[writes++]!);
        } while (token);
        expect(seen).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('a watch scoped by namespace and name receives exactly the changes of its scope', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 120 }), (ops) => {
        const { cluster, mirror } = setup();
        const scopes = [{}, { namespace: 'a' }, { name: 'a1' }, { namespace: 'a-b', name: 'b2' }, { namespace: 'none' }];
        const got = scopes.map(() => [] as number[]);
        scopes.forEach((scope, i) => cluster.watch({ resource: cluster.resolve('pods'), ...scope }, (s) => s.type === 'change' && got[i]!.push(s.change.rv)));
        cluster.watch({ resource: cluster.resolve('configmaps') }, (s) => {
          if (s.type === 'change') throw new Error('a pod change reached a configmaps watch');
        });
        const all: Change[] = [];
        cluster.subscribe((s) => s.type === 'change' && all.push(s.change));
        for (const op of ops) apply(cluster, mirror, op);
        scopes.forEach((scope: { namespace?: string; name?: string }, i) => {
          const want = all.filter((c) => (!scope.namespace || c.object.metadata.namespace === scope.namespace) && (!scope.name || c.object.metadata.name === scope.name));
          expect(got[i]).toEqual(want.map((c) => c.rv));
        });
      }),
      { numRuns: 100 },
    );
  });

  it('sorted keys keep order, position and counts through inserts and removes across chunk splits', () => {
    const keyArb = fc.integer({ min: 0, max: 2500 }).map((n) => `k${n}`);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), keyArb), { minLength: 1, maxLength: 5000 }), keyArb, (ops, probe) => {
        const keys = new SortedKeys();
        const oracle = new Set<string>();
        for (const [add, key] of ops) {
          if (add) {
            keys.insert(key);
            oracle.add(key);
          } else {
            keys.remove(key);
            oracle.delete(key);
          }
        }
        const sorted = [...oracle].toSorted();
        expect([...keys.from('')]).toEqual(sorted);
        expect(keys.size).toBe(sorted.length);
        expect([...keys.from(probe)]).toEqual(sorted.filter((k) => k > probe));
        expect(keys.countAfter(probe)).toBe(sorted.filter((k) => k > probe).length);
        expect(keys.has(probe)).toBe(oracle.has(probe));
        const i = sorted.length ? ops.length % sorted.length : 0;
        expect(keys.at(i)).toBe(sorted[i]);
      }),
      { numRuns: 60 },
    );
  });
});
