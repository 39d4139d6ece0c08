import { describe, expect, it } from 'vitest';
import { Jobs, Pods } from '../resources/builtins.js';
import { useScriptedApi } from '../../test/clientHarness.js';
import { pod } from '../../test/scriptedServer.js';
import { until } from '../../../../tests/support/until.js';

const { api, newClient } = useScriptedApi();

describe('sharing and teardown', () => {
  it('serves 20 subscribers to the same question with one list and one watch', async () => {
    api.answerNextList(() => ({ items: [pod('a', '1')], resourceVersion: '1' }));
    const client = newClient();
    const received: number[] = Array.from({ length: 20 }, () => 0);
    const subscriptions = received.map((_, i) =>
      client.watchResourceList({ resource: Pods, namespace: 'default', labelSelector: { app: 'web' } }).subscribe(() => (received[i] = received[i]! + 1)),
    );
    await until(() => api.watches.length === 1 && received.every((n) => n === 1));
    api.watches[0]!.send({ type: 'ADDED', object: pod('b', '2') });
    await until(() => received.every((n) => n === 2));
    expect(api.lists()).toHaveLength(1);
    expect(api.watches).toHaveLength(1);
    expect(client.connections()).toEqual([expect.objectContaining({ subscribers: 20, transport: 'stream', resourceVersion: '2', events: 1 })]);
    subscriptions.forEach((s) => s.unsubscribe());
  });

  it('aborts the watch when the last subscriber leaves, after the grace period', async () => {
    const client = newClient({ gracePeriodMs: 50 });
    const first = client.watchResource({ resource: Jobs, namespace: 'testhl', name: 'pi' }).subscribe();
    const second = client.watchResource({ resource: Jobs, namespace: 'testhl', name: 'pi' }).subscribe();
    await until(() => api.watches.length === 1);
    first.unsubscribe();
    second.unsubscribe();
    expect(api.watches[0]!.request.aborted).toBe(false);
    await until(() => api.watches[0]!.request.aborted);
    expect(client.connections()).toEqual([]);
    expect(client.stats()).toEqual({ queries: 0, readers: 0, listeners: 0, buckets: 0, objects: 0, unread: 0 });
  });

  it('reuses the open watch when a subscriber comes back within the grace period', async () => {
    const client = newClient({ gracePeriodMs: 1000 });
    client.watchResource({ resource: Jobs, namespace: 'testhl', name: 'pi' }).subscribe().unsubscribe();
    await until(() => api.watches.length === 1);
    const values: unknown[] = [];
    client.watchResource({ resource: Jobs, namespace: 'testhl', name: 'pi' }).subscribe((job) => values.push(job));
    expect(values).toEqual([null]); // served from the cache at once
    expect(api.requests).toHaveLength(2);
    expect(api.watches[0]!.request.aborted).toBe(false);
  });

  it('aborts an in-flight list on unsubscribe', async () => {
    api.answerNextList(() => 'hang');
    const subscription = newClient().watchResourceList({ resource: Pods }).subscribe();
    await until(() => api.lists().length === 1);
    expect(api.lists()[0]!.aborted).toBe(false);
    subscription.unsubscribe();
    await until(() => api.lists()[0]!.aborted);
  });

  it('aborts everything on dispose()', async () => {
    const client = newClient();
    const other = client.watchResourceList({ resource: Pods, namespace: 'kube-system' }).subscribe();
    await until(() => api.openWatches().length === 1);
    client.dispose();
    await until(() => api.openWatches().length === 0);
    expect(other.closed).toBe(true); // dispose completes every live subscription (dispose.test.ts)
  });
});
