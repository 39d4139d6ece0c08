import { describe, expect, it } from 'vitest';
import { immer } from '../cache/immer.js';
import type { KubeObject } from '../resources/resourceType.js';
import { jsonPointer, mergeDiff, writeBody } from './writeBody.js';

const job: KubeObject & { spec: unknown } = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'pi', namespace: 'testhl', resourceVersion: '41', labels: { 'app.kubernetes.io/name': 'pi', tier: 'batch' } },
  spec: { suspend: false, template: { spec: { containers: [{ name: 'a', image: 'perl' }, { name: 'b', image: 'busybox' }] } } },
};

function bodyOf(recipe: (draft: any) => void, apply = false) {
  const [edited, patches] = immer.produceWithPatches(job, recipe);
  return writeBody(job, edited, patches, apply);
}

describe('writeBody', () => {
  it('sends an object edit as a JSON Patch that first tests the version it was made on', () => {
    expect(bodyOf((draft) => void (draft.spec.suspend = true))).toEqual({
      patchType: 'json',
      patch: [
        { op: 'test', path: '/metadata/resourceVersion', value: '41' },
        { op: 'replace', path: '/spec/suspend', value: true },
      ],
    });
  });

  it('escapes ~ and / in paths as RFC 6901 says (label keys hold a /)', () => {
    expect(jsonPointer(['metadata', 'labels', 'app.kubernetes.io/name'])).toBe('/metadata/labels/app.kubernetes.io~1name');
    expect(jsonPointer(['metadata', 'annotations', 'a~b/c'])).toBe('/metadata/annotations/a~0b~1c');
    const body = bodyOf((draft) => {
      draft.metadata.labels['app.kubernetes.io/name'] = 'tau';
      delete draft.metadata.labels.tier;
    });
    expect(body.patch).toEqual([
      { op: 'test', path: '/metadata/resourceVersion', value: '41' },
      { op: 'replace', path: '/metadata/labels/app.kubernetes.io~1name', value: 'tau' },
      { op: 'remove', path: '/metadata/labels/tier' },
    ]);
  });

  it('sends an edit that touches an array as a merge patch with the array whole and the version as a precondition', () => {
    const body = bodyOf((draft) => void draft.spec.template.spec.containers.splice(0, 1));
    expect(body).toEqual({
      patchType: 'merge',
      patch: { metadata: { resourceVersion: '41' }, spec: { template: { spec: { containers: [{ name: 'b', image: 'busybox' }] } } } },
    });
  });

  it('writes removed keys as null in a merge patch, and replaces what changed only', () => {
    expect(mergeDiff({ a: 1, b: { c: 1, d: 2 }, e: [1] }, { a: 1, b: { c: 2 }, e: [1, 2] })).toEqual({ b: { c: 2, d: null }, e: [1, 2] });
    expect(mergeDiff({ a: 1 }, { a: 1 })).toBeUndefined();
  });

  it('sends a server-side apply as the fields the edit set, under the object identity', () => {
    const body = bodyOf((draft) => void (draft.spec.suspend = true), true);
    expect(body).toEqual({
      patchType: 'apply',
      patch: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', namespace: 'testhl' }, spec: { suspend: true } },
    });
  });

  it('refuses a server-side apply that removes a field', () => {
    expect(() => bodyOf((draft) => void delete draft.metadata.labels.tier, true)).toThrow(/cannot remove \/metadata\/labels\/tier/);
  });
});
