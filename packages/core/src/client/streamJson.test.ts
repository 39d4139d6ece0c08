import { describe, expect, it } from 'vitest';
import { lastValueFrom, toArray } from 'rxjs';
import { KubeApiError } from '../errors/KubeApiError.js';
import { useScriptedApi } from '../../test/clientHarness.js';
import { until } from '../../../../tests/support/until.js';

const { api, newClient } = useScriptedApi();

describe('streamJson', () => {
  it('emits each gRPC-gateway result and completes at the end of the response', async () => {
    api.answerNextList((url) => {
      expect(url.pathname).toBe('/kubernetes/calico3/v1/export/pods');
      expect(url.search).toBe('?timeout=30s&query=app=web');
      const lines = [{ result: { pod: { metadata: { name: 'a' } } } }, { result: { pod: { metadata: { name: 'b' } } } }];
      return { status: 200, headers: { 'Content-Type': 'application/json' }, body: lines.map((l) => JSON.stringify(l)).join('\n') };
    });
    const values = await lastValueFrom(
      newClient().streamJson<{ pod: { metadata: { name: string } } }>('/v1/export/pods', { cluster: 'calico3', query: { timeout: '30s', query: 'app=web' } }).pipe(toArray()),
    );
    expect(values.map((v) => v.pod.metadata.name)).toEqual(['a', 'b']);
  });

  it('errors with a typed error on an {"error": ...} envelope', async () => {
    api.answerNextList(() => ({
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: `${JSON.stringify({ result: { pod: {} } })}\n${JSON.stringify({ error: { code: 14, message: 'backend unavailable', details: [] } })}\n`,
    }));
    const error = await lastValueFrom(newClient().streamJson('/v1/export/pods')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeApiError);
    expect(error).toMatchObject({ code: 503, message: 'backend unavailable', retryable: true });
  });

  it('refuses a path that could leave its prefix', async () => {
    const error = await lastValueFrom(newClient().streamJson('/v1/../../secrets')).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'Invalid' });
    expect(api.requests).toHaveLength(0);
  });

  it('aborts the request on unsubscribe', async () => {
    api.answerNextWatch(() => 'stream');
    const subscription = newClient().streamJson('/v1/export/pods', { query: { watch: true } }).subscribe();
    await until(() => api.watches.length === 1);
    subscription.unsubscribe();
    await until(() => api.watches[0]!.request.aborted);
  });
});
