// Referee: the real kubectl v1.32 reads the fake's pod logs (`kubectl logs`
// with -f, --timestamps, --since-time, --tail, --previous and -c), set up as
// in kubectl.test.ts: --kubeconfig=/dev/null, a private HOME and cache.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../../../../tests/support/until.js';
import { podObject, setContainer, writePodLog } from '../logs/podLogs.js';
import { Pods } from '../model/builtinResources.js';
import { startFakeApiServer, type FakeApiServer } from '../server/startFakeApiServer.js';

const KUBECTL = '/usr/bin/kubectl';
let server: FakeApiServer;
let home: string;
const children: ChildProcess[] = [];
const ref = { namespace: 'default', pod: 'web' };
const T = Date.parse('2026-12-06T07:30:45Z');

beforeAll(() => {
  if (!existsSync(KUBECTL)) throw new Error(`kubectl is missing at ${KUBECTL}: this machine should have kubectl v1.32 (see TOOLCHAIN.md)`);
  home = mkdtempSync(join(tmpdir(), 'rxkube-kubectl-logs-'));
});
afterAll(() => home && rmSync(home, { recursive: true, force: true }));
beforeEach(async () => {
  server = await startFakeApiServer();
  server.clusters.global.create(Pods, podObject('default', 'web', { app: 'running', sidecar: 'running' }));
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await server.close();
});

const args = (rest: string[]) => ['--kubeconfig=/dev/null', `--server=${server.url}`, `--cache-dir=${join(home, 'cache')}`, ...rest];
const env = () => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home });

function kubectl(rest: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(KUBECTL, args(rest), { timeout: 20_000, env: env() }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const write = (text: string, ms: number, container = 'app') => writePodLog(server.clusters.global, { ...ref, container }, text, ms);

describe('kubectl logs v1.32', () => {
  it('-f --timestamps prints the lines with their timestamps as they are written, and exits when the container stops', async () => {
    const written = write('one', T);
    const child = spawn(KUBECTL, args(['logs', '-f', '--timestamps', 'web', '-c', 'app']), { env: env() });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await until(() => stdout.includes('one'), 15_000, () => `kubectl printed ${JSON.stringify(stdout)} ${stderr}`);
    written.push(...write('two\n\u001b[31mred\u001b[0m', T + 1500));
    await until(() => stdout.includes('red'), 15_000);
    setContainer(server.clusters.global, { ...ref, container: 'app' }, 'terminated');
    expect(await exited).toBe(0);
    expect(stdout).toBe(`${written.join('\n')}\n`);
    expect(stderr).toBe('');
  });

  it('--since-time reads from the whole second, as the apiserver truncates it', async () => {
    write('before', T - 1);
    write('early', T + 100);
    write('late', T + 900);
    const { code, stdout, stderr } = await kubectl(['logs', 'web', '-c', 'app', '--since-time=2026-12-06T07:30:45.500Z']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe('early\nlate\n');
  });

  it('--tail prints the last lines', async () => {
    for (const n of [1, 2, 3]) write(`line ${n}`, T + n);
    const { stdout } = await kubectl(['logs', 'web', '-c', 'app', '--tail=2']);
    expect(stdout).toBe('line 2\nline 3\n');
  });

  it('--previous prints the last run, and the server\'s error before any restart', async () => {
    const before = await kubectl(['logs', 'web', '-c', 'app', '--previous']);
    expect(before.code).not.toBe(0);
    expect(before.stderr).toBe('Error from server (BadRequest): previous terminated container "app" in pod "web" not found\n');
    write('first run', T);
    setContainer(server.clusters.global, { ...ref, container: 'app' }, 'running', { restart: true });
    write('second run', T + 5000);
    expect((await kubectl(['logs', 'web', '-c', 'app', '--previous'])).stdout).toBe('first run\n');
    expect((await kubectl(['logs', 'web', '-c', 'app'])).stdout).toBe('second run\n');
  });

  it('-c picks the container; an unknown one gets the same message from kubectl as from the server', async () => {
    write('from app', T);
    write('from sidecar', T, 'sidecar');
    expect((await kubectl(['logs', 'web', '-c', 'sidecar'])).stdout).toBe('from sidecar\n');
    const unknown = await kubectl(['logs', 'web', '-c', 'nope']);
    expect(unknown.code).not.toBe(0);
    // kubectl reads the pod and checks the name itself, with the apiserver's wording (strategy.go, validateContainer).
    expect(unknown.stderr).toBe('error: container nope is not valid for pod web\n');
  });

  it('reports a container waiting to start with the kubelet\'s message', async () => {
    server.clusters.global.create(Pods, podObject('default', 'slow', { app: 'waiting' }));
    const { code, stderr } = await kubectl(['logs', 'slow']);
    expect(code).not.toBe(0);
    expect(stderr).toBe('Error from server (BadRequest): container "app" in pod "slow" is waiting to start: ContainerCreating\n');
  });
});
