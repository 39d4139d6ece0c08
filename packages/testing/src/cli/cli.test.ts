import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeApiServer } from '../server/startFakeApiServer.js';
import { parseCliArgs, runCli } from './main.js';

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('rxkube-fake-apiserver', () => {
  it('parses its options', () => {
    expect(parseCliArgs(['--port', '0', '--simulate', '--seed', '3', '--rate', '2.5', '--clusters', 'global,calico3,c2', '--gateway-base', '/api-gateway'])).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      clusters: ['global', 'calico3', 'c2'],
      gatewayBase: '/api-gateway',
      seed: 3,
      simulate: { seed: 3, rate: 2.5 },
    });
    expect(() => parseCliArgs(['--port', 'x'])).toThrow(/--port/);
    expect(() => parseCliArgs(['--nope'])).toThrow();
  });

  it('announces its URL on one line and serves the clusters it was given', async () => {
    const lines: string[] = [];
    server = await runCli(['--port', '0', '--clusters', 'global,calico3', '--gateway-base', '/api-gateway', '--seed-state'], { log: (l) => lines.push(l), error: (l) => lines.push(l) });
    expect(lines).toEqual([`rxkube-fake-apiserver listening on ${server!.url}`]);
    expect(lines[0]).toMatch(/^rxkube-fake-apiserver listening on http:\/\/127\.0\.0\.1:\d+$/);
    const ms = await fetch(`${server!.url}/api-gateway/kubernetes/calico3/apis/asm.alauda.io/v1beta3/namespaces/testhl/microservices/asm-cal3`);
    expect(ms.status).toBe(200);
  });

  it('prints usage for bad arguments instead of starting', async () => {
    const errors: string[] = [];
    expect(await runCli(['--port', '-1'], { log: () => {}, error: (l) => errors.push(l) })).toBeUndefined();
    expect(errors.join()).toMatch(/Usage: rxkube-fake-apiserver/);
  });

  const built = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
  it('the built binary exits 0 on SIGTERM with a watch open', async () => {
    expect(existsSync(built), `${built} is missing: build @rxkube/testing first (npm test builds every package)`).toBe(true);
    const child = spawn(process.execPath, [built, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c) => {
          out += c;
          const m = /listening on (http:\/\/\S+)\n/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', () => reject(new Error(`exited early: ${out}`)));
      });
      const watch = await fetch(`${url}/api/v1/pods?watch=true`);
      const body = watch.text();
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await body;
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
