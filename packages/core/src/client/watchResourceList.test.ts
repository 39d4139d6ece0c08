import { describe, expect, it } from 'vitest';
import { Pods } from '../resources/builtins.js';
import { KubeApiError } from '../errors/KubeApiError.js';
import { useScriptedApi } from '../../test/clientHarness.js';
import { pod, status } from '../../test/scriptedServer.js';
import { until } from '../../../../tests/support/until.js';

const { api, newClient } = useScriptedApi();
const names = (pods: readonly { metadata?: { name?: string } }[]) => pods.map((p) => p.metadata?.name);

describe('watchResourceList', () => {
  it('lists, then watches from the list resourceVersion and emits each change', async () => {
    api.answerNextList(() => ({ items: [pod('b', '5'), pod('a', '4')], resourceVersion: '10' }));
    const seen: (string | undefined)[][] = [];
    const sub = newClient().watchResourceList({ resource: Pods, namespace: 'default' }).subscribe((pods) => seen.push(names(pods)));
    await until(() => api.watches.length === 1);
    expect(seen).toEqual([['a', 'b']]);
    const watchUrl = api.watches[0]!.request.url;
    expect(watchUrl.pathname).toBe('/api/v1/namespaces/default/pods');
    expect(watchUrl.search).toBe('?watch=true&allowWatchBookmarks=true&timeoutSeconds=59&resourceVersion=10');
    api.watches[0]!.send({ type: 'ADDED', object: pod('c', '11') });
    await until(() => seen.length === 2);
    api.watches[0]!.send({ type: 'DELETED', object: pod('a', '12') });
    await until(() => seen.length === 3);
    expect(seen.slice(1)).toEqual([['a', 'b', 'c'], ['b', 'c']]);
    sub.unsubscribe();
  });

  it('sends label and field selectors on the list and the watch', async () => {
    newClient().watchResourceList({ resource: Pods, namespace: 'testhl', labelSelector: { app: 'web' }, fieldSelector: 'status.phase=Running' }).subscribe();
    await until(() => api.watches.length === 1);
    expect(api.lists()[0]!.url.search).toBe('?labelSelector=app=web&fieldSelector=status.phase=Running&limit=500');
    expect(api.watches[0]!.request.url.searchParams.get('labelSelector')).toBe('app=web');
  });

  it('emits nothing before the first answer: no placeholder []', async () => {
    const seen: unknown[] = [];
    newClient().watchResourceList({ resource: Pods }).subscribe((pods) => seen.push(pods));
    expect(seen).toEqual([]);
    await until(() => seen.length === 1);
    expect(api.requests[0]!.url.pathname).toBe('/api/v1/pods');
  });

  it('keeps the identity of unchanged objects and freezes them', async () => {
    api.answerNextList(() => ({ items: [pod('a', '1'), pod('b', '2')], resourceVersion: '2' }));
    const seen: (readonly { metadata?: { name?: string } }[])[] = [];
    newClient().watchResourceList({ resource: Pods, namespace: 'default' }).subscribe((pods) => seen.push(pods));
    await until(() => api.watches.length === 1);
    api.watches[0]!.send({ type: 'MODIFIED', object: pod('b', '3', { spec: { nodeName: 'n1' } }) });
    await until(() => seen.length === 2);
    expect(seen[1]![0]).toBe(seen[0]![0]);
    expect(seen[1]![1]).not.toBe(seen[0]![1]);
    expect(Object.isFrozen(seen[1]![1])).toBe(true);
    expect(Object.isFrozen(seen[1])).toBe(true);
  });

  it('does not emit when an event repeats a version it already has', async () => {
    api.answerNextList(() => ({ items: [pod('a', '5')], resourceVersion: '5' }));
    const seen: unknown[] = [];
    newClient().watchResourceList({ resource: Pods, namespace: 'default' }).subscribe((pods) => seen.push(pods));
    await until(() => api.watches.length === 1);
    api.watches[0]!.send({ type: 'MODIFIED', object: pod('a', '5') });
    api.watches[0]!.send({ type: 'ADDED', object: pod('z', '6') });
    await until(() => seen.length === 2);
    expect(seen).toHaveLength(2);
  });

  it('follows continue tokens and shows the list only once complete', async () => {
    api.answerNextList(() => ({ items: [pod('a', '1')], resourceVersion: '9', continue: 'page2' }));
    api.answerNextList((url) => {
      expect(url.searchParams.get('continue')).toBe('page2');
      return { items: [pod('b', '2')], resourceVersion: '9' };
    });
    const seen: (string | undefined)[][] = [];
    newClient().watchResourceList({ resource: Pods, namespace: 'default' }).subscribe((pods) => seen.push(names(pods)));
    await until(() => api.watches.length === 1);
    expect(seen).toEqual([['a', 'b']]);
    expect(api.watches[0]!.request.url.searchParams.get('resourceVersion')).toBe('9');
  });

  it('errors the Observable with a KubeApiError on 403', async () => {
    api.answerNextList(() => status(403, 'Forbidden', 'pods is forbidden'));
    const error = await new Promise<unknown>((resolve) => newClient().watchResourceList({ resource: Pods }).subscribe({ error: resolve }));
    expect(error).toBeInstanceOf(KubeApiError);
    expect((error as KubeApiError).reason).toBe('Forbidden');
    expect((error as KubeApiError).message).toBe('pods is forbidden');
    expect(api.requests).toHaveLength(1);
  });

  it('surfaces an HTML login page answered with 200 as an error, not data', async () => {
    api.answerNextList(() => ({ status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html><body>Sign in</body></html>' }));
    const error = await new Promise<unknown>((resolve) => newClient().watchResourceList({ resource: Pods }).subscribe({ error: resolve }));
    expect(error).toBeInstanceOf(KubeApiError);
    expect((error as KubeApiError).reason).toBe('InvalidResponse');
    expect((error as KubeApiError).message).toContain('text/html');
  });

  it('refuses a bad selector before any request', async () => {
    const error = await new Promise<unknown>((resolve) =>
      newClient().watchResourceList({ resource: Pods, labelSelector: 'app=web&watch=false' }).subscribe({ error: resolve }),
    );
    expect((error as KubeApiError).reason).toBe('Invalid');
    expect(api.requests).toHaveLength(0);
  });
});
