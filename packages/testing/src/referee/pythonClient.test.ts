// Referee: the official Kubernetes Python client (Debian's python3-kubernetes,
// for /usr/bin/python3) against the fake, through pythonClient.py. It sends
// booleans capitalized (`watch=True`), which the fake must read as the
// apiserver does. A missing client fails every test here with how to get it.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeApiServer, type FakeApiServer } from '../server/startFakeApiServer.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./pythonClient.py', import.meta.url));
let server: FakeApiServer | undefined;
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await server?.close();
  server = undefined;
});

let checked: string | undefined;
/** Throws, saying how to install it, when the Python client cannot be imported. */
function requireReferee(): void {
  checked ??= (() => {
    const probe = spawnSync(PYTHON, ['-c', 'import kubernetes'], { encoding: 'utf8' });
    if (!probe.error && probe.status === 0) return '';
    const why = probe.error ? probe.error.message : probe.stderr.trim().split('\n').at(-1);
    return `the Python referee is missing: ${PYTHON} cannot import kubernetes (${why}). Install Debian's python3-kubernetes: \`bash scripts/ensure-python-kubernetes.sh\` (as root; \`npm test\` runs it).`;
  })();
  if (checked) throw new Error(checked);
}

/** A pod as the apiserver would accept it (the Python client refuses a spec without containers). */
const pod = (name: string, labels: Record<string, string> = {}, phase = 'Pending') => ({
  metadata: { name, labels },
  spec: { containers: [{ name: 'main', image: 'busybox:1.36' }] },
  status: { phase },
});

const parseLines = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));

/** Runs one command of pythonClient.py to its end; resolves with its JSON lines. */
function python(command: string, ...args: string[]): Promise<any[]> {
  requireReferee();
  return new Promise((resolve, reject) => {
    execFile(PYTHON, [SCRIPT, command, server!.url, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`pythonClient.py ${command} failed: ${error.message}\n${stderr}`));
      else resolve(parseLines(stdout));
    });
  });
}

/** Starts `pythonClient.py watch`; next() resolves with its next JSON line. */
function pythonWatch(resourceVersion: string) {
  requireReferee();
  const child = spawn(PYTHON, [SCRIPT, 'watch', server!.url, resourceVersion]);
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const lines: any[] = [];
  const waiting: Array<(line: any) => void> = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const value = JSON.parse(line);
    const waiter = waiting.shift();
    if (waiter) waiter(value);
    else lines.push(value);
  });
  return {
    next: () =>
      new Promise<any>((resolve, reject) => {
        if (lines.length) return resolve(lines.shift());
        child.once('exit', (code) => reject(new Error(`pythonClient.py watch exited (${code}) before its next line\n${stderr}`)));
        waiting.push(resolve);
      }),
  };
}

describe('the official Kubernetes Python client', () => {
  it('creates, reads, patches, replaces, lists and deletes a pod', async () => {
    server = await startFakeApiServer();
    server.clusters.global.create('pods', pod('other'));
    const steps = await python('crud');
    expect(steps.map((s) => s.step)).toEqual(['created', 'read', 'patched', 'replaced', 'listed', 'deleted', 'read after delete']);
    const [created, read, patched, replaced, listed, , gone] = steps;
    expect(Number(created.rv)).toBeGreaterThan(0);
    expect(read).toMatchObject({ name: 'py', uid: created.uid });
    expect(patched.labels).toEqual({ app: 'py', tier: 'front' });
    expect(replaced.image).toBe('busybox:1.37');
    expect(Number(replaced.rv)).toBeGreaterThan(Number(patched.rv));
    expect(listed.names).toEqual(['other', 'py']);
    expect(gone).toMatchObject({ error: 404, reason: 'Not Found' });
    expect(server.clusters.global.find('pods', 'default/py')).toBeUndefined();
    expect(server.requests.all({ resource: 'pods' }).map((r) => `${r.method} ${r.status}`)).toEqual([
      'POST 201', 'GET 200', 'PATCH 200', 'PUT 200', 'GET 200', 'DELETE 200', 'GET 404',
    ]);
  });

  it('lists with a label selector and a field selector', async () => {
    server = await startFakeApiServer();
    const cluster = server.clusters.global;
    cluster.create('pods', pod('web-running', { app: 'web' }, 'Running'));
    cluster.create('pods', pod('web-pending', { app: 'web' }));
    cluster.create('pods', pod('db-running', { app: 'db' }, 'Running'));
    expect(await python('select', 'app=web', 'status.phase=Running')).toEqual([{ names: ['web-running'] }]);
    expect(await python('select', 'app!=web', '')).toEqual([{ names: ['db-running'] }]);
    expect(await python('select', '', 'metadata.name!=db-running')).toEqual([{ names: ['web-pending', 'web-running'] }]);
  });

  it('pages a list with limit and continue, every page from one snapshot', async () => {
    server = await startFakeApiServer();
    for (const name of ['a', 'b', 'c', 'd', 'e']) server.clusters.global.create('pods', pod(name));
    const pages = await python('pages', '2');
    expect(pages.map((p) => p.names)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(new Set(pages.map((p) => p.rv))).toEqual(new Set([server.clusters.global.resourceVersion]));
    expect(server.requests.all({ verb: 'list' }).map((r) => r.query.continue !== undefined)).toEqual([false, true, true]);
  });

  it('watches ADDED, MODIFIED and DELETED live (the client sends watch=True)', async () => {
    server = await startFakeApiServer({ bookmarkIntervalMs: 50 });
    const cluster = server.clusters.global;
    const watcher = pythonWatch(cluster.resourceVersion);
    expect(await watcher.next()).toEqual({ watching: cluster.resourceVersion });
    await server.requests.waitFor((log) => log.openWatches({ resource: 'pods' }) === 1, 15_000);
    expect(server.requests.all({ watch: true })[0]!.query).toMatchObject({ watch: 'True', allowWatchBookmarks: 'True' });
    const created = cluster.create<any>('pods', pod('live'));
    const patched = cluster.patch<any>('pods', 'default/live', { metadata: { labels: { v: '2' } } });
    cluster.delete('pods', 'default/live');
    const events = [await watcher.next(), await watcher.next(), await watcher.next()];
    expect(events).toEqual([
      { type: 'ADDED', name: 'live', rv: created.metadata.resourceVersion },
      { type: 'MODIFIED', name: 'live', rv: patched.metadata.resourceVersion },
      { type: 'DELETED', name: 'live', rv: cluster.resourceVersion },
    ]);
  });

  it('gets 410 Expired when it watches from a version compacted away', async () => {
    server = await startFakeApiServer();
    const cluster = server.clusters.global;
    cluster.create('pods', pod('old'));
    const old = cluster.resourceVersion;
    cluster.create('pods', pod('new'));
    cluster.compact();
    const watcher = pythonWatch(old);
    expect(await watcher.next()).toEqual({ watching: old });
    const failure = await watcher.next();
    expect(failure).toMatchObject({ error: 410 });
    expect(failure.reason).toMatch(/^Expired: too old resource version/);
    expect(server.requests.all({ watch: true }).map((r) => r.query.resourceVersion)).toEqual([old]);
  });
});

describe('the official Kubernetes Python client, writes', () => {
  it('gets 422 for a failing JSON patch test, 409 for a stale replace, and a dry-run create that changes nothing', async () => {
    server = await startFakeApiServer();
    const cluster = server.clusters.global;
    const steps = await python('writes');
    expect(steps.map((s) => s.step)).toEqual([
      'created', 'json patch with a failing test', 'json patch with a passing test', 'replace with a stale version', 'dry-run create', 'read after dry run',
    ]);
    const [created, failedTest, passedTest, stale, dry, readDry] = steps;
    expect(failedTest).toMatchObject({ error: 422, reason: 'Unprocessable Entity' });
    expect(failedTest.status).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'the server rejected our request due to an error in our request', reason: 'Invalid', details: {}, code: 422,
    });
    expect(passedTest.mode).toBe('red');
    expect(Number(passedTest.rv)).toBeGreaterThan(Number(created.rv));
    expect(stale).toMatchObject({ error: 409, reason: 'Conflict' });
    expect(stale.status).toMatchObject({
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on configmaps "py": the object has been modified; please apply your changes to the latest version and try again',
      details: { name: 'py', kind: 'configmaps' },
      code: 409,
    });
    expect(dry).toMatchObject({ name: 'dry', uid: expect.any(String) });
    expect(readDry).toEqual({ step: 'read after dry run', error: 404 });
    expect(cluster.get<any>('configmaps', 'default/py').data.mode).toBe('red');
    // The dry run took no resourceVersion: the last change is still the passing patch.
    expect(cluster.resourceVersion).toBe(passedTest.rv);
    expect(server.requests.all({ resource: 'configmaps', method: 'POST' }).map((r) => r.query.dryRun)).toEqual([undefined, 'All']);
  });
});
