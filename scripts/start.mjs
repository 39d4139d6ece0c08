// `npm start`: the demo console on the embedded fake cluster, as a production build.
// `npm run dev` (`start.mjs --dev`): the same with the Vite dev server and hot reload.
//   1. unless KUBE_API_URL is set (e.g. `kubectl proxy --port 8001`): build the packages (the fake
//      apiserver's CLI runs from packages/testing/dist), start the fake apiserver (`--simulate`,
//      clusters global and calico3, also under /api-gateway) in its own process group and wait for
//      its "listening on" line;
//   2. `npm start`: build the console with NODE_ENV=production (React's and rxkube's production
//      builds, what users ship) into a temporary directory and serve it with `vite preview`;
//      `--dev`: start the dev server (development builds, deep-frozen objects, hot reload). Both
//      run in this process and proxy the API paths to that URL (apps/console/vite.config.ts);
//   3. print where to open it;
//   4. on SIGINT/SIGTERM stop the server and the fake's process group, remove the build, exit 0.
// Ports: RXKUBE_API_PORT (default 8001) and CONSOLE_PORT (default 5173; the
// next free one is taken if it is busy; 0 takes any free port).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const apiPort = Number(process.env.RXKUBE_API_PORT ?? 8001);
const consolePort = Number(process.env.CONSOLE_PORT ?? 5173);
const dev = process.argv.includes('--dev');
const configFile = fileURLToPath(new URL('../apps/console/vite.config.ts', import.meta.url));
const say = (line) => console.log(`[start] ${line}`);

/** Children started in their own process group, stopped as groups. */
const children = new Set();
let stopping = false;

function buildPackages() {
  say('building @rxkube/core, @rxkube/react and @rxkube/testing');
  const result = spawnSync('pnpm', ['--filter', '@rxkube/core', '--filter', '@rxkube/react', '--filter', '@rxkube/testing', 'run', 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('[start] the build failed; see above');
    process.exit(1);
  }
}

/** Starts the fake apiserver CLI and resolves with its URL once it prints "listening on". */
function startFakeApiServer() {
  // The gateway base makes every path reachable under /api-gateway too, as the READMEs' kubectl lines use it.
  const args = ['packages/testing/dist/cli.js', '--port', String(apiPort), '--simulate', '--clusters', 'global,calico3', '--gateway-base', '/api-gateway'];
  const child = spawn(process.execPath, args, { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the fake apiserver did not start within 30 s')), 30_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      console.log(`[fake-apiserver] ${line}`);
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code, signal) => {
      children.delete(child);
      clearTimeout(timer);
      reject(new Error(`the fake apiserver exited (${signal ?? `code ${code}`}); is port ${apiPort} free? (RXKUBE_API_PORT picks another)`));
      if (!stopping) void stop(1);
    });
  });
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Stops the children's process groups; SIGKILL after 5 s for any that lingers. */
async function stopChildren() {
  const exits = [...children].map(
    (child) =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        killGroup(child, 'SIGTERM');
      }),
  );
  await Promise.all(exits);
}

let vite;
let outDir;

async function stop(code) {
  if (stopping) return;
  stopping = true;
  // Vite's own SIGTERM handler exits once its server is closed; the exit code stays ours.
  process.exitCode = code;
  const childrenStopped = stopChildren();
  await Promise.allSettled([vite?.close(), childrenStopped]);
  if (outDir) rmSync(outDir, { recursive: true, force: true });
  process.exit(code);
}

/** The Vite dev server: development builds of React and rxkube, hot reload. */
async function serveDev() {
  const { createServer } = await import('vite');
  const server = await createServer({ configFile, server: { port: consolePort, strictPort: false } });
  await server.listen();
  return server;
}

/** A production build (minified, NODE_ENV=production) in a temporary directory, served by `vite preview` with the same proxy. */
async function serveProduction() {
  say('building the console (production)');
  process.env.NODE_ENV = 'production';
  const { build, preview } = await import('vite');
  outDir = mkdtempSync(join(tmpdir(), 'rxkube-console-'));
  await build({ configFile, mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  return preview({ configFile, mode: 'production', build: { outDir }, preview: { port: consolePort, strictPort: false } });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (!stopping) say(`${signal}: stopping`);
    void stop(0);
  });
}

try {
  const external = process.env.KUBE_API_URL;
  let apiUrl = external;
  if (apiUrl) {
    // The console resolves @rxkube/* to their sources: only the fake needs the packages built.
    say(`using the Kubernetes API at KUBE_API_URL=${apiUrl}`);
  } else {
    buildPackages();
    apiUrl = await startFakeApiServer();
    process.env.KUBE_API_URL = apiUrl;
  }
  // Vite is imported only now, so that the config (which reads KUBE_API_URL) sees the URL.
  vite = dev ? await serveDev() : await serveProduction();
  const url = vite.resolvedUrls?.local[0] ?? `http://127.0.0.1:${consolePort}/`;
  console.log('');
  console.log(`rxkube console: ${url}`);
  console.log(dev ? '  Development build with hot reload (npm run dev).' : '  Production build (npm run dev serves the development build with hot reload).');
  console.log(`  Kubernetes API: ${apiUrl}${external ? '' : ' (the fake apiserver, simulating clusters global and calico3)'}`);
  console.log('  Angular console (separate): pnpm --filter @rxkube/angular-console start');
  console.log('  Press Ctrl+C to stop.');
} catch (error) {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  await stop(1);
}
