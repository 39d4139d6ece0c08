/**
 * Bundle size (issue 12, item 6; issue 16, item 5): what an application adds
 * by importing rxkube, as an ES module minified and tree-shaken by Vite
 * (rolldown, oxc minifier), production build (`process.env.NODE_ENV` is
 * "production", so development-only code drops out), with rxjs and ky left
 * external (an application has them anyway, and shares them with other code).
 * Built from packages/core/dist, the files the package publishes.
 *
 * Two imports: the engine alone, `{ createKubeClient, Pods }` (target at most
 * 13 KB gzipped), and the engine with every browser add-on,
 * `browserEnvironment` from '@rxkube/core/browser' (at most 18 KB). Each with
 * immer external and bundled, so that the cost of immer shows.
 *
 *   node bench/bundle/main.mjs
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { machine, markdownTable } from '../watch-throughput/report.mjs';

const dist = (file) => JSON.stringify(fileURLToPath(new URL(`../../packages/core/dist/${file}`, import.meta.url)));
const IMPORTS = [
  {
    label: "{ createKubeClient, Pods } from '@rxkube/core'",
    code: `export { createKubeClient, Pods } from ${dist('index.js')};\n`,
    targetBytes: 13_000,
  },
  {
    label: "the same + { browserEnvironment } from '@rxkube/core/browser' (every add-on)",
    code: `export { createKubeClient, Pods } from ${dist('index.js')};\nexport { browserEnvironment } from ${dist('browser.js')};\n`,
    targetBytes: 18_000,
  },
];
const ALWAYS_EXTERNAL = ['rxjs', 'ky'];
/** Each add-on alone, over the engine: what a console pays for the ones it takes. */
const ADD_ONS = ['tabSleep', 'protocolBudget', 'proxyBuffering', 'shareAcrossTabs'];

/** The minified code and its gzip (level 9) size, and the bare imports left in it. */
async function bundle(dir, code, external) {
  const entry = join(dir, 'entry.js');
  writeFileSync(entry, code);
  const isExternal = (id) => external.some((name) => id === name || id.startsWith(`${name}/`));
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    root: dir,
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      write: false,
      minify: true,
      lib: { entry, formats: ['es'], fileName: 'entry' },
      rollupOptions: { external: isExternal },
    },
  });
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((result) => result.output).filter((file) => file.type === 'chunk');
  const text = chunks.map((chunk) => chunk.code).join('\n');
  return { minified: text.length, gzipped: gzipSync(text, { level: 9 }).length, imports: [...new Set(chunks.flatMap((chunk) => chunk.imports))].toSorted() };
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const dir = mkdtempSync(join(tmpdir(), 'rxkube-bundle-'));
try {
  const rows = [];
  for (const { label, code, targetBytes } of IMPORTS) {
    for (const immer of ['external', 'bundled']) {
      const size = await bundle(dir, code, immer === 'external' ? [...ALWAYS_EXTERNAL, 'immer'] : ALWAYS_EXTERNAL);
      rows.push([label, immer, kb(size.minified), kb(size.gzipped), size.imports.join(', '), `<= ${kb(targetBytes)} gzipped: ${size.gzipped <= targetBytes ? 'met' : 'missed'}`]);
    }
  }
  const engine = await bundle(dir, IMPORTS[0].code, [...ALWAYS_EXTERNAL, 'immer']);
  const addOnRows = [];
  for (const name of ADD_ONS) {
    const size = await bundle(dir, `${IMPORTS[0].code}export { ${name} } from ${dist('browser.js')};\n`, [...ALWAYS_EXTERNAL, 'immer']);
    addOnRows.push([`${name}()`, `+${kb(size.minified - engine.minified)}`, `+${kb(size.gzipped - engine.gzipped)}`]);
  }
  const host = machine();
  console.log('## Bundle size\n');
  console.log(`rxkube ${host.commit}, Vite ${(await import('vite')).version}, production, ${host.date}\n`);
  console.log(markdownTable(['import', 'immer', 'minified', 'gzipped', 'external imports left', 'target'], rows));
  console.log('\nEach browser add-on alone, over the engine (immer external):\n');
  console.log(markdownTable(['add-on', 'minified', 'gzipped'], addOnRows));
  console.log('');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
