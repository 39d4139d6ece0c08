/**
 * Builds what the browser benchmark serves, in memory, with Vite (rolldown):
 * - the bench page (page.js) with @rxkube/core from packages/core/dist, not
 *   minified, split into chunks named after whose code they hold (rxkube,
 *   rxkube-deps for rxjs/ky/immer, page for the harness), so that a CPU
 *   profile says whose code ran;
 * - the console (apps/console), a production build split the same way
 *   (rxkube = packages/core and packages/react, rxkube-deps, react, vendor
 *   for the console's other libraries, and the console's own code).
 * Each returns a Map from URL path to { type, body }.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.svg': 'image/svg+xml', '.map': 'application/json' };

/** Chunks by whose code they hold (the first matching group wins). */
export const OWNERS = {
  groups: [
    { name: 'react', test: /\/node_modules\/(react|react-dom|scheduler)\//, priority: 4 },
    { name: 'rxkube-deps', test: /\/node_modules\/(rxjs|ky|immer|tslib)\//, priority: 4 },
    { name: 'vendor', test: /\/node_modules\//, priority: 3 },
    { name: 'rxkube', test: /\/packages\/(core|react)\//, priority: 2 },
  ],
};

function toFiles(output) {
  const files = new Map();
  for (const result of Array.isArray(output) ? output : [output]) {
    for (const file of result.output) {
      const body = file.type === 'chunk' ? file.code : file.source;
      const type = TYPES[file.fileName.slice(file.fileName.lastIndexOf('.'))] ?? 'application/octet-stream';
      files.set(`/${file.fileName}`, { type, body });
    }
  }
  return files;
}

export async function buildBenchPage() {
  const output = await build({
    configFile: false,
    logLevel: 'warn',
    root: here('.'),
    resolve: { alias: { '@rxkube/core': here('../../packages/core/dist/index.js') } },
    build: {
      write: false,
      minify: false,
      modulePreload: false,
      rollupOptions: {
        input: { page: here('./page.js') },
        output: { entryFileNames: '[name].js', chunkFileNames: '[name].js', codeSplitting: OWNERS },
      },
    },
  });
  const files = toFiles(output);
  const scripts = [...files.keys()].filter((path) => path.endsWith('.js'));
  files.set('/', {
    type: 'text/html',
    body: `<!doctype html><html><head><meta charset="utf-8"><title>rxkube bench</title><script type="module" src="/page.js"></script></head><body>rxkube bench (${scripts.join(', ')})</body></html>`,
  });
  return files;
}

export async function buildConsole() {
  const { consoleConfig } = await import(here('../../apps/console/vite.config.ts'));
  const config = consoleConfig({ port: 0 });
  const output = await build({
    ...config,
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: true,
      rollupOptions: { output: { codeSplitting: OWNERS } },
    },
  });
  return toFiles(output);
}
