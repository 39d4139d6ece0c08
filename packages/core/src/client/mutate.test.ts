/**
 * Writes through the cache and optimistic edits, against the fake apiserver:
 * real HTTP, real patches, real conflicts. Answers are held back with the
 * fake's `delay` fault so that what is shown before the server answers can be
 * seen; failures come from its `serverError` and `forbidden` faults.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeApiServer, type FakeApiServer } from '@rxkube/testing';
import type { Job } from 'kubernetes-types/batch/v1.js';
import { createKubeClient, type KubeClient } from './createKubeClient.js';
import { isKubeApiError, type KubeApiError } from '../errors/KubeApiError.js';
import { Jobs, Pods } from '../resources/builtins.js';
import { until } from '../../../../tests/support/until.js';
import { fakeClientOptions } from '../../test/fakeClientOptions.js';

let server: FakeApiServer;
let client: KubeClient;

const target = { resource: Jobs, namespace: 'testhl', name: 'pi' };
const jobBody = (name = 'pi') => ({
  metadata: { name, namespace: 'testhl', labels: { app: 'pi' } },
  spec: { suspend: false, template: { spec: { containers: [{ name: 'main', image: 'perl' }], restartPolicy: 'Never' } } },
});
const serverJob = () => server.clusters.global.get<Job>('jobs.batch', 'testhl/pi');

beforeEach(async () => {
  server = await startFakeApiServer({ port: 0, bookmarkIntervalMs: 50, seed: 3 });
  server.clusters.global.create('jobs.batch', jobBody());
});
afterEach(async () => {
  client.dispose();
  await server.close();
});

function connect(options: Parameters<typeof createKubeClient>[0] = {}) {
  client = createKubeClient({ ...fakeClientOptions(server), ...options });
  return client;
}

/** Every value the detail page of the Job showed, and the observer for its status. */
function followJob(params: { downgradePolling?: { interval: number } } = {}) {
  const observer = client.observeResource<Job>({ ...target, ...params });
  const shown: (Job | null)[] = [];
  const subscription = observer.snapshots().subscribe((snapshot) => {
    if (snapshot.data !== undefined && snapshot.data !== shown.at(-1)) shown.push(snapshot.data);
  });
  return { observer, shown, stop: () => subscription.unsubscribe() };
}

const suspend = (job: Job) => void (job.spec!.suspend = true);

describe('write-through', () => {
  it('shows a patch on a polling query at once, without waiting for the next poll', async () => {
    connect({ downgradeWatch: true });
    const { shown } = followJob({ downgradePolling: { interval: 60_000 } });
    await until(() => shown.length === 1);
    const answer = await client.patchResource({ ...target, patch: { spec: { suspend: true } } });
    await until(() => shown.length === 2);
    expect(shown[1]).toEqual(answer);
    // One list for the poll, no second one: the write came through the cache.
    expect(server.requests.all({ verb: 'list' })).toHaveLength(1);
  });

  it('lets a newer version win: the watch event of the same version changes nothing', async () => {
    connect();
    const { shown } = followJob();
    await until(() => shown.length === 1);
    const answer = await client.patchResource({ ...target, patch: { metadata: { labels: { seen: 'yes' } } } });
    await until(() => shown.length === 2);
    // A later change proves the watch delivered the write's event before it, and that it was not shown again.
    server.clusters.global.patch('jobs.batch', 'testhl/pi', { metadata: { labels: { later: 'yes' } } });
    await until(() => shown.length === 3);
    expect(shown[1]).toBe(shown.find((job) => job?.metadata?.resourceVersion === answer.metadata?.resourceVersion));
    expect(shown.map((job) => job?.metadata?.resourceVersion)).toEqual([...new Set(shown.map((job) => job?.metadata?.resourceVersion))]);
  });

  it('adds a created object to the lists it matches, and removes a deleted one from them', async () => {
    connect({ downgradeWatch: true });
    const lists: string[][] = [];
    client
      .watchResourceList<Job>({ resource: Jobs, namespace: 'testhl', labelSelector: { app: 'pi' }, downgradePolling: { interval: 60_000 } })
      .subscribe((jobs) => lists.push(jobs.map((job) => job.metadata!.name!)));
    await until(() => lists.length === 1);
    await client.createResource({ resource: Jobs, namespace: 'testhl', body: jobBody('tau') });
    await until(() => lists.length === 2);
    await client.createResource({ resource: Jobs, namespace: 'testhl', body: { ...jobBody('other'), metadata: { name: 'other', namespace: 'testhl', labels: { app: 'x' } } } });
    await client.deleteResource({ ...target });
    await until(() => lists.at(-1)?.join() === 'tau');
    // pi showed as Terminating while its delete was on its way (one list), and no list ever held 'other'.
    expect(lists).toEqual([['pi'], ['pi', 'tau'], ['pi', 'tau'], ['tau']]);
  });

  it('touches nothing on a dry run', async () => {
    connect();
    const { shown } = followJob();
    await until(() => shown.length === 1);
    const result = await client.patchResource({ ...target, patch: { spec: { suspend: true } }, dryRun: true });
    expect(result.spec?.suspend).toBe(true);
    const mutated = await client.mutate(target, suspend, { dryRun: true });
    expect(mutated.spec?.suspend).toBe(true);
    server.clusters.global.patch('jobs.batch', 'testhl/pi', { metadata: { labels: { later: 'yes' } } });
    await until(() => shown.length === 2);
    expect(shown.map((job) => job?.spec?.suspend)).toEqual([false, false]);
    expect(serverJob().spec?.suspend).toBe(false);
  });
});

describe('mutate', () => {
  it('shows the edit before the server answers, then the server version that confirms it', async () => {
    connect();
    const { observer, shown } = followJob();
    await until(() => shown.length === 1);
    server.faults.inject({ kind: 'delay', ms: 1_000 }, { verb: 'patch' });
    const written = client.mutate(target, suspend);
    await until(() => shown.length >= 2);
    // Shown on the version it was made on: before any answer from the server.
    expect(shown[1]!.spec!.suspend).toBe(true);
    expect(shown[1]!.metadata!.resourceVersion).toBe(shown[0]!.metadata!.resourceVersion);
    const pendingSeen = observer.getSnapshot().status.writes;
    const answer = await written;
    if (shown.at(-1) !== answer) expect(pendingSeen).toMatchObject({ pending: 1, objects: ['testhl/pi'] });
    await until(() => shown.at(-1) === answer);
    expect(shown.map((job) => job?.spec?.suspend)).toEqual([false, true, true]);
    expect(answer.metadata?.resourceVersion).not.toBe(shown[0]!.metadata!.resourceVersion);
    expect(observer.getSnapshot().status.writes).toBeUndefined();
    expect(serverJob().spec?.suspend).toBe(true);
  });

  it('edits a label whose key holds a slash (RFC 6901 escaping) in one request', async () => {
    connect();
    const { shown } = followJob();
    await until(() => shown.length === 1);
    await client.mutate(target, (job) => void (job.metadata!.labels!['app.kubernetes.io/name'] = 'pi'));
    expect(server.requests.all({ verb: 'patch' }).map((r) => r.status)).toEqual([200]);
    expect(serverJob().metadata?.labels).toEqual({ app: 'pi', 'app.kubernetes.io/name': 'pi' });
  });

  it('rolls back on a failure: the server version shows again and the error reaches the caller and the status', async () => {
    connect();
    const { observer, shown } = followJob();
    await until(() => shown.length === 1);
    server.faults.inject({ kind: 'serverError' }, { verb: 'patch' });
    const error = await client.mutate(target, suspend).catch((e: unknown) => e);
    expect(isKubeApiError(error) && error.code).toBe(500);
    await until(() => shown.length === 3);
    expect(shown.map((job) => job?.spec?.suspend)).toEqual([false, true, false]);
    expect(shown[2]).toBe(shown[0]);
    expect(observer.getSnapshot().status.writes).toMatchObject({ pending: 0, error });
  });

  it('settles its promise only after every subscriber shows the outcome (default schedule)', async () => {
    connect({ notifySchedule: undefined });
    const { shown } = followJob();
    await until(() => shown.length === 1);
    server.faults.inject({ kind: 'serverError' }, { verb: 'patch' });
    await client.mutate(target, suspend).catch(() => undefined);
    expect(shown.at(-1)).toBe(shown[0]);
    const answer = await client.mutate(target, suspend);
    expect(shown.at(-1)).toBe(answer);
  });

  it('rolls back on 403 Forbidden', async () => {
    connect();
    const { shown } = followJob();
    await until(() => shown.length === 1);
    server.faults.inject({ kind: 'forbidden' }, { verb: 'patch' });
    const error = (await client.mutate(target, suspend).catch((e: unknown) => e)) as KubeApiError;
    expect(error.code).toBe(403);
    await until(() => shown.at(-1) === shown[0]);
  });

  it('re-runs the recipe on the newest version after a conflict, keeping what arrived meanwhile', async () => {
    connect();
    const { shown } = followJob();
    await until(() => shown.length === 1);
    server.faults.inject({ kind: 'delay', ms: 1_000 }, { verb: 'patch' });
    const written = client.mutate(target, suspend);
    await until(() => shown.length >= 2);
    // Another writer changes the Job while the edit is on its way.
    server.clusters.global.patch('jobs.batch', 'testhl/pi', { metadata: { labels: { owner: 'kubectl' } } });
    // The edit stays shown over the newer version.
    await until(() => shown.at(-1)?.metadata?.labels?.owner === 'kubectl');
    expect(shown.at(-1)!.spec!.suspend).toBe(true);
    const answer = await written;
    expect(answer.spec?.suspend).toBe(true);
    expect(answer.metadata?.labels?.owner).toBe('kubectl');
    // The first PATCH failed its version test; the second, rebased one passed.
    expect(server.requests.all({ verb: 'patch' }).map((r) => r.status)).toEqual([422, 200]);
    expect(shown.every((job) => job?.spec?.suspend === true || job === shown[0])).toBe(true);
  });

  it('keeps an array edit safe with a merge patch carrying the version, and rebases it on 409', async () => {
    connect();
    const { shown } = followJob();
    await until(() => shown.length === 1);
    server.faults.inject({ kind: 'delay', ms: 1_000 }, { verb: 'patch' });
    const written = client.mutate(target, (job) => void job.spec!.template!.spec!.containers.push({ name: 'sidecar', image: 'envoy' }));
    await until(() => shown.length >= 2);
    server.clusters.global.patch('jobs.batch', 'testhl/pi', { metadata: { labels: { owner: 'kubectl' } } });
    const answer = await written;
    expect(answer.spec!.template!.spec!.containers.map((c) => c.name)).toEqual(['main', 'sidecar']);
    expect(server.requests.all({ verb: 'patch' }).map((r) => r.status)).toEqual([409, 200]);
  });

  it('gives up after its attempts with a Conflict that carries the version that won, showing that version', async () => {
    connect();
    const { shown } = followJob();
    await until(() => shown.length === 1);
    server.faults.inject({ kind: 'delay', ms: 1_000 }, { verb: 'patch' });
    const written = client.mutate(target, suspend, { attempts: 1 });
    await until(() => shown.length >= 2);
    const winner = server.clusters.global.patch<Job>('jobs.batch', 'testhl/pi', { metadata: { labels: { owner: 'kubectl' } } });
    const error = (await written.catch((e: unknown) => e)) as KubeApiError;
    expect(error.reason).toBe('Conflict');
    expect(error.code).toBe(409);
    expect((error.current as Job).metadata?.resourceVersion).toBe(winner.metadata?.resourceVersion);
    await until(() => shown.at(-1)?.metadata?.resourceVersion === winner.metadata?.resourceVersion && shown.at(-1)?.spec?.suspend === false);
  });

  it('shows a delete at once as Terminating, then the object gone', async () => {
    connect();
    const { shown } = followJob();
    await until(() => shown.length === 1);
    server.faults.inject({ kind: 'delay', ms: 1_000 }, { verb: 'delete' });
    const deleted = client.deleteResource(target);
    await until(() => shown.length >= 2);
    expect(shown[1]!.metadata!.deletionTimestamp).toBeDefined();
    await deleted;
    await until(() => shown.at(-1) === null);
  });

  it('applies server-side as an explicit field manager, and lists the fields another manager owns on conflict', async () => {
    connect();
    const { shown } = followJob();
    await until(() => shown.length === 1);
    const applied = await client.mutate(target, suspend, { apply: { fieldManager: 'console' } });
    expect(applied.spec?.suspend).toBe(true);
    await client.patchResource({ ...target, patchType: 'apply', fieldManager: 'ops-bot', force: true, patch: { spec: { suspend: false } } });
    const error = (await client.mutate(target, (job) => void (job.spec!.suspend = !job.spec!.suspend), { apply: { fieldManager: 'console' } }).catch((e: unknown) => e)) as KubeApiError;
    expect(error.code).toBe(409);
    expect(error.conflicts).toEqual([expect.objectContaining({ field: '.spec.suspend', manager: 'ops-bot' })]);
    const forced = await client.mutate(target, (job) => void (job.spec!.suspend = true), { apply: { fieldManager: 'console', force: true } });
    expect(forced.spec?.suspend).toBe(true);
  });

  it('refuses a server-side apply without a field manager, before any request', async () => {
    connect();
    const error = (await client.mutate(target, suspend, { apply: { fieldManager: '' } }).catch((e: unknown) => e)) as KubeApiError;
    expect(error.reason).toBe('Invalid');
    expect(server.requests.all({ verb: 'patch' })).toHaveLength(0);
  });

  it('edits an object no query holds: read, patch, nothing shown', async () => {
    connect();
    const answer = await client.mutate({ resource: Pods, namespace: 'default', name: 'none' }, () => undefined).catch((e: unknown) => e);
    expect((answer as KubeApiError).code).toBe(404);
    const job = await client.mutate(target, suspend);
    expect(job.spec?.suspend).toBe(true);
  });
});
