// Server-side apply and field ownership through the fetch-style core:
// managedFields per manager, 409 FieldManagerConflict causes, force, prune,
// and Update entries for the other writes.
import { describe, expect, it } from 'vitest';
import { FakeModel } from '../model/model.js';
import { createApiCore } from './core.js';

const APPLY = { 'content-type': 'application/apply-patch+yaml' };
const MERGE_PATCH = { 'content-type': 'application/merge-patch+json' };
const PATH = '/apis/apps/v1/namespaces/default/deployments';

function setup() {
  let now = Date.parse('2026-12-01T10:00:00Z');
  const model = new FakeModel({ clusters: [], clock: () => now });
  const core = createApiCore({ model, gatewayBase: '' });
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await core.handle(
      new Request(`http://fake${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
    );
    return { status: response.status, body: await response.json() };
  };
  const apply = (query: string, body: unknown) => call('PATCH', `${PATH}/shop?${query}`, body, APPLY);
  return { call, apply, cluster: model.cluster(), later: () => (now += 60_000) };
}

const deployment = (spec: { replicas?: number; image?: string; env?: Array<{ name: string; value: string }> }) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'shop' },
  spec: {
    ...(spec.replicas !== undefined ? { replicas: spec.replicas } : {}),
    selector: { matchLabels: { app: 'shop' } },
    template: {
      metadata: { labels: { app: 'shop' } },
      spec: { containers: [{ name: 'c', image: spec.image ?? 'shop:1', ...(spec.env ? { env: spec.env } : {}) }] },
    },
  },
});

const entry = (obj: any, manager: string, operation: string) => obj.metadata.managedFields.find((m: any) => m.manager === manager && m.operation === operation);
const owners = (obj: any) => obj.metadata.managedFields.map((m: any) => `${m.manager}/${m.operation}`);

describe('PatchOptions', () => {
  it('an apply without fieldManager is 422 Invalid, as ValidatePatchOptions words it', async () => {
    const { apply, cluster } = setup();
    const refused = await apply('', deployment({ replicas: 1 }));
    expect(refused).toEqual({
      status: 422,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
        reason: 'Invalid',
        details: { group: 'meta.k8s.io', kind: 'PatchOptions', causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }] },
        code: 422,
      },
    });
    expect(cluster.find('deployments', 'default/shop')).toBeUndefined();
  });

  it('force on a patch that is not an apply is 422 Invalid', async () => {
    const { call, apply } = setup();
    await apply('fieldManager=a', deployment({ replicas: 1 }));
    const refused = await call('PATCH', `${PATH}/shop?force=true`, { spec: { replicas: 2 } }, MERGE_PATCH);
    expect(refused.status).toBe(422);
    expect(refused.body.message).toBe('PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch');
  });
});

describe('managedFields', () => {
  it('a create records an Update entry, in fieldsV1 notation, for every field it set', async () => {
    const { call } = setup();
    const created = (await call('POST', `${PATH}?fieldManager=creator`, { ...deployment({ replicas: 2 }), metadata: { name: 'shop', labels: { app: 'shop' } } })).body;
    expect(created.metadata.managedFields).toHaveLength(1);
    const creator = entry(created, 'creator', 'Update');
    expect(creator).toMatchObject({ apiVersion: 'apps/v1', time: '2026-12-01T10:00:00Z', fieldsType: 'FieldsV1' });
    expect(creator.fieldsV1['f:metadata']).toEqual({ 'f:labels': { '.': {}, 'f:app': {} } });
    expect(creator.fieldsV1['f:spec']['f:replicas']).toEqual({});
    expect(creator.fieldsV1['f:spec']['f:template']['f:spec']).toEqual({ 'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:image': {}, 'f:name': {} } } });
    expect(creator.fieldsV1['f:status']).toBeUndefined();
  });

  it('without fieldManager a write is recorded under the user agent up to its first slash', async () => {
    const { call } = setup();
    const created = await call('POST', PATH, deployment({ replicas: 1 }), { 'user-agent': 'kubectl/v1.32.4 (linux/amd64) kubernetes/abcdef' });
    expect(owners(created.body)).toEqual(['kubectl/Update']);
  });

  it('an update takes the fields it changed from other managers; a write that changes nothing records nothing', async () => {
    const { call, apply, later } = setup();
    await apply('fieldManager=deployer', deployment({ replicas: 2 }));
    later();
    const scaled = (await call('PATCH', `${PATH}/shop?fieldManager=scaler`, { spec: { replicas: 4 } }, MERGE_PATCH)).body;
    expect(owners(scaled)).toEqual(['deployer/Apply', 'scaler/Update']);
    expect(entry(scaled, 'scaler', 'Update')).toMatchObject({ time: '2026-12-01T10:01:00Z', fieldsV1: { 'f:spec': { 'f:replicas': {} } } });
    expect(entry(scaled, 'deployer', 'Apply').fieldsV1['f:spec']['f:replicas']).toBeUndefined();
    const same = await call('PATCH', `${PATH}/shop?fieldManager=other`, { spec: { replicas: 4 } }, MERGE_PATCH);
    expect(same.body.metadata.resourceVersion).toBe(scaled.metadata.resourceVersion);
    expect(owners(same.body)).toEqual(['deployer/Apply', 'scaler/Update']);
  });
});

describe('server-side apply conflicts', () => {
  it('changing a field another manager owns is 409 with one FieldManagerConflict cause per field, and nothing changes', async () => {
    const { call, apply, cluster } = setup();
    await call('POST', `${PATH}?fieldManager=kubectl-client-side-apply`, deployment({ replicas: 2 }));
    const before = cluster.get('deployments', 'default/shop');
    const refused = await apply('fieldManager=deployer', deployment({ replicas: 5 }));
    expect(refused).toEqual({
      status: 409,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
        reason: 'Conflict',
        details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }] },
        code: 409,
      },
    });
    expect(cluster.get('deployments', 'default/shop')).toBe(before);
  });

  it('lists several conflicts grouped by manager, managers sorted', async () => {
    const { call, apply } = setup();
    await call('POST', `${PATH}?fieldManager=zeta`, deployment({ replicas: 2 }));
    await call('PATCH', `${PATH}/shop?fieldManager=alpha`, { spec: { template: { spec: { containers: [{ name: 'c', image: 'shop:9' }] } } } }, { 'content-type': 'application/strategic-merge-patch+json' });
    const refused = await apply('fieldManager=deployer', deployment({ replicas: 5, image: 'shop:2' }));
    expect(refused.body.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "alpha" using apps/v1:\n- .spec.template.spec.containers[name="c"].image\nconflicts with "zeta" using apps/v1:\n- .spec.replicas',
    );
    expect(refused.body.details.causes.map((c: any) => c.field).toSorted()).toEqual(['.spec.replicas', '.spec.template.spec.containers[name="c"].image']);
  });

  it('applying the value another manager set shares the field instead of conflicting', async () => {
    const { call, apply } = setup();
    await call('POST', `${PATH}?fieldManager=creator`, deployment({ replicas: 2 }));
    const shared = await apply('fieldManager=deployer', deployment({ replicas: 2 }));
    expect(shared.status).toBe(200);
    expect(entry(shared.body, 'deployer', 'Apply').fieldsV1['f:spec']['f:replicas']).toEqual({});
    expect(entry(shared.body, 'creator', 'Update').fieldsV1['f:spec']['f:replicas']).toEqual({});
  });

  it('force=true takes the conflicting fields over', async () => {
    const { call, apply } = setup();
    await call('POST', `${PATH}?fieldManager=creator`, deployment({ replicas: 2 }));
    const forced = await apply('fieldManager=deployer&force=true', deployment({ replicas: 5 }));
    expect(forced.status).toBe(200);
    expect(forced.body.spec.replicas).toBe(5);
    expect(entry(forced.body, 'deployer', 'Apply').fieldsV1['f:spec']['f:replicas']).toEqual({});
    expect(entry(forced.body, 'creator', 'Update').fieldsV1['f:spec']['f:replicas']).toBeUndefined();
    // Now the creator's own apply of its old value would conflict with the deployer.
    const back = await apply('fieldManager=creator', deployment({ replicas: 2 }));
    expect(back.body.details.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "deployer"', field: '.spec.replicas' }]);
  });

  it('an apply that stops setting a field removes it, unless another manager owns it', async () => {
    const { call, apply } = setup();
    await apply('fieldManager=deployer', deployment({ replicas: 2, env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }));
    await call('PATCH', `${PATH}/shop?fieldManager=scaler`, { spec: { replicas: 3 } }, MERGE_PATCH);
    const pruned = (await apply('fieldManager=deployer', deployment({ env: [{ name: 'A', value: '1' }] }))).body;
    expect(pruned.spec.template.spec.containers[0].env).toEqual([{ name: 'A', value: '1' }]);
    expect(pruned.spec.replicas).toBe(3);
  });

  it('an apply by the same manager never conflicts with itself', async () => {
    const { apply } = setup();
    expect((await apply('fieldManager=deployer', deployment({ replicas: 2 }))).status).toBe(201);
    const again = await apply('fieldManager=deployer', deployment({ replicas: 6 }));
    expect(again.status).toBe(200);
    expect(again.body.spec.replicas).toBe(6);
    expect(owners(again.body)).toEqual(['deployer/Apply']);
  });

  it('kubectl moving from client-side apply: fields the annotation still holds are taken over, and the annotation follows', async () => {
    const { call, apply } = setup();
    const clientSide = deployment({ replicas: 2 });
    const annotated = { ...clientSide, metadata: { name: 'shop', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `${JSON.stringify(clientSide)}\n` } } };
    await call('POST', `${PATH}?fieldManager=kubectl-client-side-apply`, annotated);
    // Another manager gets the conflict: the allowance is kubectl's alone.
    expect((await apply('fieldManager=deployer', deployment({ replicas: 5 }))).status).toBe(409);
    const upgraded = await apply('fieldManager=kubectl', deployment({ replicas: 5 }));
    expect(upgraded.status).toBe(200);
    expect(upgraded.body.spec.replicas).toBe(5);
    expect(JSON.parse(upgraded.body.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).spec.replicas).toBe(5);
    // Once the live value drifts from the annotation, kubectl gets the conflict too.
    await call('PATCH', `${PATH}/shop?fieldManager=kubectl-patch`, { spec: { replicas: 3 } }, MERGE_PATCH);
    const drifted = await apply('fieldManager=kubectl', deployment({ replicas: 4 }));
    expect(drifted.body.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-patch" using apps/v1: .spec.replicas');
  });

  it('an apply to /status owns status fields under an entry for the subresource, and leaves spec alone', async () => {
    const { call } = setup();
    const jobs = '/apis/batch/v1/namespaces/default/jobs';
    await call('POST', `${jobs}?fieldManager=creator`, { metadata: { name: 'pi' }, spec: { completions: 2 } });
    const status = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi' }, spec: { completions: 9 }, status: { active: 1 } };
    const applied = (await call('PATCH', `${jobs}/pi/status?fieldManager=job-controller`, status, APPLY)).body;
    expect(applied.status.active).toBe(1);
    expect(applied.spec.completions).toBe(2);
    expect(entry(applied, 'job-controller', 'Apply')).toMatchObject({ subresource: 'status', fieldsV1: { 'f:status': { 'f:active': {} } } });
    expect(owners(applied)).toEqual(['job-controller/Apply', 'creator/Update']);
  });

  it('refuses a configuration that carries managedFields, or names another version', async () => {
    const { apply } = setup();
    const body = { ...deployment({ replicas: 1 }), metadata: { name: 'shop', managedFields: [] } };
    expect((await apply('fieldManager=deployer', body)).body).toMatchObject({ code: 400, message: 'metadata.managedFields must be nil' });
    const { apiVersion: _, ...unversioned } = deployment({ replicas: 1 });
    expect((await apply('fieldManager=deployer', unversioned)).body).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'Incorrect version specified in apply patch. Specified patch version: , expected: apps/v1',
    });
  });
});
