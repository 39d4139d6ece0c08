import { describe, expect, it } from 'vitest';
import { FieldSet, keyElement, pathString, valueElement } from './fieldSet.js';
import { compare, toFieldSet } from './fieldWalk.js';

describe('field paths', () => {
  it('print as the apiserver prints them in conflicts', () => {
    expect(pathString(['f:spec', 'f:replicas'])).toBe('.spec.replicas');
    expect(pathString(['f:spec', 'f:containers', keyElement({ name: 'app' }), 'f:image'])).toBe('.spec.containers[name="app"].image');
    expect(pathString(['f:ports', keyElement({ protocol: 'TCP', containerPort: 80 })])).toBe('.ports[containerPort=80,protocol="TCP"]');
    expect(pathString(['f:metadata', 'f:finalizers', valueElement('x')])).toBe('.metadata.finalizers[="x"]');
  });

  it('round-trip through fieldsV1, with "." for a member that has members below it', () => {
    const set = new FieldSet([
      ['f:metadata', 'f:labels'],
      ['f:metadata', 'f:labels', 'f:app'],
      ['f:spec', 'f:replicas'],
    ]);
    const fieldsV1 = set.toFieldsV1();
    expect(fieldsV1).toEqual({ 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { 'f:replicas': {} } });
    expect(FieldSet.fromFieldsV1(fieldsV1).equals(set)).toBe(true);
  });

  it('recursiveDifference drops members under a removed path', () => {
    const set = new FieldSet([['f:status', 'f:phase'], ['f:spec', 'f:x']]);
    expect(set.recursiveDifference(new FieldSet([['f:status']])).paths()).toEqual([['f:spec', 'f:x']]);
  });
});

describe('walking objects', () => {
  it('toFieldSet owns leaves and associative list items, and atomic lists whole', () => {
    const set = toFieldSet({ spec: { containers: [{ name: 'c', args: ['a', 'b'] }], tolerations: [{ key: 't' }] } });
    expect(set.paths().map(pathString)).toEqual([
      '.spec.containers[name="c"]',
      '.spec.containers[name="c"].args',
      '.spec.containers[name="c"].name',
      '.spec.tolerations',
    ]);
  });

  it('compare tells added, modified and removed fields apart', () => {
    const c = compare({ spec: { replicas: 1, paused: true } }, { spec: { replicas: 2, minReadySeconds: 5 } });
    expect(c.modified.paths().map(pathString)).toEqual(['.spec.replicas']);
    expect(c.added.paths().map(pathString)).toEqual(['.spec.minReadySeconds']);
    expect(c.removed.paths().map(pathString)).toEqual(['.spec.paused']);
  });
});
