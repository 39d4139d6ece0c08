/**
 * List views against @rxkube/testing's fake apiserver: what each view asks
 * for, what it keeps, and what happens when the server cannot serve it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeApiServer, type FakeApiServer } from '@rxkube/testing';
import { Pods } from '../resources/builtins.js';
import { defineResource } from '../resources/resourceType.js';
import { until } from '../../../../tests/support/until.js';
import { createKubeClient, type KubeClient } from '../client/createKubeClient.js';
import type { TableView } from './table.js';
import { fakeClientOptions } from '../../test/fakeClientOptions.js';

const MicroServices = defineResource({ group: 'asm.alauda.io', version: 'v1beta3', plural: 'microservices', kind: 'MicroService', namespaced: true });
const managedFields = [{ manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:app': {} } } } }];
const pod = (name: string) => ({
  metadata: { name, namespace: 'testhl', labels: { app: 'web' }, managedFields },
  spec: { nodeName: 'node-1', containers: [{ name: 'main', image: 'nginx' }] },
  status: { phase: 'Running', containerStatuses: [{ name: 'main', ready: true, restartCount: 2 }] },
});

let server: FakeApiServer;
let client: KubeClient;

beforeEach(async () => {
  server = await startFakeApiServer({ port: 0, clusters: ['calico3'], bookmarkIntervalMs: 50, seed: 3 });
  for (const name of ['b', 'a']) server.clusters.global.create('pods', pod(name));
});
afterEach(async () => {
  client.dispose();
  await server.close();
});

function connect(options: Parameters<typeof createKubeClient>[0] = {}) {
  client = createKubeClient({ ...fakeClientOptions(server), ...options });
  return client;
}

const podRequests = (verb: 'list' | 'watch') => server.requests.all().filter((r) => r.resource === 'pods' && r.verb === verb);

function latest<T>(seen: T[]): T {
  return seen[seen.length - 1]!;
}

describe('list views against the fake apiserver', () => {
  it('metadata: PartialObjectMetadata objects from PartialObjectMetadataList and PartialObjectMetadata watches, no managedFields', async () => {
    const seen: (readonly { kind?: string; metadata?: { name?: string; labels?: object } }[])[] = [];
    connect().watchResourceList({ resource: Pods, namespace: 'testhl', view: 'metadata' }).subscribe((items) => seen.push(items));
    await until(() => podRequests('watch').length === 1 && seen.length === 1);
    expect(podRequests('list')[0]!.accept).toMatch(/^application\/json;as=PartialObjectMetadataList;g=meta\.k8s\.io;v=v1;drop=metadata\.managedFields, application\/json$/);
    expect(podRequests('watch')[0]!.accept).toMatch(/;as=PartialObjectMetadata;/);
    expect(seen[0]!.map((o) => [o.kind, o.metadata?.name])).toEqual([['PartialObjectMetadata', 'a'], ['PartialObjectMetadata', 'b']]);
    expect(seen[0]![0]).toEqual({ apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata', metadata: expect.not.objectContaining({ managedFields: expect.anything() }) });
    expect(seen[0]![0]).not.toHaveProperty('spec');
    server.clusters.global.patch('pods', 'testhl/a', { metadata: { labels: { app: 'api' } } }, 'merge');
    await until(() => latest(seen)[0]!.metadata?.labels !== seen[0]![0]!.metadata?.labels);
    expect(latest(seen)[0]).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { labels: { app: 'api' } } });
  });

  it('a full object and a metadata object of the same pod live side by side: two queries, two buckets', async () => {
    const full: (readonly { spec?: unknown }[])[] = [];
    const metadata: (readonly { kind?: string }[])[] = [];
    const c = connect();
    c.watchResourceList({ resource: Pods, namespace: 'testhl' }).subscribe((items) => full.push(items));
    c.watchResourceList({ resource: Pods, namespace: 'testhl', view: 'metadata' }).subscribe((items) => metadata.push(items));
    await until(() => full.length === 1 && metadata.length === 1 && podRequests('watch').length === 2);
    server.clusters.global.patch('pods', 'testhl/a', { spec: { activeDeadlineSeconds: 30 } }, 'merge');
    await until(() => full.length === 2 && metadata.length === 2);
    expect(latest(full)[0]).toMatchObject({ kind: 'Pod', spec: { activeDeadlineSeconds: 30 } });
    expect(latest(metadata)[0]).toMatchObject({ kind: 'PartialObjectMetadata' });
    expect(latest(metadata)[0]).not.toHaveProperty('spec');
    expect(c.connections().map((connection) => connection.key)).toHaveLength(2);
  });

  it('table: the server columns and one row per pod in the list order, updated by the Table watch', async () => {
    const seen: TableView[] = [];
    connect().watchResourceTable({ resource: Pods, namespace: 'testhl' }).subscribe((table) => seen.push(table));
    await until(() => seen.length === 1 && podRequests('watch').length === 1);
    expect(podRequests('list')[0]!.accept).toMatch(/^application\/json;as=Table;g=meta\.k8s\.io;v=v1;/);
    const table = seen[0]!;
    expect(table.columns.filter((c) => c.priority === 0).map((c) => c.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    expect(table.rows.map((row) => [row.key, ...row.cells.slice(0, 4)])).toEqual([
      ['testhl/a', 'a', '1/1', 'Running', '2'],
      ['testhl/b', 'b', '1/1', 'Running', '2'],
    ]);
    expect(table.rows[0]!.metadata).not.toHaveProperty('managedFields');
    server.clusters.global.create('pods', pod('c'));
    const current = server.clusters.global.get<ReturnType<typeof pod>>('pods', 'testhl/a');
    server.clusters.global.updateStatus('pods', { ...current, status: { phase: 'Failed', containerStatuses: [{ name: 'main', ready: false, restartCount: 3, state: { terminated: { reason: 'Error' } } }] } });
    await until(() => latest(seen).rows.length === 3 && latest(seen).rows[0]!.cells[2] === 'Error');
    expect(latest(seen).rows.map((row) => row.cells.slice(0, 4))).toEqual([
      ['a', '0/1', 'Error', '3'],
      ['b', '1/1', 'Running', '2'],
      ['c', '1/1', 'Running', '2'],
    ]);
    // Rows that did not change are the same objects; the columns too.
    expect(latest(seen).rows[1]).toBe(table.rows[1]);
    expect(latest(seen).columns).toBe(table.columns);
  });

  it('watchResourceList with view table emits the rows; it is the same query as watchResourceTable', async () => {
    const rows: (readonly { key: string; cells: readonly unknown[] }[])[] = [];
    const c = connect();
    c.watchResourceList({ resource: Pods, namespace: 'testhl', view: 'table' }).subscribe((r) => rows.push(r));
    c.watchResourceTable({ resource: Pods, namespace: 'testhl' }).subscribe();
    await until(() => rows.length === 1 && podRequests('watch').length === 1);
    expect(rows[0]!.map((row) => row.key)).toEqual(['testhl/a', 'testhl/b']);
    expect(c.connections()).toHaveLength(1);
  });

  it('table columns stay right after a resumed watch and after a relist (410), though only the first watch event carries them', async () => {
    // The first watch ends after one event; the next one resumes from its version.
    server.faults.inject({ kind: 'endWatchAfter', events: 1 }, { watch: true });
    const seen: TableView[] = [];
    connect().watchResourceTable({ resource: Pods, namespace: 'testhl' }).subscribe((table) => seen.push(table));
    await until(() => seen.length === 1 && podRequests('watch').length === 1);
    server.clusters.global.create('pods', pod('c'));
    await until(() => podRequests('watch').length >= 2 && latest(seen).rows.length === 3);
    server.clusters.global.create('pods', pod('d'));
    await until(() => latest(seen).rows.length === 4);
    // The server restarts, and answers the next watch with 410: the query lists again, then watches.
    const lists = podRequests('list').length;
    server.faults.inject({ kind: 'gone' }, { watch: true });
    server.faults.restart();
    await until(() => podRequests('list').length > lists);
    server.clusters.global.create('pods', pod('e'));
    await until(() => latest(seen).rows.length === 5);
    server.clusters.global.delete('pods', 'testhl/b');
    await until(() => latest(seen).rows.length === 4);
    const table = latest(seen);
    expect(table.columns.filter((c) => c.priority === 0).map((c) => c.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    expect(table.rows.map((row) => row.cells[0])).toEqual(['a', 'c', 'd', 'e']);
    expect(table.rows.every((row) => row.cells[2] === 'Running')).toBe(true);
  });

  it('a polled table keeps its columns when it moves to a stream that resumes without sending them again', async () => {
    const seen: TableView[] = [];
    const c = connect({ downgradeWatch: true, pollInterval: 60_000 });
    c.watchResourceTable({ resource: Pods, namespace: 'testhl', downgradePolling: true }).subscribe((table) => seen.push(table));
    await until(() => seen.length === 1);
    expect(podRequests('watch')).toHaveLength(0);
    const columns = seen[0]!.columns;
    expect(columns.map((column) => column.name).slice(0, 5)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    // The stream resumes from the polled version: no list, and nothing sent until the next change.
    c.setDowngradeWatch(false);
    await until(() => podRequests('watch').length === 1);
    server.clusters.global.create('pods', pod('c'));
    await until(() => latest(seen).rows.length === 3);
    expect(podRequests('list')).toHaveLength(1);
    expect(latest(seen).columns).toBe(columns);
    expect(latest(seen).rows[2]!.cells.slice(0, 3)).toEqual(['c', '1/1', 'Running']);
  });

  it('a table query lists and watches even with streamingLists on (WatchList rejects Table)', async () => {
    const seen: TableView[] = [];
    connect({ streamingLists: true }).watchResourceTable({ resource: Pods, namespace: 'testhl' }).subscribe((table) => seen.push(table));
    await until(() => seen.length === 1 && podRequests('watch').length === 1);
    expect(podRequests('list')).toHaveLength(1);
    expect(podRequests('watch')[0]!.query.sendInitialEvents).toBeUndefined();
    expect(seen[0]!.rows).toHaveLength(2);
  });

  it('a CRD table shows its additionalPrinterColumns', async () => {
    const cluster = server.clusters.get('calico3');
    cluster.create('microservices', { metadata: { name: 'asm-cal3', namespace: 'testhl' }, spec: { version: 'v7', deployments: [{ name: 'asm-cal3' }] } });
    const seen: TableView[] = [];
    connect().watchResourceTable({ cluster: 'calico3', resource: MicroServices, namespace: 'testhl' }).subscribe((table) => seen.push(table));
    await until(() => seen.length === 1);
    expect(seen[0]!.columns.map((c) => c.name)).toEqual(['Name', 'Version', 'Phase', 'Available', 'Deployment', 'Age']);
    expect(seen[0]!.rows[0]!.cells.slice(0, 5)).toEqual(['asm-cal3', 'v7', null, null, 'asm-cal3']);
  });

  it('a server that answers 406 to the projection: plain JSON, projected in the client, with a ViewFallback notice', async () => {
    server.faults.inject({ kind: 'notAcceptable' }, { resource: 'pods', times: 'always' });
    const c = connect();
    const observer = c.observeResourceList({ resource: Pods, namespace: 'testhl', view: 'metadata' });
    const off = observer.subscribe(() => undefined);
    await until(() => observer.getSnapshot().data !== undefined && podRequests('watch').length === 1);
    const { data, status } = observer.getSnapshot();
    expect(data!.map((o) => [o.kind, o.metadata.name])).toEqual([['PartialObjectMetadata', 'a'], ['PartialObjectMetadata', 'b']]);
    expect(data![0]!.metadata).not.toHaveProperty('managedFields');
    expect(status.notice?.reason).toBe('ViewFallback');
    expect(podRequests('list').map((r) => r.status)).toEqual([406, 200]);
    expect(podRequests('watch')[0]!.accept).toBe('application/json');
    server.clusters.global.create('pods', pod('c'));
    await until(() => observer.getSnapshot().data?.length === 3);
    expect(observer.getSnapshot().status.notice?.reason).toBe('ViewFallback');
    off();
  });

  it('a table of a server that answers 406: the default columns, each row with its name', async () => {
    server.faults.inject({ kind: 'notAcceptable' }, { resource: 'pods', times: 'always' });
    const seen: TableView[] = [];
    connect().watchResourceTable({ resource: Pods, namespace: 'testhl' }).subscribe((table) => seen.push(table));
    await until(() => seen.length === 1);
    expect(seen[0]!.columns.map((c) => c.name)).toEqual(['Name', 'Created At']);
    expect(seen[0]!.rows.map((row) => row.cells[0])).toEqual(['a', 'b']);
  });

  it('managedFields: dropped from watch events too, in the full view', async () => {
    const seen: (readonly { metadata?: object }[])[] = [];
    connect().watchResourceList({ resource: Pods, namespace: 'testhl' }).subscribe((items) => seen.push(items));
    await until(() => seen.length === 1 && podRequests('watch').length === 1);
    server.clusters.global.create('pods', pod('c'));
    await until(() => latest(seen).length === 3);
    expect(latest(seen).map((p) => 'managedFields' in p.metadata!)).toEqual([false, false, false]);
  });

  it('managedFields: dropped by default in every view, kept on request, and not sent at all by a server that honours drop', async () => {
    const dropped = await connect().listResources({ resource: Pods, namespace: 'testhl' });
    expect(dropped.items[0]!.metadata).not.toHaveProperty('managedFields');
    const kept = await client.listResources({ resource: Pods, namespace: 'testhl', keepManagedFields: true });
    expect(kept.items[0]!.metadata).toHaveProperty('managedFields');
    const table = await client.listResources({ resource: Pods, namespace: 'testhl', view: 'table' });
    expect(table.columns?.[0]?.name).toBe('Name');
    expect(table.items.map((row) => row.cells[0])).toEqual(['a', 'b']);
    // A 1.37 server with ManagedFieldsOptOut leaves them out of the response itself.
    const optOut = await startFakeApiServer({ port: 0, managedFieldsOptOut: true });
    try {
      optOut.clusters.global.create('pods', pod('a'));
      const request = podRequests('list').at(-1)!;
      const body = await (await fetch(`${optOut.url}/api/v1/namespaces/testhl/pods`, { headers: { accept: request.accept! } })).text();
      expect(body).not.toContain('managedFields');
      const plain = await (await fetch(`${optOut.url}/api/v1/namespaces/testhl/pods`)).text();
      expect(plain).toContain('managedFields');
    } finally {
      await optOut.close();
    }
  });
});
