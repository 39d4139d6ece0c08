// The projections a client asks for in its Accept header, over real HTTP:
// PartialObjectMetadata(List), Table (columns with the first watch event
// only), KEP-5958's drop parameter, a CRD's printer columns, and the 406 fault.
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeApiServer, type FakeApiServer } from '../server/startFakeApiServer.js';
import { LineReader } from '../testkit/lineReader.js';
import { firstResult } from './crdPrinter.js';

const META_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';
const META = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1';
const TABLE = 'application/json;as=Table;g=meta.k8s.io;v=v1';
// As the apiserver stores them: every entry names the apiVersion its fields were set in.
const managedFields = [{ manager: 'kubectl', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }];

let server: FakeApiServer | undefined;
const readers: LineReader[] = [];

afterEach(async () => {
  await Promise.all(readers.splice(0).map((r) => r.cancel()));
  await server?.close();
  server = undefined;
});

async function start(options: Parameters<typeof startFakeApiServer>[0] = {}) {
  server = await startFakeApiServer({ bookmarkIntervalMs: 30, ...options });
  for (const name of ['a', 'b']) server.clusters.global.create('pods', { metadata: { name, namespace: 'testhl', managedFields }, spec: { containers: [{ name: 'c', image: 'x' }] } });
  return server;
}

async function get(path: string, accept?: string) {
  const response = await fetch(`${server!.url}${path}`, accept ? { headers: { accept } } : {});
  return { status: response.status, body: (await response.json()) as any };
}

async function watch(path: string, accept: string) {
  const response = await fetch(`${server!.url}${path}`, { headers: { accept } });
  const reader = new LineReader(response.body);
  readers.push(reader);
  return { status: response.status, reader };
}

describe('projections', () => {
  it('lists as a PartialObjectMetadataList; the singular on a list is a 406, as asPartialObjectMetadata answers', async () => {
    await start();
    const { status, body } = await get('/api/v1/namespaces/testhl/pods', `${META_LIST}, application/json`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: expect.any(String) } });
    expect(body.items.map((i: any) => [i.kind, i.metadata.name])).toEqual([['PartialObjectMetadata', 'a'], ['PartialObjectMetadata', 'b']]);
    expect(body.items[0]).not.toHaveProperty('spec');
    expect((await get('/api/v1/namespaces/testhl/pods', META)).status).toBe(406);
    expect((await get('/api/v1/namespaces/testhl/pods/a', META)).body).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'a' } });
  });

  it('watches as PartialObjectMetadata, bookmarks included; asked for the list kind, a watch sends full objects (a failed transform)', async () => {
    await start();
    const { reader } = await watch('/api/v1/namespaces/testhl/pods?watch=true&allowWatchBookmarks=true', META);
    const events = await reader.take(3);
    expect(events.map((e: any) => [e.type, e.object.kind])).toEqual([['ADDED', 'PartialObjectMetadata'], ['ADDED', 'PartialObjectMetadata'], ['BOOKMARK', 'PartialObjectMetadata']]);
    const full = await watch('/api/v1/namespaces/testhl/pods?watch=true', META_LIST);
    expect((await full.reader.next()).object).toMatchObject({ kind: 'Pod', spec: { containers: [{ name: 'c' }] } });
  });

  it('a Table watch carries the column definitions on its first event only, whatever it is', async () => {
    const s = await start();
    const { reader } = await watch('/api/v1/namespaces/testhl/pods?watch=true&allowWatchBookmarks=true', TABLE);
    const [first, second] = await reader.take(2);
    expect(first.object.columnDefinitions.map((c: any) => c.name).slice(0, 5)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    expect(first.object.rows[0].cells.slice(0, 4)).toEqual(['a', '0/1', 'Pending', '0']);
    expect(first.object.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'a' } });
    expect(second.object).not.toHaveProperty('columnDefinitions');
    expect(second.object.rows[0].cells[0]).toBe('b');
    s.clusters.global.delete('pods', 'testhl/a');
    let deleted = await reader.next();
    while (deleted.type === 'BOOKMARK') deleted = await reader.next();
    expect(deleted.type).toBe('DELETED');
    expect(deleted.object).toMatchObject({ kind: 'Table', rows: [{ object: { metadata: { name: 'a' } } }] });
    expect(deleted.object).not.toHaveProperty('columnDefinitions');
    // A new watch starts over: its first event, a bookmark here, carries the columns.
    const resumed = await watch(`/api/v1/namespaces/testhl/pods?watch=true&allowWatchBookmarks=true&resourceVersion=${s.clusters.global.resourceVersion}`, TABLE);
    const bookmark = await resumed.reader.next();
    expect(bookmark).toMatchObject({ type: 'BOOKMARK', object: { kind: 'Table', columnDefinitions: expect.any(Array) } });
  });

  it('includeObject: Metadata by default, None leaves rows unkeyed, Object carries the whole object; anything else is a 400', async () => {
    await start();
    const rows = async (include?: string) =>
      (await get(`/api/v1/namespaces/testhl/pods${include === undefined ? '' : `?includeObject=${include}`}`, TABLE)).body.rows;
    expect((await rows())[0].object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'a' } });
    expect((await rows('None'))[0]).not.toHaveProperty('object');
    expect((await rows('Object'))[0].object).toMatchObject({ kind: 'Pod', spec: { containers: [{ name: 'c' }] } });
    expect((await get('/api/v1/namespaces/testhl/pods?includeObject=Everything', TABLE)).status).toBe(400);
  });

  it('refuses a streaming list of Tables (WatchList rejects Table): 400', async () => {
    await start();
    const { status } = await get('/api/v1/pods?watch=true&allowWatchBookmarks=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan', TABLE);
    expect(status).toBe(400);
  });

  it('skips a media range it cannot convert to and answers the next one, or plain JSON', async () => {
    await start();
    expect((await get('/api/v1/namespaces/testhl/pods', 'application/json;as=Foo;g=meta.k8s.io;v=v1')).body.kind).toBe('PodList');
    expect((await get('/api/v1/namespaces/testhl/pods', `application/json;as=Table;g=example.com;v=v1, ${TABLE}`)).body.kind).toBe('Table');
  });

  it('honours drop=metadata.managedFields only with managedFieldsOptOut (alpha, off by default): an unknown parameter is ignored', async () => {
    await start();
    const ignored = await get('/api/v1/namespaces/testhl/pods', 'application/json;drop=metadata.managedFields');
    expect(ignored.body.items[0].metadata.managedFields).toEqual(managedFields);
    await server!.close();
    await start({ managedFieldsOptOut: true });
    for (const accept of ['application/json;drop=metadata.managedFields', `${META_LIST};drop=metadata.managedFields`]) {
      expect((await get('/api/v1/namespaces/testhl/pods', accept)).body.items[0].metadata).not.toHaveProperty('managedFields');
    }
    const table = await get('/api/v1/namespaces/testhl/pods', `${TABLE};drop=metadata.managedFields`);
    expect(table.body.rows[0].object.metadata).not.toHaveProperty('managedFields');
    expect((await get('/api/v1/namespaces/testhl/pods')).body.items[0].metadata.managedFields).toEqual(managedFields);
  });

  it('the notAcceptable fault refuses projected requests only, and is not used up by plain ones', async () => {
    await start();
    const rule = server!.faults.inject({ kind: 'notAcceptable' }, { resource: 'pods' });
    expect((await get('/api/v1/namespaces/testhl/pods')).status).toBe(200);
    expect(rule.remaining).toBe(1);
    const refused = await get('/api/v1/namespaces/testhl/pods', TABLE);
    expect(refused).toMatchObject({ status: 406, body: { kind: 'Status', reason: 'NotAcceptable', code: 406 } });
    expect((await get('/api/v1/namespaces/testhl/pods', TABLE)).status).toBe(200);
  });

  it("prints a CRD's additionalPrinterColumns: Name first, typed cells, null where the path finds nothing", async () => {
    server = await startFakeApiServer({ clusters: ['calico3'] });
    server.clusters.get('calico3').create('microservices', { metadata: { name: 'm', namespace: 'testhl' }, spec: { version: 'v2', deployments: [{ name: 'd1' }, { name: 'd2' }] }, status: { availableReplicas: 3 } });
    const { body } = await get('/kubernetes/calico3/apis/asm.alauda.io/v1beta3/namespaces/testhl/microservices', TABLE);
    expect(body.columnDefinitions.map((c: any) => [c.name, c.type, c.priority])).toEqual([
      ['Name', 'string', 0], ['Version', 'string', 0], ['Phase', 'string', 0], ['Available', 'integer', 0], ['Deployment', 'string', 1], ['Age', 'date', 0],
    ]);
    expect(body.rows[0].cells.slice(0, 5)).toEqual(['m', 'v2', null, 3, 'd1']);
    expect(firstResult({ a: [{ b: 1 }, { b: 2 }] }, '.a[1].b')).toBe(2);
    expect(firstResult({ a: {} }, '.a.missing')).toBeUndefined();
  });
});
