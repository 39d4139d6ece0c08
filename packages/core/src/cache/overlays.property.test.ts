/**
 * The optimistic layer against a model, on random interleavings of watch
 * events, edits, confirmations, conflicts (the server moving on while an edit
 * is pending), late duplicate events and failures. After each step, what a
 * query shows is the server's truth with the pending edits applied in order;
 * at the end, with every edit settled, it is the server's truth. Each edit
 * leaves a mark it increments, so an edit lost or applied twice shows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../resources/resourceType.js';
import type { Edit } from './overlays.js';
import { CacheStore } from './store.js';
import { addEdit, removeEdit, writeEnded, writeStarted, writeThrough } from './writeThrough.js';
import { KubeApiError } from '../errors/KubeApiError.js';

const BUCKET = '|batch/v1/jobs';
const NAMES = ['a', 'b', 'c'];

type Marked = KubeObject & { spec: { marks: Record<string, number>; writer: number } };

type Step =
  | { kind: 'serverChange'; name: string }
  | { kind: 'edit'; name: string }
  | { kind: 'confirm'; pick: number }
  | { kind: 'fail'; pick: number }
  | { kind: 'lateEvent'; name: string };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('serverChange' as const), name: fc.constantFrom(...NAMES) }),
  fc.record({ kind: fc.constant('edit' as const), name: fc.constantFrom(...NAMES) }),
  fc.record({ kind: fc.constant('confirm' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('fail' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('lateEvent' as const), name: fc.constantFrom(...NAMES) }),
);

interface Pending {
  id: number;
  name: string;
  edit: Edit;
  mark: (object: Marked) => void;
}

describe('optimistic edits over a live watch (model-based)', () => {
  it('always show the server truth with the pending edits applied, and the truth once they settle', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const store = new CacheStore(() => undefined, { freezeObjects: true });
        store.addQuery('q', BUCKET, 'stream', { single: false });
        let version = 10;
        const truth = new Map<string, Marked>();
        /** Every version the server had, for late events. */
        const history = new Map<string, Marked[]>();
        const save = (object: Marked) => {
          truth.set(object.metadata!.name!, object);
          history.set(object.metadata!.name!, [...(history.get(object.metadata!.name!) ?? []), object]);
        };
        for (const name of NAMES) save({ metadata: { name, namespace: 'ns', resourceVersion: String(version++) }, spec: { marks: {}, writer: 0 } });
        store.apply('q', [{ type: 'replace', objects: Array.from(truth.values()), resourceVersion: String(version) }]);
        const pending: Pending[] = [];
        let nextId = 1;

        const serverWrite = (name: string, change: (object: Marked) => void): Marked => {
          const current = structuredClone(truth.get(name)!);
          change(current);
          current.metadata!.resourceVersion = String(version++);
          save(current);
          return current;
        };
        const settle = (picked: Pending) => pending.splice(pending.indexOf(picked), 1);

        const check = () => {
          const shown = new Map(store.selectList<Marked>('q')!.map((object) => [object.metadata!.name!, object]));
          for (const name of NAMES) {
            const expected = structuredClone(truth.get(name)!);
            for (const edit of pending.filter((p) => p.name === name)) edit.mark(expected);
            expect(shown.get(name)).toEqual(expected);
            for (const count of Object.values(shown.get(name)!.spec.marks)) expect(count).toBe(1);
          }
        };

        for (const s of steps) {
          switch (s.kind) {
            case 'serverChange': {
              const changed = serverWrite(s.name, (object) => void (object.spec.writer += 1));
              store.apply('q', [{ type: 'upsert', object: changed }]);
              break;
            }
            case 'edit': {
              const id = nextId++;
              const mark = (object: Marked) => void (object.spec.marks[id] = (object.spec.marks[id] ?? 0) + 1);
              const edit: Edit = { recipe: (draft) => mark(draft as Marked) };
              pending.push({ id, name: s.name, edit, mark });
              addEdit(store, BUCKET, `ns ${s.name}`, edit);
              writeStarted(store, BUCKET, `ns ${s.name}`);
              break;
            }
            case 'confirm': {
              if (pending.length === 0) break;
              const picked = pending[s.pick % pending.length]!;
              const answer = serverWrite(picked.name, picked.mark);
              // The answer is written through and the edit dropped in the same step, as mutate does.
              writeThrough(store, BUCKET, answer);
              writeEnded(store, BUCKET, `ns ${picked.name}`);
              removeEdit(store, BUCKET, `ns ${picked.name}`, picked.edit);
              settle(picked);
              break;
            }
            case 'fail': {
              if (pending.length === 0) break;
              const picked = pending[s.pick % pending.length]!;
              writeEnded(store, BUCKET, `ns ${picked.name}`, new KubeApiError({ code: 500, reason: 'InternalError', message: 'injected' }));
              removeEdit(store, BUCKET, `ns ${picked.name}`, picked.edit);
              settle(picked);
              break;
            }
            case 'lateEvent': {
              // The watch delivers an event of a version the cache already has or has passed.
              const versions = history.get(s.name)!;
              store.apply('q', [{ type: 'upsert', object: versions[Math.max(0, versions.length - 2)]! }]);
              break;
            }
          }
          check();
        }
        for (const picked of pending.slice()) {
          removeEdit(store, BUCKET, `ns ${picked.name}`, picked.edit);
          writeEnded(store, BUCKET, `ns ${picked.name}`);
          settle(picked);
        }
        check();
        expect(store.query('q')!.status.writes?.pending ?? 0).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
