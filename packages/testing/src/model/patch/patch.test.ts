import { describe, expect, it } from 'vitest';
import { ApiError } from '../status.js';
import { jsonPatch } from './jsonPatch.js';
import { mergePatch } from './mergePatch.js';
import { strategicMerge } from './strategicMergePatch.js';

const pod = {
  metadata: { name: 'p', labels: { a: '1', b: '2' }, finalizers: ['x'] },
  spec: {
    containers: [
      { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80, name: 'http' }] },
      { name: 'sidecar', image: 'side:1' },
    ],
    tolerations: [{ key: 't1' }],
  },
  status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'PodScheduled', status: 'True' }] },
};

describe('JSON merge patch (RFC 7386)', () => {
  it('merges objects, deletes on null and replaces lists', () => {
    expect(mergePatch(pod, { metadata: { labels: { a: null, c: '3' } }, spec: { containers: [{ name: 'only' }] } })).toMatchObject({
      metadata: { labels: { b: '2', c: '3' } },
      spec: { containers: [{ name: 'only' }] },
    });
    expect((mergePatch(pod, { metadata: { labels: { a: null } } }) as any).metadata.labels).toEqual({ b: '2' });
  });
});

function failureCode(patch: unknown): number {
  try {
    jsonPatch(pod, patch);
  } catch (err) {
    return (err as ApiError).code;
  }
  return 0;
}

describe('JSON patch (RFC 6902)', () => {
  it('applies add, replace, remove, move, copy and test', () => {
    const out = jsonPatch(pod, [
      { op: 'test', path: '/metadata/name', value: 'p' },
      { op: 'replace', path: '/spec/containers/0/image', value: 'app:2' },
      { op: 'add', path: '/metadata/labels/c', value: '3' },
      { op: 'remove', path: '/metadata/labels/a' },
      { op: 'add', path: '/spec/tolerations/-', value: { key: 't2' } },
      { op: 'copy', from: '/metadata/labels/b', path: '/metadata/labels/d' },
      { op: 'move', from: '/metadata/labels/c', path: '/metadata/labels/e' },
    ]) as any;
    expect(out.spec.containers[0].image).toBe('app:2');
    expect(out.metadata.labels).toEqual({ b: '2', d: '2', e: '3' });
    expect(out.spec.tolerations).toEqual([{ key: 't1' }, { key: 't2' }]);
    expect(pod.spec.containers[0]!.image).toBe('app:1');
  });

  it('fails a test op or a missing path with 422, a malformed document with 400', () => {
    expect(failureCode([{ op: 'test', path: '/metadata/name', value: 'q' }])).toBe(422);
    expect(failureCode([{ op: 'remove', path: '/metadata/nope/x' }])).toBe(422);
    expect(failureCode({ op: 'add' })).toBe(400);
  });
});

describe('strategic merge patch', () => {
  it('merges containers by name, env by name and container ports by containerPort', () => {
    const out = strategicMerge(pod, {
      spec: { containers: [{ name: 'app', image: 'app:2', env: [{ name: 'B', value: '22' }, { name: 'C', value: '3' }], ports: [{ containerPort: 80, protocol: 'TCP' }] }] },
    }) as any;
    expect(out.spec.containers.map((c: any) => c.name)).toEqual(['app', 'sidecar']);
    expect(out.spec.containers[0].image).toBe('app:2');
    expect(out.spec.containers[0].env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '22' }, { name: 'C', value: '3' }]);
    expect(out.spec.containers[0].ports).toEqual([{ containerPort: 80, name: 'http', protocol: 'TCP' }]);
  });

  it('merges conditions by type and replaces atomic lists', () => {
    const out = strategicMerge(pod, { status: { conditions: [{ type: 'Ready', status: 'True' }] }, spec: { tolerations: [{ key: 't9' }] } }) as any;
    expect(out.status.conditions).toEqual([{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }]);
    expect(out.spec.tolerations).toEqual([{ key: 't9' }]);
  });

  it('honours $patch: delete, $patch: replace, $setElementOrder and $deleteFromPrimitiveList', () => {
    const out = strategicMerge(pod, {
      metadata: { '$deleteFromPrimitiveList/finalizers': ['x'] },
      spec: {
        containers: [{ name: 'sidecar', $patch: 'delete' }],
        '$setElementOrder/containers': [{ name: 'app' }],
      },
      status: { $patch: 'replace', phase: 'Running' },
    }) as any;
    expect(out.spec.containers.map((c: any) => c.name)).toEqual(['app']);
    expect(out.status).toEqual({ phase: 'Running' });
    expect(out.metadata.finalizers).toEqual([]);
  });

  it('merges Service ports by port', () => {
    const svc = { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 8443 }] } };
    const out = strategicMerge(svc, { spec: { ports: [{ port: 443, targetPort: 9443 }] } }) as any;
    expect(out.spec.ports).toEqual([{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 9443 }]);
  });
});
