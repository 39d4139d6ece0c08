import { describe, expect, it } from 'vitest';
import { ConfigMaps, Jobs, Namespaces } from '../resources/builtins.js';
import { KubeApiError } from '../errors/KubeApiError.js';
import { useScriptedApi } from '../../test/clientHarness.js';
import { status } from '../../test/scriptedServer.js';

const { api, newClient } = useScriptedApi();
const json = (value: unknown) => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) });

describe('one-shot requests', () => {
  it('gets an object by its item path', async () => {
    api.answerNextList(() => json({ kind: 'Job', metadata: { name: 'pi' } }));
    const job = await newClient().getResource({ cluster: 'calico3', resource: Jobs, namespace: 'testhl', name: 'pi' });
    expect(job.metadata?.name).toBe('pi');
    expect(api.requests[0]!.url.pathname).toBe('/kubernetes/calico3/apis/batch/v1/namespaces/testhl/jobs/pi');
  });

  it('lists every page', async () => {
    api.answerNextList(() => ({ items: [{ metadata: { name: 'a' } }], resourceVersion: '3', continue: 'c1' }));
    api.answerNextList(() => ({ items: [{ metadata: { name: 'b' } }], resourceVersion: '3' }));
    const list = await newClient().listResources({ resource: Namespaces });
    expect(list.items.map((n) => n.metadata?.name)).toEqual(['a', 'b']);
    expect(list.resourceVersion).toBe('3');
    expect(api.requests[1]!.url.searchParams.get('continue')).toBe('c1');
  });

  it('creates with POST to the collection, with apiVersion and kind filled in', async () => {
    api.answerNextList((_, request) => json(JSON.parse(request.body)));
    const created = await newClient().createResource({ resource: ConfigMaps, namespace: 'default', body: { metadata: { name: 'cfg' }, data: { a: '1' } } });
    expect(api.requests[0]!.method).toBe('POST');
    expect(api.requests[0]!.url.pathname).toBe('/api/v1/namespaces/default/configmaps');
    expect(created).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', data: { a: '1' } });
  });

  it('surfaces 409 Conflict on an update with a stale resourceVersion', async () => {
    api.answerNextList(() => status(409, 'Conflict', 'the object has been modified; please apply your changes to the latest version and try again'));
    const update = newClient().updateResource({ resource: ConfigMaps, namespace: 'default', body: { metadata: { name: 'cfg', resourceVersion: '1' } } });
    await expect(update).rejects.toMatchObject({ name: 'KubeApiError', code: 409, reason: 'Conflict', retryable: false });
    expect(api.requests[0]!.method).toBe('PUT');
    expect(api.requests[0]!.url.pathname).toBe('/api/v1/namespaces/default/configmaps/cfg');
  });

  it.each([
    ['merge', 'application/merge-patch+json', ''],
    ['json', 'application/json-patch+json', ''],
    ['strategic', 'application/strategic-merge-patch+json', ''],
    ['apply', 'application/apply-patch+yaml', '?fieldManager=console&force=true'],
  ] as const)('patches with the %s content type', async (patchType, contentType, search) => {
    api.answerNextList(() => json({ kind: 'Job' }));
    await newClient().patchResource({ resource: Jobs, namespace: 'testhl', name: 'pi', patch: { spec: { suspend: true } }, patchType, ...(patchType === 'apply' ? { force: true, fieldManager: 'console' } : {}) });
    expect(api.requests[0]!.method).toBe('PATCH');
    expect(api.requests[0]!.headers['content-type']).toBe(contentType);
    expect(api.requests[0]!.url.search).toBe(search);
  });

  it('refuses a server-side apply without an explicit field manager, before any request', async () => {
    const error = await newClient()
      .patchResource({ resource: Jobs, namespace: 'testhl', name: 'pi', patch: { spec: { suspend: true } }, patchType: 'apply' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'Invalid', status: { details: { causes: [{ field: 'fieldManager' }] } } });
    expect(api.requests).toHaveLength(0);
  });

  it('deletes with a propagation policy', async () => {
    api.answerNextList(() => json({ kind: 'Status', status: 'Success' }));
    await newClient().deleteResource({ resource: Jobs, namespace: 'testhl', name: 'pi', propagationPolicy: 'Background' });
    expect(api.requests[0]!.method).toBe('DELETE');
    expect(api.requests[0]!.url.search).toBe('?propagationPolicy=Background');
  });

  it('times out a request the server never answers', async () => {
    api.answerNextList(() => 'hang');
    const error = await newClient({ requestTimeoutMs: 50 }).getResource({ resource: Jobs, namespace: 'testhl', name: 'pi' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeApiError);
    expect(error).toMatchObject({ reason: 'Timeout', retryable: true });
  });

  it('turns a refused connection into a retryable NetworkError', async () => {
    const client = newClient({ baseUrl: 'http://127.0.0.1:9' });
    const error = await client.getResource({ resource: Jobs, namespace: 'testhl', name: 'pi' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'KubeApiError', code: 0, reason: 'NetworkError', retryable: true });
  });
});
