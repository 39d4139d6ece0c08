// The REST surface through the fetch-style core (no sockets needed).
import { describe, expect, it } from 'vitest';
import { FakeModel } from '../model/model.js';
import { createApiCore } from './core.js';

function setup(options: { historyLimit?: number } = {}) {
  const model = new FakeModel({ clusters: ['calico3'], ...options });
  const core = createApiCore({ model, gatewayBase: '/api-gateway' });
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await core.handle(
      new Request(`http://fake${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      }),
    );
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
  return { model, core, call, cluster: model.cluster() };
}

describe('discovery', () => {
  it('serves /api, /apis, group versions and /version in the legacy format', async () => {
    const { call } = setup();
    expect((await call('GET', '/api')).body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await call('GET', '/apis')).body;
    expect(groups.groups.map((g: any) => g.name)).toEqual(['apps', 'batch', 'events.k8s.io', 'asm.alauda.io']);
    const core = (await call('GET', '/api/v1')).body;
    expect(core.resources.find((r: any) => r.name === 'pods')).toMatchObject({ kind: 'Pod', namespaced: true, shortNames: ['po'] });
    expect(core.resources.some((r: any) => r.name === 'pods/status')).toBe(true);
    expect((await call('GET', '/apis/asm.alauda.io/v1beta3')).body.resources[0]).toMatchObject({ name: 'microservices', kind: 'MicroService' });
    expect((await call('GET', '/version')).body).toMatchObject({ major: '1', minor: '32' });
    expect((await call('GET', '/apis/nope/v1')).status).toBe(404);
  });
});

describe('resource requests', () => {
  it('creates, gets, updates, patches and deletes with the apiserver status codes', async () => {
    const { call } = setup();
    const path = '/api/v1/namespaces/testhl/configmaps';
    const created = await call('POST', path, { metadata: { name: 'c' }, data: { a: '1' } });
    expect(created.status).toBe(201);
    expect(created.body.metadata.namespace).toBe('testhl');
    expect((await call('POST', path, { metadata: { name: 'c' } })).body).toMatchObject({ kind: 'Status', code: 409, reason: 'AlreadyExists' });
    expect((await call('POST', path, { metadata: { name: 'Bad' } })).body).toMatchObject({ code: 422, reason: 'Invalid' });
    expect((await call('GET', `${path}/c`)).body.data).toEqual({ a: '1' });
    const stale = created.body;
    const updated = await call('PUT', `${path}/c`, { ...stale, data: { a: '2' } });
    expect(updated.status).toBe(200);
    expect((await call('PUT', `${path}/c`, { ...stale, data: { a: '3' } })).body).toMatchObject({ code: 409, reason: 'Conflict' });
    const merged = await call('PATCH', `${path}/c`, { data: { b: '2' } }, { 'content-type': 'application/merge-patch+json' });
    expect(merged.body.data).toEqual({ a: '2', b: '2' });
    const json = await call('PATCH', `${path}/c`, [{ op: 'remove', path: '/data/a' }], { 'content-type': 'application/json-patch+json' });
    expect(json.body.data).toEqual({ b: '2' });
    expect((await call('PATCH', `${path}/c`, {}, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await call('DELETE', `${path}/c`)).body.metadata.name).toBe('c');
    expect((await call('GET', `${path}/c`)).body).toMatchObject({ code: 404, reason: 'NotFound', message: 'configmaps "c" not found' });
  });

  it('creates with server-side apply and updates only status through /status', async () => {
    const { call } = setup();
    const path = '/apis/batch/v1/namespaces/default/jobs/j';
    const applied = await call('PATCH', `${path}?fieldManager=test`, { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { completions: 2 } }, { 'content-type': 'application/apply-patch+yaml' });
    expect(applied.status).toBe(201);
    const status = await call('PATCH', `${path}/status`, { status: { active: 1 }, spec: { completions: 5 } }, { 'content-type': 'application/merge-patch+json' });
    expect(status.body.status.active).toBe(1);
    expect(status.body.spec.completions).toBe(2);
    expect((await call('GET', `${path}/status`)).body.status.active).toBe(1);
    const main = await call('PATCH', path, { status: { active: 9 } }, { 'content-type': 'application/strategic-merge-patch+json' });
    expect(main.body.status.active).toBe(1);
  });

  it('answers 400 BadRequest for invalid selectors and 404 for unknown clusters', async () => {
    const { call } = setup();
    expect((await call('GET', '/api/v1/pods?labelSelector=app%20in%20(')).body).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect((await call('GET', '/api/v1/pods?fieldSelector=spec.nope%3Dx')).body).toMatchObject({ code: 400, message: 'field label not supported: spec.nope' });
    expect((await call('GET', '/kubernetes/nope/api/v1/pods')).body).toMatchObject({ code: 404, reason: 'NotFound' });
  });

  it('routes /kubernetes/{cluster} and the gateway base to the right cluster', async () => {
    const { call, model } = setup();
    model.cluster('calico3').create('microservices', { metadata: { name: 'asm-cal3', namespace: 'testhl' } });
    const item = await call('GET', '/api-gateway/kubernetes/calico3/apis/asm.alauda.io/v1beta3/namespaces/testhl/microservices/asm-cal3');
    expect(item.body.metadata.name).toBe('asm-cal3');
    expect((await call('GET', '/apis/asm.alauda.io/v1beta3/namespaces/testhl/microservices/asm-cal3')).status).toBe(404);
  });

  it('serves meta.k8s.io Tables when asked, with the pod columns and row objects', async () => {
    const { call, cluster } = setup();
    cluster.create('pods', { metadata: { name: 'a' }, spec: { containers: [{ name: 'c' }] }, status: { phase: 'Running' } });
    const accept = { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json' };
    const table = (await call('GET', '/api/v1/namespaces/default/pods', undefined, accept)).body;
    expect(table.kind).toBe('Table');
    expect(table.columnDefinitions.slice(0, 5).map((c: any) => c.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    expect(table.rows[0].cells.slice(0, 4)).toEqual(['a', '0/1', 'Running', '0']);
    expect(table.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'a' } });
    const full = (await call('GET', '/api/v1/namespaces/default/pods?includeObject=Object', undefined, accept)).body;
    expect(full.rows[0].object.kind).toBe('Pod');
    const generic = (await call('GET', '/api/v1/configmaps', undefined, accept)).body;
    expect(generic.columnDefinitions.map((c: any) => c.name)).toEqual(['Name', 'Data', 'Age']);
  });
});

describe('lists', () => {
  it('pages with limit/continue from one snapshot', async () => {
    const { call, cluster } = setup();
    for (const n of [1, 2, 3, 4, 5]) cluster.create('pods', { metadata: { name: `p${n}` } });
    const first = (await call('GET', '/api/v1/namespaces/default/pods?limit=2')).body;
    expect(first.items.map((p: any) => p.metadata.name)).toEqual(['p1', 'p2']);
    expect(first.metadata.remainingItemCount).toBe(3);
    cluster.create('pods', { metadata: { name: 'p0' } });
    cluster.delete('pods', 'default/p4');
    const second = (await call('GET', `/api/v1/namespaces/default/pods?limit=2&continue=${encodeURIComponent(first.metadata.continue)}`)).body;
    expect(second.items.map((p: any) => p.metadata.name)).toEqual(['p3', 'p4']);
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    const third = (await call('GET', `/api/v1/namespaces/default/pods?limit=2&continue=${encodeURIComponent(second.metadata.continue)}`)).body;
    expect(third.items.map((p: any) => p.metadata.name)).toEqual(['p5']);
    expect(third.metadata.continue).toBeUndefined();
  });

  it('answers 410 Expired for a continue token older than the history', async () => {
    const { call, cluster } = setup();
    for (const n of [1, 2, 3]) cluster.create('pods', { metadata: { name: `p${n}` } });
    const first = (await call('GET', '/api/v1/pods?limit=1')).body;
    cluster.create('pods', { metadata: { name: 'p4' } });
    cluster.compact();
    const expired = await call('GET', `/api/v1/pods?limit=1&continue=${encodeURIComponent(first.metadata.continue)}`);
    expect(expired.status).toBe(410);
    expect(expired.body).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
  });

  it('reads the past with resourceVersionMatch=Exact and validates the combination', async () => {
    const { call, cluster } = setup();
    cluster.create('pods', { metadata: { name: 'a' } });
    const rv = cluster.resourceVersion;
    cluster.create('pods', { metadata: { name: 'b' } });
    const exact = (await call('GET', `/api/v1/pods?resourceVersion=${rv}&resourceVersionMatch=Exact`)).body;
    expect(exact.items.map((p: any) => p.metadata.name)).toEqual(['a']);
    expect(exact.metadata.resourceVersion).toBe(rv);
    const notOlder = (await call('GET', `/api/v1/pods?resourceVersion=${rv}&resourceVersionMatch=NotOlderThan`)).body;
    expect(notOlder.items).toHaveLength(2);
    expect((await call('GET', '/api/v1/pods?resourceVersionMatch=Exact')).status).toBe(400);
    cluster.compact();
    expect((await call('GET', `/api/v1/pods?resourceVersion=${rv}&resourceVersionMatch=Exact`)).status).toBe(410);
  });
});
