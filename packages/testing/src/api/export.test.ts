// The gRPC-gateway export stream (seed 003) over real HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeApiServer, type FakeApiServer } from '../server/startFakeApiServer.js';
import { LineReader } from '../testkit/lineReader.js';
import { parseGoDuration } from './export.js';

let server: FakeApiServer | undefined;
const readers: LineReader[] = [];
afterEach(async () => {
  await Promise.all(readers.splice(0).map((r) => r.cancel()));
  await server?.close();
  server = undefined;
});

async function exportPods(path: string) {
  const response = await fetch(`${server!.url}${path}`);
  const reader = new LineReader(response.body);
  readers.push(reader);
  return { response, reader };
}

describe('GET /v1/export/pods', () => {
  it('streams one {"result": {"pod"}} line per pod, then ends', async () => {
    server = await startFakeApiServer({ clusters: ['calico3'] });
    server.clusters.global.create('pods', { metadata: { name: 'a', labels: { app: 'web' } } });
    server.clusters.global.create('pods', { metadata: { name: 'b', namespace: 'testhl', labels: { app: 'db' } } });
    server.clusters.get('calico3').create('pods', { metadata: { name: 'c3' } });
    const { response, reader } = await exportPods('/v1/export/pods');
    expect(response.headers.get('content-type')).toBe('application/json');
    const lines = await reader.rest();
    expect(lines.map((l) => l.result.pod.metadata.name)).toEqual(['a', 'b']);
    expect(lines[0].result.pod.kind).toBe('Pod');
    const other = await exportPods('/kubernetes/calico3/v1/export/pods');
    expect((await other.reader.rest()).map((l) => l.result.pod.metadata.name)).toEqual(['c3']);
  });

  it('filters with query (a label selector) and answers a bad one with an error envelope', async () => {
    server = await startFakeApiServer();
    server.clusters.global.create('pods', { metadata: { name: 'a', labels: { app: 'web' } } });
    server.clusters.global.create('pods', { metadata: { name: 'b', labels: { app: 'db' } } });
    const { reader } = await exportPods('/v1/export/pods?query=app%3Dweb');
    expect((await reader.rest()).map((l) => l.result.pod.metadata.name)).toEqual(['a']);
    const bad = await fetch(`${server.url}/v1/export/pods?query=app%20in%20(`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { code: 3, message: expect.stringContaining('unable to parse'), details: [] } });
  });

  it('with timeout follows pod changes until it elapses', async () => {
    server = await startFakeApiServer();
    server.clusters.global.create('pods', { metadata: { name: 'a' } });
    const started = Date.now();
    const { reader } = await exportPods('/v1/export/pods?timeout=300ms');
    expect((await reader.next()).result.pod.metadata.name).toBe('a');
    server.clusters.global.create('pods', { metadata: { name: 'b' } });
    expect((await reader.next()).result.pod.metadata.name).toBe('b');
    expect(await reader.next()).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('reports an injected failure as an error line mid-stream', async () => {
    server = await startFakeApiServer();
    for (const n of ['a', 'b', 'c']) server.clusters.global.create('pods', { metadata: { name: n } });
    server.faults.inject({ kind: 'errorEvent', afterEvents: 1, code: 13 }, { verb: 'export' });
    const { reader } = await exportPods('/v1/export/pods');
    const lines = await reader.rest();
    expect(lines).toEqual([{ result: { pod: expect.objectContaining({ kind: 'Pod' }) } }, { error: { code: 13, message: 'export stream interrupted', details: [] } }]);
  });

  it('parses Go durations', () => {
    expect(parseGoDuration('1h30m')).toBe(5_400_000);
    expect(parseGoDuration('1.5s')).toBe(1_500);
    expect(parseGoDuration('250ms')).toBe(250);
    expect(parseGoDuration('10')).toBe(10_000);
    expect(parseGoDuration('soon')).toBeUndefined();
  });
});
