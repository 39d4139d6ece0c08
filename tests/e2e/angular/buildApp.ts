// Builds apps/angular-console (and the packages it consumes) once, unless its
// dist is newer than every source it is built from.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const appDir = join(repoRoot, 'apps/angular-console');
export const distDir = join(appDir, 'dist');

const SOURCES = [
  'apps/angular-console/src',
  'apps/angular-console/angular.json',
  'apps/angular-console/tsconfig.app.json',
  'apps/angular-console/package.json',
  'apps/shared/src',
  'packages/core/src',
  'packages/core/package.json',
  'packages/angular/src',
  'packages/angular/package.json',
  'pnpm-lock.yaml',
];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(path).reduce((max, entry) => Math.max(max, newest(join(path, entry))), info.mtimeMs);
}

export function isBuildFresh(): boolean {
  const index = join(distDir, 'index.html');
  return existsSync(index) && statSync(index).mtimeMs > Math.max(...SOURCES.map((s) => newest(join(repoRoot, s))));
}

/** `pnpm --filter @rxkube/angular-console build` (core, angular, then ng build); returns the seconds it took, 0 when skipped. */
export async function buildApp(): Promise<number> {
  if (process.env.RXKUBE_REBUILD !== '1' && isBuildFresh()) return 0;
  const started = Date.now();
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('pnpm', ['--filter', '@rxkube/angular-console', 'build'], {
      cwd: repoRoot,
      env: { ...process.env, NG_CLI_ANALYTICS: 'false', CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`angular-console build failed (exit ${code}):\n${output.join('')}`);
  return (Date.now() - started) / 1000;
}
