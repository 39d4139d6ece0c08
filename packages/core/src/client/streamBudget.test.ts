import { describe, expect, it } from 'vitest';
import { Pods } from '../resources/builtins.js';
import { useScriptedApi } from '../../test/clientHarness.js';
import { pod } from '../../test/scriptedServer.js';
import { until } from '../../../../tests/support/until.js';
import { protocolBudget } from '../browser/protocolBudget.js';

const { api, newClient } = useScriptedApi();

describe('the watch stream budget', () => {
  it('polls the queries over maxWatchStreams, and gives them a stream when one frees up', async () => {
    const client = newClient({ maxWatchStreams: 2, pollInterval: 20 });
    const namespaces = ['a', 'b', 'c'];
    const seen = new Map<string, string[]>();
    api.setDefaultList((url) => {
      const namespace = url.pathname.split('/')[4]!;
      return { items: [{ ...pod(`${namespace}-pod`, '1'), metadata: { ...pod(`${namespace}-pod`, '1').metadata, namespace } }], resourceVersion: '1' };
    });
    const subscriptions = namespaces.map((namespace) =>
      client.watchResourceList({ resource: Pods, namespace }).subscribe((pods) => seen.set(namespace, pods.map((p) => p.metadata!.name!))),
    );
    await until(() => api.openWatches().length === 2 && seen.size === 3);
    expect(client.connections().map((c) => c.transport)).toEqual(['stream', 'stream', 'poll']);
    await until(() => api.lists().filter((r) => r.url.pathname.includes('/namespaces/c/')).length >= 3); // c polls
    expect(api.watches.some((w) => w.request.url.pathname.includes('/namespaces/c/'))).toBe(false);

    subscriptions[0]!.unsubscribe();
    await until(() => api.openWatches().some((w) => w.request.url.pathname.includes('/namespaces/c/')));
    expect(client.connections().map((c) => [c.namespace, c.transport])).toEqual([['b', 'stream'], ['c', 'stream']]);
    expect(seen.get('c')).toEqual(['c-pod']);
    expect(api.openWatches()).toHaveLength(2);
  });

  it('is unlimited outside a browser, with or without the protocol budget add-on', async () => {
    newClient().watchResourceList({ resource: Pods, namespace: 'z' }).subscribe();
    const client = newClient({ environment: protocolBudget() });
    for (const namespace of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) client.watchResourceList({ resource: Pods, namespace }).subscribe();
    await until(() => api.openWatches().length === 8);
  });
});
