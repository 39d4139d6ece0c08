// Referee: the real kubectl v1.32 against the fake apiserver, unmodified
// (no --validate=false; --kubeconfig=/dev/null and a private HOME and cache
// so no user configuration leaks in).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeApiServer, type FakeApiServer } from '../server/startFakeApiServer.js';

const KUBECTL = '/usr/bin/kubectl';
let server: FakeApiServer | undefined;
let home: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  // A referee that is missing fails, loudly: a skipped referee would pass unnoticed.
  if (!existsSync(KUBECTL)) throw new Error(`kubectl is missing at ${KUBECTL}: this machine should have kubectl v1.32 (see TOOLCHAIN.md)`);
  home = mkdtempSync(join(tmpdir(), 'rxkube-kubectl-'));
});
afterAll(() => home && rmSync(home, { recursive: true, force: true }));
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await server?.close();
  server = undefined;
});

const args = (serverUrl: string, rest: string[]) => ['--kubeconfig=/dev/null', `--server=${serverUrl}`, `--cache-dir=${join(home, 'cache')}`, ...rest];
const env = () => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home });

function kubectl(rest: string[], serverUrl = server!.url): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(KUBECTL, args(serverUrl, rest), { timeout: 20_000, env: env() }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

function file(name: string, content: string): string {
  const path = join(home, name);
  writeFileSync(path, content);
  return path;
}

const deployment = (replicas: number, b: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\n  namespace: default\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: shop}}\n  template:\n    metadata: {labels: {app: shop}}\n    spec:\n      containers:\n      - name: c\n        image: shop:1\n        env: [{name: A, value: "1"}, {name: B, value: "${b}"}]\n`;

const runningPod = (name: string, restarts: number) => ({
  metadata: { name, namespace: 'testhl', creationTimestamp: '2026-12-06T07:55:00Z' },
  spec: { containers: [{ name: 'c', image: 'x' }] },
  status: { phase: 'Running', containerStatuses: [{ name: 'c', ready: true, restartCount: restarts }] },
});

const tableNames = (stdout: string) => stdout.trim().split('\n').slice(1).map((line) => line.split(/\s+/)[0]);

describe('kubectl v1.32', () => {
  it('get pods prints the table with the names in the model', async () => {
    server = await startFakeApiServer({ seedState: true });
    const expected = server.clusters.global.list<any>('pods', { namespace: 'testhl' }).map((p) => p.metadata.name);
    expect(expected.length).toBeGreaterThan(100);
    const { code, stdout, stderr } = await kubectl(['get', 'pods', '-n', 'testhl']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(tableNames(stdout)).toEqual(expected);
    expect(stdout).toMatch(/\s1\/1\s+Running\s+\d+\s+\d+[smhd]/);
  });

  it('get pods -o json returns the objects', async () => {
    server = await startFakeApiServer();
    server.clusters.global.create('pods', { metadata: { name: 'one', labels: { app: 'web' } } });
    server.clusters.global.create('pods', { metadata: { name: 'two', labels: { app: 'db' } } });
    const { code, stdout } = await kubectl(['get', 'pods', '-l', 'app=web', '-o', 'json']);
    expect(code).toBe(0);
    const list = JSON.parse(stdout);
    expect(list.items.map((p: any) => p.metadata.name)).toEqual(['one']);
    expect(list.items[0].metadata.uid).toBe(server.clusters.global.get<any>('pods', 'default/one').metadata.uid);
  });

  it('get jobs shows status and completions', async () => {
    server = await startFakeApiServer();
    const cluster = server.clusters.global;
    const job = cluster.create<any>('jobs', { metadata: { name: 'nightly' }, spec: { completions: 2 } });
    cluster.updateStatus('jobs', { ...job, status: { succeeded: 1, active: 1, startTime: new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z/, 'Z') } });
    const { code, stdout } = await kubectl(['get', 'jobs']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\n/);
    expect(stdout).toMatch(/nightly\s+Running\s+1\/2\s+(59|60|61)s/);
  });

  it('get -w prints a line for a change made through the model', async () => {
    server = await startFakeApiServer();
    server.clusters.global.create('pods', { metadata: { name: 'first' } });
    const child = spawn(KUBECTL, args(server.url, ['get', 'pods', '-w']), { env: env() });
    children.push(child);
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    const waitFor = async (pattern: RegExp) => {
      const deadline = Date.now() + 15_000;
      while (!pattern.test(out)) {
        if (Date.now() > deadline) throw new Error(`kubectl printed:\n${out}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await waitFor(/first\s+0\/0\s+Pending/);
    await server.requests.waitFor((log) => log.openWatches({ resource: 'pods' }) === 1, 10_000);
    server.clusters.global.create('pods', { metadata: { name: 'second' }, spec: { containers: [{ name: 'c', image: 'x' }] } });
    await waitFor(/second\s+0\/1\s+Pending/);
    expect(out.match(/^NAME/gm)).toHaveLength(1);
    child.kill('SIGTERM');
  });

  it('create -f creates, and a second create is AlreadyExists', async () => {
    server = await startFakeApiServer();
    const manifest = file('pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: hello\n  labels: {app: hello}\nspec:\n  containers:\n  - name: c\n    image: nginx:1\n');
    const created = await kubectl(['create', '-f', manifest]);
    expect(created).toMatchObject({ code: 0, stdout: 'pod/hello created\n' });
    expect(server.clusters.global.get<any>('pods', 'default/hello').spec.containers[0].image).toBe('nginx:1');
    const again = await kubectl(['create', '-f', manifest]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('Error from server (AlreadyExists)');
  });

  it('apply -f creates, then patches a modified manifest (client-side apply)', async () => {
    server = await startFakeApiServer();
    const path = file('deploy.yaml', deployment(2, 'x'));
    expect(await kubectl(['apply', '-f', path])).toMatchObject({ code: 0, stdout: 'deployment.apps/shop created\n' });
    writeFileSync(path, deployment(3, 'y'));
    expect(await kubectl(['apply', '-f', path])).toMatchObject({ code: 0, stdout: 'deployment.apps/shop configured\n', stderr: '' });
    const stored = server.clusters.global.get<any>('deployments', 'default/shop');
    expect(stored.spec.replicas).toBe(3);
    expect(stored.spec.template.spec.containers[0].env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: 'y' }]);
    expect(stored.metadata.generation).toBe(2);
    expect(stored.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toContain('"replicas":3');
    expect(server.requests.count({ method: 'PATCH', resource: 'deployments' })).toBe(1);
    expect(await kubectl(['apply', '-f', path])).toMatchObject({ code: 0, stdout: 'deployment.apps/shop unchanged\n' });
  });

  it('delete pod removes it', async () => {
    server = await startFakeApiServer();
    server.clusters.global.create('pods', { metadata: { name: 'doomed' } });
    expect(await kubectl(['delete', 'pod', 'doomed'])).toMatchObject({ code: 0, stdout: 'pod "doomed" deleted\n' });
    expect(server.clusters.global.find('pods', 'default/doomed')).toBeUndefined();
    const missing = await kubectl(['delete', 'pod', 'doomed']);
    expect(missing.stderr).toContain('Error from server (NotFound): pods "doomed" not found');
  });

  it('get events lists core v1 events, and events.v1.events.k8s.io the new API', async () => {
    server = await startFakeApiServer({ seedState: true, seed: 7 });
    server.simulator!.tick(5);
    const core = await kubectl(['get', 'events', '-A']);
    expect(core.code).toBe(0);
    expect(core.stdout.split('\n')[0]).toMatch(/^NAMESPACE\s+LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    expect(core.stdout).toMatch(/(Scheduled|SuccessfulCreate|Killing|BackOff)/);
    const modern = await kubectl(['get', 'events.v1.events.k8s.io', '-A', '-o', 'json']);
    expect(modern.code).toBe(0);
    const items = JSON.parse(modern.stdout).items;
    expect(items.length).toBe(server.clusters.global.list('events.events.k8s.io').length);
    expect(items[0]).toMatchObject({ apiVersion: 'events.k8s.io/v1', regarding: { kind: expect.any(String) } });
  });

  it('works against a named cluster behind the gateway base', async () => {
    server = await startFakeApiServer({ clusters: ['calico3'], gatewayBase: '/api-gateway', seedState: true });
    const { code, stdout } = await kubectl(['get', 'microservices', '-n', 'testhl'], server.clusterUrl('calico3'));
    expect(code).toBe(0);
    // The CRD's additionalPrinterColumns of priority 0, as kubectl prints a CRD's Table.
    expect(stdout).toMatch(/^NAME\s+VERSION\s+PHASE\s+AVAILABLE\s+AGE\nasm-cal3\s+v1\s+Running\s+2\s+3d\n$/);
  });

  it('get pods -w prints, for the list and for each watch event, the row the server prints (a Table watch)', async () => {
    const now = Date.parse('2026-12-06T08:00:00Z');
    server = await startFakeApiServer({ clock: () => now });
    const cluster = server.clusters.global;
    cluster.create('pods', runningPod('a', 1));
    cluster.create('pods', runningPod('b', 0));
    const child = spawn(KUBECTL, args(server.url, ['get', 'pods', '-n', 'testhl', '-w']), { env: env() });
    children.push(child);
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    const lines = () => out.trim().split('\n');
    const waitForLines = async (count: number) => {
      const deadline = Date.now() + 15_000;
      while (lines().length < count) {
        if (Date.now() > deadline) throw new Error(`kubectl printed:\n${out}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    // What the server prints: its Table's priority-0 cells for each pod.
    const serverRows = async () => {
      const response = await fetch(`${server!.url}/api/v1/namespaces/testhl/pods`, { headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } });
      const table = (await response.json()) as { columnDefinitions: { name: string; priority: number }[]; rows: { cells: unknown[] }[] };
      const shown = table.columnDefinitions.flatMap((c, i) => (c.priority === 0 ? [i] : []));
      return {
        header: shown.map((i) => table.columnDefinitions[i]!.name.toUpperCase()),
        rows: table.rows.map((row) => shown.map((i) => String(row.cells[i]))),
      };
    };
    await waitForLines(3);
    const before = await serverRows();
    expect(lines().map((line) => line.split(/\s+/))).toEqual([before.header, ...before.rows]);
    await server.requests.waitFor((log) => log.openWatches({ resource: 'pods' }) === 1, 10_000);
    const a = cluster.get<any>('pods', 'testhl/a');
    cluster.updateStatus('pods', { ...a, status: { phase: 'Running', containerStatuses: [{ name: 'c', ready: false, restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } } }] } });
    await waitForLines(4);
    const after = await serverRows();
    expect(lines()[3]!.split(/\s+/)).toEqual(after.rows[0]);
    expect(after.rows[0]).toEqual(['a', '0/1', 'CrashLoopBackOff', '4', '5m']);
    child.kill('SIGTERM');
  });
});

describe('kubectl v1.32 writes', () => {
  it('patch --type=json with a failing test op exits 1 with the server message, and changes nothing', async () => {
    server = await startFakeApiServer();
    const cluster = server.clusters.global;
    cluster.create('configmaps', { metadata: { name: 'settings' }, data: { mode: 'blue' } });
    const rv = cluster.resourceVersion;
    const ops = '[{"op":"test","path":"/data/mode","value":"green"},{"op":"replace","path":"/data/mode","value":"red"}]';
    const failed = await kubectl(['patch', 'configmap', 'settings', '--type=json', '-p', ops]);
    expect(failed).toEqual({ code: 1, stdout: '', stderr: 'The request is invalid: the server rejected our request due to an error in our request\n' });
    expect(cluster.resourceVersion).toBe(rv);
    const passing = '[{"op":"test","path":"/data/mode","value":"blue"},{"op":"replace","path":"/data/mode","value":"red"}]';
    expect(await kubectl(['patch', 'configmap', 'settings', '--type=json', '-p', passing])).toMatchObject({ code: 0, stdout: 'configmap/settings patched\n' });
    expect(cluster.get<any>('configmaps', 'default/settings').data.mode).toBe('red');
  });

  it('replace with a stale resourceVersion gets the 409 Conflict message', async () => {
    server = await startFakeApiServer();
    const cluster = server.clusters.global;
    const stale = cluster.create<any>('configmaps', { metadata: { name: 'settings' }, data: { mode: 'blue' } });
    cluster.patch('configmaps', 'default/settings', { data: { mode: 'green' } });
    const path = file('stale.json', JSON.stringify({ ...stale, data: { mode: 'red' } }));
    const refused = await kubectl(['replace', '-f', path]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'Error from server (Conflict): error when replacing "' + path + '": Operation cannot be fulfilled on configmaps "settings": the object has been modified; please apply your changes to the latest version and try again\n',
    );
    expect(cluster.get<any>('configmaps', 'default/settings').data.mode).toBe('green');
  });

  it('apply --server-side after a client-side apply takes the fields over without a conflict', async () => {
    server = await startFakeApiServer();
    const path = file('deploy.yaml', deployment(2, 'x'));
    expect(await kubectl(['apply', '-f', path])).toMatchObject({ code: 0, stdout: 'deployment.apps/shop created\n' });
    writeFileSync(path, deployment(5, 'x'));
    expect(await kubectl(['apply', '--server-side', '-f', path])).toMatchObject({ code: 0, stdout: 'deployment.apps/shop serverside-applied\n' });
    const stored = server.clusters.global.get<any>('deployments', 'default/shop');
    expect(stored.spec.replicas).toBe(5);
    // After the apply, kubectl hands the annotation to a manager of its own (an apply as kubectl-last-applied),
    // moves what kubectl-client-side-apply owned to kubectl (a JSON patch of managedFields, csaupgrade in
    // k8s.io/client-go), and applies again (k8s.io/kubectl pkg/cmd/apply/apply.go).
    const patches = server.requests.all({ method: 'PATCH', resource: 'deployments' });
    expect(patches.map((r) => `${r.query.fieldManager} ${r.status}`)).toEqual(['kubectl 200', 'kubectl-last-applied 200', 'kubectl 200', 'kubectl 200']);
    const managers = stored.metadata.managedFields;
    expect(managers.map((m: any) => `${m.manager}/${m.operation}`)).toEqual(['kubectl/Apply', 'kubectl-last-applied/Apply']);
    expect(managers[0].fieldsV1['f:spec']['f:replicas']).toEqual({});
    expect(managers[1].fieldsV1).toEqual({ 'f:metadata': { 'f:annotations': { 'f:kubectl.kubernetes.io/last-applied-configuration': {} } } });
    expect(JSON.parse(stored.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).spec.replicas).toBe(5);
  });

  it('apply --server-side that conflicts with another manager lists the conflict; --force-conflicts takes the field over', async () => {
    server = await startFakeApiServer();
    const cluster = server.clusters.global;
    const path = file('deploy.yaml', deployment(2, 'x'));
    expect(await kubectl(['apply', '--server-side', '-f', path])).toMatchObject({ code: 0, stdout: 'deployment.apps/shop serverside-applied\n' });
    expect(await kubectl(['patch', 'deployment', 'shop', '-p', '{"spec":{"replicas":3}}'])).toMatchObject({ code: 0, stdout: 'deployment.apps/shop patched\n' });
    writeFileSync(path, deployment(4, 'x'));
    const refused = await kubectl(['apply', '--server-side', '-f', path]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Apply failed with 1 conflict: conflict with "kubectl-patch" using apps/v1: .spec.replicas');
    expect(refused.stderr).toContain('--force-conflicts');
    expect(cluster.get<any>('deployments', 'default/shop').spec.replicas).toBe(3);
    expect(await kubectl(['apply', '--server-side', '--force-conflicts', '-f', path])).toMatchObject({ code: 0, stdout: 'deployment.apps/shop serverside-applied\n' });
    const stored = cluster.get<any>('deployments', 'default/shop');
    expect(stored.spec.replicas).toBe(4);
    const owners = (field: string) => stored.metadata.managedFields.filter((m: any) => field in m.fieldsV1['f:spec']).map((m: any) => m.manager);
    expect(owners('f:replicas')).toEqual(['kubectl']);
    expect(stored.metadata.managedFields.map((m: any) => m.manager)).not.toContain('kubectl-patch');
  });
});
