// What kube-apiserver does with optimistic writes, through the fetch-style
// core: failed JSON Patch tests, resourceVersion preconditions, server-side
// apply ownership and conflicts, and dry runs.
import { describe, expect, it } from 'vitest';
import { FakeModel } from '../model/model.js';
import { LineReader } from '../testkit/lineReader.js';
import { createApiCore } from './core.js';

const NOW = Date.parse('2026-12-01T10:00:00Z');
const JSON_PATCH = { 'content-type': 'application/json-patch+json' };
const MERGE_PATCH = { 'content-type': 'application/merge-patch+json' };
const STRATEGIC = { 'content-type': 'application/strategic-merge-patch+json' };
const APPLY = { 'content-type': 'application/apply-patch+yaml' };

function setup() {
  let now = NOW;
  const model = new FakeModel({ clusters: [], clock: () => now });
  const core = createApiCore({ model, gatewayBase: '' });
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await core.handle(
      new Request(`http://fake${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'user-agent': 'writes-test/1.0', ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
    );
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const tick = (seconds: number) => (now += seconds * 1000);
  return { model, core, call, tick, cluster: model.cluster() };
}

const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';
const deployment = (replicas: number, image = 'shop:1') => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'shop', labels: { app: 'shop' } },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'shop' } },
    template: { metadata: { labels: { app: 'shop' } }, spec: { containers: [{ name: 'c', image }] } },
  },
});

const managers = (obj: any) => obj.metadata.managedFields.map((m: any) => `${m.manager}/${m.operation}`);

describe('JSON Patch test failures', () => {
  it('answer 422 Invalid with the generic message and empty details, and change nothing', async () => {
    const { call, cluster } = setup();
    const created = await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'c' }, data: { a: '1' } });
    const rv = cluster.resourceVersion;
    const failed = await call('PATCH', '/api/v1/namespaces/default/configmaps/c', [
      { op: 'test', path: '/data/a', value: '2' },
      { op: 'replace', path: '/data/a', value: '3' },
    ], JSON_PATCH);
    expect(failed.status).toBe(422);
    expect(failed.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server rejected our request due to an error in our request',
      reason: 'Invalid',
      details: {},
      code: 422,
    });
    expect(cluster.resourceVersion).toBe(rv);
    expect(cluster.get<any>('configmaps', 'default/c')).toEqual(created.body);
  });

  it('apply every operation when the test holds', async () => {
    const { call } = setup();
    await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'c', labels: { 'app.kubernetes.io/name': 'x' } }, data: { a: '1' } });
    const ok = await call('PATCH', '/api/v1/namespaces/default/configmaps/c', [
      { op: 'test', path: '/metadata/labels/app.kubernetes.io~1name', value: 'x' },
      { op: 'replace', path: '/data/a', value: '3' },
    ], JSON_PATCH);
    expect(ok.status).toBe(200);
    expect(ok.body.data).toEqual({ a: '3' });
  });
});

describe('resourceVersion preconditions', () => {
  const message = 'Operation cannot be fulfilled on deployments.apps "shop": the object has been modified; please apply your changes to the latest version and try again';
  const conflictStatus = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Conflict', details: { name: 'shop', group: 'apps', kind: 'deployments' }, code: 409 };

  it('PUT with a stale resourceVersion is 409 Conflict; without one it updates unconditionally', async () => {
    const { call, cluster } = setup();
    const stale = (await call('POST', DEPLOYMENTS, deployment(1))).body;
    await call('PATCH', `${DEPLOYMENTS}/shop`, { spec: { replicas: 2 } }, MERGE_PATCH);
    const rv = cluster.resourceVersion;
    const refused = await call('PUT', `${DEPLOYMENTS}/shop`, { ...stale, spec: { ...stale.spec, replicas: 5 } });
    expect(refused).toEqual({ status: 409, body: conflictStatus });
    expect(cluster.resourceVersion).toBe(rv);
    const { resourceVersion: _, ...unversioned } = stale.metadata;
    const forced = await call('PUT', `${DEPLOYMENTS}/shop`, { ...stale, metadata: unversioned, spec: { ...stale.spec, replicas: 5 } });
    expect(forced.status).toBe(200);
    expect(forced.body.spec.replicas).toBe(5);
  });

  it('merge and strategic merge patches that carry a stale resourceVersion are 409, a current one applies', async () => {
    const { call } = setup();
    const created = (await call('POST', DEPLOYMENTS, deployment(1))).body;
    const current = (await call('PATCH', `${DEPLOYMENTS}/shop`, { spec: { replicas: 2 } }, MERGE_PATCH)).body;
    const stalePatch = { metadata: { resourceVersion: created.metadata.resourceVersion }, spec: { replicas: 3 } };
    expect(await call('PATCH', `${DEPLOYMENTS}/shop`, stalePatch, MERGE_PATCH)).toEqual({ status: 409, body: conflictStatus });
    expect(await call('PATCH', `${DEPLOYMENTS}/shop`, stalePatch, STRATEGIC)).toEqual({ status: 409, body: conflictStatus });
    const guarded = await call('PATCH', `${DEPLOYMENTS}/shop`, { metadata: { resourceVersion: current.metadata.resourceVersion }, spec: { replicas: 3 } }, MERGE_PATCH);
    expect(guarded.status).toBe(200);
    expect(guarded.body.spec.replicas).toBe(3);
  });

  it('a core-group conflict leaves the empty group out of the details', async () => {
    const { call } = setup();
    const stale = (await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'c' }, data: { a: '1' } })).body;
    await call('PATCH', '/api/v1/namespaces/default/configmaps/c', { data: { a: '2' } }, MERGE_PATCH);
    const refused = await call('PUT', '/api/v1/namespaces/default/configmaps/c', stale);
    expect(refused.body.details).toEqual({ name: 'c', kind: 'configmaps' });
    expect(refused.body.message).toBe('Operation cannot be fulfilled on configmaps "c": the object has been modified; please apply your changes to the latest version and try again');
  });
});

describe('dryRun=All', () => {
  it('answers what create, update, patch, apply and delete would do, and changes nothing: no store change, no version, no watch event', async () => {
    const { call, core, cluster } = setup();
    const existing = (await call('POST', DEPLOYMENTS, deployment(1))).body;
    const rv = cluster.resourceVersion;
    const watch = await core.handle(new Request(`http://fake${DEPLOYMENTS}?watch=true&resourceVersion=${rv}`));
    const events = new LineReader(watch.body);

    const created = await call('POST', `${DEPLOYMENTS}?dryRun=All`, { ...deployment(4), metadata: { name: 'dry' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ metadata: { name: 'dry', uid: expect.any(String) }, spec: { replicas: 4 } });
    const updated = await call('PUT', `${DEPLOYMENTS}/shop?dryRun=All`, { ...existing, spec: { ...existing.spec, replicas: 7 } });
    expect(updated.body.spec.replicas).toBe(7);
    expect(updated.body.metadata.generation).toBe(2);
    const patched = await call('PATCH', `${DEPLOYMENTS}/shop?dryRun=All`, { spec: { replicas: 8 } }, MERGE_PATCH);
    expect(patched.body.spec.replicas).toBe(8);
    const applied = await call('PATCH', `${DEPLOYMENTS}/shop?dryRun=All&fieldManager=deployer&force=true`, deployment(9), APPLY);
    expect(applied.body.spec.replicas).toBe(9);
    expect(managers(applied.body)).toContain('deployer/Apply');
    const appliedNew = await call('PATCH', `${DEPLOYMENTS}/fresh?dryRun=All&fieldManager=deployer`, { ...deployment(1), metadata: { name: 'fresh' } }, APPLY);
    expect(appliedNew.status).toBe(201);
    const deleted = await call('DELETE', `${DEPLOYMENTS}/shop?dryRun=All`);
    expect(deleted.body.metadata.name).toBe('shop');
    const deletedByBody = await call('DELETE', `${DEPLOYMENTS}/shop`, { kind: 'DeleteOptions', apiVersion: 'v1', dryRun: ['All'] });
    expect(deletedByBody.status).toBe(200);
    const deletedAll = await call('DELETE', `${DEPLOYMENTS}?dryRun=All`);
    expect(deletedAll.body.items.map((d: any) => d.metadata.name)).toEqual(['shop']);

    expect(cluster.resourceVersion).toBe(rv);
    expect(cluster.list('deployments').map((d: any) => d.metadata.name)).toEqual(['shop']);
    expect(cluster.get('deployments', 'default/shop')).toEqual(existing);
    // The next event on the watch is the next real write, not any of the dry runs.
    await call('PATCH', `${DEPLOYMENTS}/shop`, { spec: { replicas: 2 } }, MERGE_PATCH);
    expect(JSON.parse((await events.nextLine())!)).toMatchObject({ type: 'MODIFIED', object: { spec: { replicas: 2 } } });
    await events.cancel();
  });

  it('accepts only All: any other value is 422 on the request options, and nothing is written', async () => {
    const { call, cluster } = setup();
    const refused = await call('POST', '/api/v1/namespaces/default/configmaps?dryRun=true', { metadata: { name: 'c' } });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      reason: 'Invalid',
      message: 'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: ["true"]: supported values: "All"',
      details: { group: 'meta.k8s.io', kind: 'CreateOptions', causes: [{ reason: 'FieldValueNotSupported', field: 'dryRun' }] },
    });
    expect(cluster.find('configmaps', 'default/c')).toBeUndefined();
  });

  it('does not use up allocated values: a dry-run Service and the real one get the same clusterIP', async () => {
    const { call } = setup();
    const path = '/api/v1/namespaces/default/services';
    const dry = await call('POST', `${path}?dryRun=All`, { metadata: { name: 's' }, spec: { ports: [{ port: 80 }] } });
    const real = await call('POST', path, { metadata: { name: 's' }, spec: { ports: [{ port: 80 }] } });
    expect(dry.body.spec.clusterIP).toBe(real.body.spec.clusterIP);
  });
});
