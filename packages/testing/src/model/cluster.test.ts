import { describe, expect, it } from 'vitest';
import { ApiError } from './status.js';
import { FakeModel } from './model.js';

const statusOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err.status;
    throw err;
  }
  throw new Error('expected an ApiError');
};

describe('the cluster model', () => {
  it('stamps uid, creationTimestamp, generation and resourceVersion on create', () => {
    const model = new FakeModel({ clock: () => Date.UTC(2025, 0, 2, 3, 4, 5, 678) });
    const pod = model.cluster().create('pods', { metadata: { name: 'a', namespace: 'ns' }, spec: { containers: [] } });
    expect(pod.metadata).toMatchObject({ name: 'a', namespace: 'ns', generation: 1, creationTimestamp: '2025-01-02T03:04:05Z' });
    expect(pod.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(pod).toMatchObject({ apiVersion: 'v1', kind: 'Pod', status: { phase: 'Pending' } });
    expect(Object.isFrozen(pod.metadata)).toBe(true);
  });

  it('bumps generation on spec changes only, not on status or metadata changes', () => {
    const cluster = new FakeModel().cluster();
    const job = cluster.create<any>('jobs', { metadata: { name: 'j' }, spec: { completions: 1 } });
    const labelled = cluster.patch<any>('jobs', 'default/j', { metadata: { labels: { a: 'b' } } });
    expect(labelled.metadata.generation).toBe(1);
    const status = cluster.updateStatus<any>('jobs', { ...labelled, status: { active: 1 } });
    expect(status.metadata.generation).toBe(1);
    expect(status.status.active).toBe(1);
    const spec = cluster.patch<any>('jobs', 'default/j', { spec: { parallelism: 3 } });
    expect(spec.metadata.generation).toBe(2);
    expect(Number(spec.metadata.resourceVersion)).toBeGreaterThan(Number(job.metadata.resourceVersion));
  });

  it('keeps the stored status when the main resource is updated (status subresource kinds)', () => {
    const cluster = new FakeModel().cluster();
    const pod = cluster.create<any>('pods', { metadata: { name: 'a' }, status: { phase: 'Running' } });
    const updated = cluster.update<any>('pods', { ...pod, status: { phase: 'Failed' }, metadata: { ...pod.metadata, labels: { x: 'y' } } });
    expect(updated.status.phase).toBe('Running');
    expect(updated.metadata.labels).toEqual({ x: 'y' });
  });

  it('treats a write that changes nothing as a no-op (same version, no event)', () => {
    const cluster = new FakeModel().cluster();
    const cm = cluster.create<any>('configmaps', { metadata: { name: 'c' }, data: { a: '1' } });
    const rv = cluster.resourceVersion;
    expect(cluster.update('configmaps', cm)).toBe(cm);
    expect(cluster.patch('configmaps', 'default/c', { data: { a: '1' } })).toBe(cm);
    expect(cluster.resourceVersion).toBe(rv);
  });

  it('answers 409 AlreadyExists, 409 Conflict on a stale resourceVersion, 404 NotFound', () => {
    const cluster = new FakeModel().cluster();
    const cm = cluster.create<any>('configmaps', { metadata: { name: 'c' } });
    expect(statusOf(() => cluster.create('configmaps', { metadata: { name: 'c' } }))).toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'configmaps "c" already exists' });
    cluster.update('configmaps', { ...cm, data: { a: '1' } });
    expect(statusOf(() => cluster.update('configmaps', { ...cm, data: { a: '2' } }))).toMatchObject({ code: 409, reason: 'Conflict' });
    expect(statusOf(() => cluster.get('jobs', 'default/nope'))).toMatchObject({ code: 404, reason: 'NotFound', message: 'jobs.batch "nope" not found' });
  });

  it('answers 422 Invalid for a bad or missing name, and generates names from generateName', () => {
    const cluster = new FakeModel().cluster();
    expect(statusOf(() => cluster.create('pods', { metadata: { name: 'Bad_Name' } }))).toMatchObject({
      code: 422,
      reason: 'Invalid',
      details: { causes: [{ field: 'metadata.name', reason: 'FieldValueInvalid' }] },
    });
    expect(statusOf(() => cluster.create('pods', { metadata: {} }))).toMatchObject({ code: 422, reason: 'Invalid' });
    const generated = cluster.create('pods', { metadata: { generateName: 'web-' } });
    expect(generated.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
  });

  it('deletes a namespace with everything in it', () => {
    const cluster = new FakeModel().cluster();
    cluster.create('namespaces', { metadata: { name: 'tmp' } });
    cluster.create('pods', { metadata: { name: 'a', namespace: 'tmp' } });
    cluster.create('configmaps', { metadata: { name: 'c', namespace: 'tmp' } });
    cluster.create('pods', { metadata: { name: 'b', namespace: 'default' } });
    cluster.delete('namespaces', 'tmp');
    expect(cluster.list('pods').map((p: any) => p.metadata.name)).toEqual(['b']);
    expect(cluster.list('configmaps', { namespace: 'tmp' })).toEqual([]);
  });

  it('lists in namespace/name order with selectors', () => {
    const cluster = new FakeModel().cluster();
    for (const [ns, name, app] of [['b', 'x', 'web'], ['a', 'z', 'web'], ['a', 'y', 'db']] as const) {
      cluster.create('pods', { metadata: { name, namespace: ns, labels: { app } } });
    }
    expect(cluster.list('pods', { labelSelector: 'app=web' }).map((p: any) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual(['a/z', 'b/x']);
    expect(cluster.list('pods', { namespace: 'a', fieldSelector: 'metadata.name!=z' }).map((p: any) => p.metadata.name)).toEqual(['y']);
  });

  it('resolves resources by plural, short name, kind and group-qualified name', () => {
    const { resources } = new FakeModel();
    expect(resources.resolve('po').plural).toBe('pods');
    expect(resources.resolve('events').group).toBe('');
    expect(resources.resolve('events.events.k8s.io').group).toBe('events.k8s.io');
    expect(resources.resolve('events.v1.events.k8s.io').group).toBe('events.k8s.io');
    expect(resources.resolve({ group: 'asm.alauda.io', plural: 'microservices' }).kind).toBe('MicroService');
    expect(resources.resolve('Job').group).toBe('batch');
  });
});
