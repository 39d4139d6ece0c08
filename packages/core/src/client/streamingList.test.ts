import { describe, expect, it } from 'vitest';
import { Pods } from '../resources/builtins.js';
import { useScriptedApi } from '../../test/clientHarness.js';
import { pod, status } from '../../test/scriptedServer.js';
import { until } from '../../../../tests/support/until.js';

const { api, newClient } = useScriptedApi();
const endBookmark = (resourceVersion: string) => ({
  type: 'BOOKMARK',
  object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion, annotations: { 'k8s.io/initial-events-end': 'true' } } },
});

describe('streaming lists', () => {
  it('starts with sendInitialEvents and shows the list at the initial-events-end bookmark', async () => {
    const seen: string[][] = [];
    newClient({ streamingLists: true }).watchResourceList({ resource: Pods, namespace: 'default' }).subscribe((pods) => seen.push(pods.map((p) => p.metadata!.name!)));
    await until(() => api.watches.length === 1);
    expect(api.watches[0]!.request.url.search).toBe('?watch=true&allowWatchBookmarks=true&timeoutSeconds=59&resourceVersionMatch=NotOlderThan&sendInitialEvents=true');
    api.watches[0]!.send({ type: 'ADDED', object: pod('a', '3') });
    api.watches[0]!.send({ type: 'ADDED', object: pod('b', '4') });
    api.watches[0]!.send(endBookmark('9'));
    await until(() => seen.length === 1);
    api.watches[0]!.send({ type: 'ADDED', object: pod('c', '10') });
    await until(() => seen.length === 2);
    expect(seen).toEqual([['a', 'b'], ['a', 'b', 'c']]);
    expect(api.lists()).toHaveLength(0);
  });

  it('shows none of the initial events of a streaming list that ends before its bookmark', async () => {
    const seen: string[][] = [];
    newClient({ streamingLists: true }).watchResourceList({ resource: Pods, namespace: 'default' }).subscribe((pods) => seen.push(pods.map((p) => p.metadata!.name!)));
    await until(() => api.watches.length === 1);
    api.answerNextList(() => ({ items: [pod('c', '12')], resourceVersion: '12' }));
    api.watches[0]!.send({ type: 'ADDED', object: pod('a', '3') });
    api.watches[0]!.send({ type: 'ADDED', object: pod('b', '4') });
    api.watches[0]!.end();
    // The fallback list and its watch come after the client read the whole response.
    await until(() => seen.length === 1 && api.watches.length === 2);
    expect(seen).toEqual([['c']]);
    expect(api.lists()).toHaveLength(1);
  });

  it('falls back to list and watch when the server rejects sendInitialEvents', async () => {
    api.answerNextWatch(() => status(422, 'Invalid', 'sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled'));
    api.answerNextList(() => ({ items: [pod('a', '1')], resourceVersion: '1' }));
    const seen: unknown[] = [];
    newClient({ streamingLists: true }).watchResourceList({ resource: Pods }).subscribe((pods) => seen.push(pods));
    await until(() => seen.length === 1 && api.watches.length === 1);
    expect(api.lists()).toHaveLength(1);
    expect(api.watches[0]!.request.url.searchParams.get('resourceVersion')).toBe('1');
  });
});
