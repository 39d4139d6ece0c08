import { describe, expect, it } from 'vitest';
import { Pods } from '../resources/builtins.js';
import { KubeApiError } from '../errors/KubeApiError.js';
import { createKubeClient } from './createKubeClient.js';
import { useScriptedApi } from '../../test/clientHarness.js';
import { until } from '../../../../tests/support/until.js';

const { api, newClient } = useScriptedApi();

describe('credentials', () => {
  it('sends hook headers, never in the URL', async () => {
    const client = newClient({ hooks: { beforeRequest: [({ request }) => request.headers.set('Authorization', 'Bearer s3cret')] } });
    client.watchResourceList({ resource: Pods }).subscribe();
    await until(() => api.watches.length === 1);
    for (const request of api.requests) {
      expect(request.headers.authorization).toBe('Bearer s3cret');
      expect(request.url.href).not.toContain('s3cret');
    }
  });

  it("never sends one cluster's headers to another", async () => {
    const tokens: Record<string, string> = { calico3: 'token-a', other: 'token-b' };
    const client = newClient({ clusterHeaders: (cluster) => (cluster ? { Authorization: `Bearer ${tokens[cluster]}` } : undefined) });
    client.watchResourceList({ cluster: 'calico3', resource: Pods }).subscribe();
    client.watchResourceList({ cluster: 'other', resource: Pods }).subscribe();
    client.watchResourceList({ resource: Pods }).subscribe();
    await until(() => api.watches.length === 3);
    for (const request of api.requests) {
      const path = request.url.pathname;
      const expected = path.startsWith('/kubernetes/calico3/') ? 'Bearer token-a' : path.startsWith('/kubernetes/other/') ? 'Bearer token-b' : undefined;
      expect(request.headers.authorization).toBe(expected);
    }
  });

  it('refuses a baseUrl that carries credentials', () => {
    expect(() => createKubeClient({ baseUrl: 'http://admin:pw@127.0.0.1:1' })).toThrow(KubeApiError);
  });

  it('keeps credentials out of error messages', async () => {
    api.answerNextList(() => ({ status: 401, headers: { 'Content-Type': 'text/html' }, body: '<html>login</html>' }));
    const client = newClient({ hooks: { beforeRequest: [({ request }) => request.headers.set('Authorization', 'Bearer s3cret')] } });
    const error = await new Promise<KubeApiError>((resolve) => client.watchResourceList({ resource: Pods }).subscribe({ error: resolve }));
    expect(error.code).toBe(401);
    expect(JSON.stringify({ message: error.message, status: error.status })).not.toContain('s3cret');
  });
});
