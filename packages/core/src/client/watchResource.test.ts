import { describe, expect, it } from 'vitest';
import { Jobs } from '../resources/builtins.js';
import { defineResource } from '../resources/resourceType.js';
import { useScriptedApi } from '../../test/clientHarness.js';
import { until } from '../../../../tests/support/until.js';

const { api, newClient } = useScriptedApi();

const MicroServices = defineResource({ group: 'asm.alauda.io', version: 'v1beta3', plural: 'microservices', kind: 'MicroService', namespaced: true });
const job = (name: string, resourceVersion: string, succeeded = 0) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, namespace: 'testhl', resourceVersion },
  status: { succeeded },
});

describe('watchResource', () => {
  it('watches one object the console way: its collection with fieldSelector=metadata.name', async () => {
    api.answerNextList(() => ({ items: [{ metadata: { name: 'asm-cal3', namespace: 'testhl', resourceVersion: '5937358' } }], resourceVersion: '5937358' }));
    const client = newClient({ baseUrl: `${api.url}/api-gateway` });
    const seen: unknown[] = [];
    client.watchResource({ cluster: 'calico3', resource: MicroServices, namespace: 'testhl', name: 'asm-cal3' }).subscribe((m) => seen.push(m));
    await until(() => api.watches.length === 1);
    const list = api.lists()[0]!.url;
    expect(list.pathname).toBe('/api-gateway/kubernetes/calico3/apis/asm.alauda.io/v1beta3/namespaces/testhl/microservices');
    expect(list.search).toBe('?fieldSelector=metadata.name=asm-cal3&limit=500');
    const watch = api.watches[0]!.request.url;
    expect(watch.pathname + watch.search).toBe(
      '/api-gateway/kubernetes/calico3/apis/asm.alauda.io/v1beta3/namespaces/testhl/microservices?fieldSelector=metadata.name=asm-cal3&watch=true&allowWatchBookmarks=true&timeoutSeconds=59&resourceVersion=5937358',
    );
    expect(seen).toEqual([expect.objectContaining({ kind: 'MicroService', apiVersion: 'asm.alauda.io/v1beta3' })]);
  });

  it('emits null while the object does not exist, then the object, its updates, and null after DELETED', async () => {
    const seen: unknown[] = [];
    newClient().watchResource({ resource: Jobs, namespace: 'testhl', name: 'pi' }).subscribe((j) => seen.push(j?.status?.succeeded ?? null));
    await until(() => api.watches.length === 1);
    expect(seen).toEqual([null]);
    api.watches[0]!.send({ type: 'ADDED', object: job('pi', '2') });
    await until(() => seen.length === 2);
    api.watches[0]!.send({ type: 'MODIFIED', object: job('pi', '3', 1) });
    await until(() => seen.length === 3);
    api.watches[0]!.send({ type: 'DELETED', object: job('pi', '4', 1) });
    await until(() => seen.length === 4);
    expect(seen).toEqual([null, 0, 1, null]);
  });

  it('refuses names that would leave the collection, before any request', async () => {
    for (const name of ['../secrets', 'a/b', '%2F', 'UPPER', '', 'x'.repeat(254)]) {
      const error = await new Promise<unknown>((resolve) => newClient().watchResource({ resource: Jobs, namespace: 'testhl', name }).subscribe({ error: resolve }));
      expect(error).toMatchObject({ name: 'KubeApiError', reason: 'Invalid', code: 400 });
    }
    const error = await new Promise<unknown>((resolve) => newClient().watchResource({ cluster: 'a/b', resource: Jobs, namespace: 'testhl', name: 'pi' }).subscribe({ error: resolve }));
    expect(error).toMatchObject({ reason: 'Invalid' });
    expect(api.requests).toHaveLength(0);
  });
});
