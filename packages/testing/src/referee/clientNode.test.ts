// Referee: @kubernetes/client-node 2's informer (ListWatch) against the fake.
import { CoreV1Api, KubeConfig, makeInformer, Watch, type V1Pod } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeApiServer, type FakeApiServer } from '../server/startFakeApiServer.js';

let server: FakeApiServer | undefined;
let stopInformer: (() => Promise<void>) | undefined;

afterEach(async () => {
  await stopInformer?.();
  stopInformer = undefined;
  await server?.close();
  server = undefined;
});

function kubeConfig(url: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server: url, skipTLSVerify: true }],
    users: [{ name: 'fake' }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'fake' }],
    currentContext: 'fake',
  });
  return kc;
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function startInformer(namespace: string) {
  const kc = kubeConfig(server!.url);
  const api = kc.makeApiClient(CoreV1Api);
  const informer = makeInformer<V1Pod>(kc, `/api/v1/namespaces/${namespace}/pods`, () => api.listNamespacedPod({ namespace }));
  const log: string[] = [];
  const errors: unknown[] = [];
  informer.on('add', (p) => log.push(`add ${p.metadata?.name}`));
  informer.on('update', (p) => log.push(`update ${p.metadata?.name}`));
  informer.on('delete', (p) => log.push(`delete ${p.metadata?.name}`));
  informer.on('error', (err) => errors.push(err));
  await informer.start();
  stopInformer = () => informer.stop();
  const names = () => informer.list(namespace).map((p) => p.metadata!.name!).toSorted();
  return { informer, log, errors, names };
}

describe('@kubernetes/client-node informer', () => {
  it('syncs the list, then follows creates, updates and deletes', async () => {
    server = await startFakeApiServer({ bookmarkIntervalMs: 100 });
    const cluster = server.clusters.global;
    cluster.create('pods', { metadata: { name: 'a', namespace: 'testhl' } });
    cluster.create('pods', { metadata: { name: 'b', namespace: 'testhl' } });
    cluster.create('pods', { metadata: { name: 'elsewhere', namespace: 'default' } });
    const { informer, log, errors, names } = await startInformer('testhl');
    await until(() => names().join() === 'a,b', 'the initial list');
    await server.requests.waitFor((r) => r.openWatches({ resource: 'pods', namespace: 'testhl' }) === 1);
    const watch = server.requests.all({ watch: true, resource: 'pods' })[0]!;
    expect(watch.query.resourceVersion).toBe(cluster.resourceVersion);

    cluster.create('pods', { metadata: { name: 'c', namespace: 'testhl' } });
    cluster.patch('pods', 'testhl/a', { metadata: { labels: { touched: 'yes' } } });
    cluster.delete('pods', 'testhl/b');
    await until(() => names().join() === 'a,c', 'the changes');
    await until(() => informer.get('a', 'testhl')?.metadata?.labels?.touched === 'yes', 'the update');
    expect(log).toEqual(['add a', 'add b', 'add c', 'update a', 'delete b']);
    expect(errors).toEqual([]);
  });

  it('rewatches from the last version when the server ends a watch, without relisting', async () => {
    server = await startFakeApiServer();
    const cluster = server.clusters.global;
    server.faults.inject({ kind: 'endWatchAfter', events: 1 }, { watch: true });
    const { names, errors } = await startInformer('default');
    await server.requests.waitFor((r) => r.openWatches({ resource: 'pods' }) === 1);
    cluster.create('pods', { metadata: { name: 'x' } });
    await until(() => names().join() === 'x', 'x');
    await until(() => server!.requests.count({ watch: true, resource: 'pods' }) === 2, 'a second watch');
    const second = server.requests.all({ watch: true, resource: 'pods' })[1]!;
    expect(second.query.resourceVersion).toBe(cluster.get<any>('pods', 'default/x').metadata.resourceVersion);
    cluster.create('pods', { metadata: { name: 'y' } });
    await until(() => names().join() === 'x,y', 'y after the rewatch');
    expect(server.requests.count({ verb: 'list', resource: 'pods' })).toBe(1);
    expect(errors).toEqual([]);
  });

  it('receives BOOKMARK events through Watch and resumes from their version', async () => {
    server = await startFakeApiServer({ bookmarkIntervalMs: 30 });
    const cluster = server.clusters.global;
    cluster.create('pods', { metadata: { name: 'before' } });
    const watch = new Watch(kubeConfig(server.url));
    const seen: Array<[string, string | undefined]> = [];
    let ended = false;
    const controller = await watch.watch(
      '/api/v1/namespaces/default/pods',
      { allowWatchBookmarks: true, resourceVersion: cluster.resourceVersion },
      (phase: string, obj: any) => seen.push([phase, obj?.metadata?.resourceVersion]),
      () => (ended = true),
    );
    stopInformer = async () => controller.abort();
    await until(() => seen.some(([phase]) => phase === 'BOOKMARK'), 'a bookmark');
    expect(seen.every(([phase, rv]) => phase === 'BOOKMARK' && rv === cluster.resourceVersion)).toBe(true);
    controller.abort();
    await until(() => ended, 'the watch to end');
    const bookmarkRv = seen[seen.length - 1]![1]!;
    cluster.create('pods', { metadata: { name: 'after' } });
    const events: string[] = [];
    const resumed = await watch.watch('/api/v1/namespaces/default/pods', { resourceVersion: bookmarkRv }, (phase: string, obj: any) => events.push(`${phase} ${obj.metadata.name}`), () => {});
    stopInformer = async () => resumed.abort();
    await until(() => events.length > 0, 'the change after the bookmark');
    expect(events).toEqual(['ADDED after']);
  });

  it('relists and converges after 410 Gone (history compacted while it was away)', async () => {
    server = await startFakeApiServer();
    const cluster = server.clusters.global;
    cluster.create('pods', { metadata: { name: 'old' } });
    const { names, errors } = await startInformer('default');
    await until(() => names().join() === 'old', 'the initial list');
    await server.requests.waitFor((r) => r.openWatches({ resource: 'pods' }) === 1);
    // The watch ends with a restart that loses the history it would resume from; the changes
    // come while it is down (synchronously, before the informer can watch again), so only a relist sees them.
    server.faults.inject({ kind: 'gone' }, { watch: true });
    server.faults.restart();
    cluster.delete('pods', 'default/old');
    cluster.create('pods', { metadata: { name: 'new' } });
    await until(() => names().join() === 'new', 'convergence after the relist');
    expect(server.requests.count({ verb: 'list', resource: 'pods' })).toBe(2);
    expect(errors).toEqual([]);
    cluster.create('pods', { metadata: { name: 'later' } });
    await until(() => names().join() === 'later,new', 'live events after the relist');
  });
});
