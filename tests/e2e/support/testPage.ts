// A minimal page served by the fake apiserver itself (same origin as the API:
// resource timing, Web Locks and BroadcastChannel all work per origin). Its
// script is page/entry.ts bundled with the core sources by vite, so a test
// runs the code under test, not a stale build.
import { fileURLToPath } from 'node:url';
import type { StaticPage } from '@rxkube/testing';
import { build } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The script's exports, as page.evaluate sees them on `window.rxkubePage`. */
export type TestPageApi = typeof import('./page/entry.ts');

export async function buildTestPage(): Promise<Record<string, StaticPage>> {
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    // A subpath before its package: vite matches an alias as a prefix.
    resolve: { alias: { '@rxkube/core/browser': here('../../../packages/core/src/browser.ts'), '@rxkube/core': here('../../../packages/core/src/index.ts') } },
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: { write: false, minify: false, lib: { entry: here('./page/entry.ts'), formats: ['iife'], name: 'rxkubePage', fileName: 'page' } },
  });
  const outputs = Array.isArray(result) ? result : [result];
  const chunk = outputs.flatMap((output) => ('output' in output ? output.output : [])).find((file) => file.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('vite produced no script for the test page');
  return {
    '/': { contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>rxkube test page</title><script src="/page.js"></script>' },
    '/page.js': { contentType: 'text/javascript; charset=utf-8', body: chunk.code },
  };
}
