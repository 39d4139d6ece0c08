/**
 * Bundle size (issue 12, item 6): what `import { createKubeClient, Pods } from
 * '@rxkube/core'` adds to an application, as an ES module minified and
 * tree-shaken by Vite (rolldown), with rxjs, ky and immer left external (an
 * application has them anyway, and shares them with other code). Built from
 * packages/core/dist, the files the package publishes. Target: at most 15 KB
 * gzipped.
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

const TARGET_GZIP_BYTES = 15_000;
const core = fileURLToPath(new URL('../../packages/core/dist/index.js', import.meta.url));
const EXTERNAL = ['rxjs', 'ky', 'immer'];
const isExternal = (id) => EXTERNAL.some((name) => id === name || id.startsWith(`${name}/`));

const dir = mkdtempSync(join(tmpdir(), 'rxkube-bundle-'));
try {
  const entry = join(dir, 'entry.js');
  writeFileSync(entry, `export { createKubeClient, Pods } from ${JSON.stringify(core)};\n`);
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    root: dir,
    build: {
      write: false,
      minify: true,
      lib: { entry, formats: ['es'], fileName: 'entry' },
      rollupOptions: { external: isExternal },
    },
  });
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((result) => result.output).filter((file) => file.type === 'chunk');
  const code = chunks.map((chunk) => chunk.code).join('\n');
  const gzipped = gzipSync(code, { level: 9 }).length;
  const imports = [...new Set(chunks.flatMap((chunk) => chunk.imports))].toSorted();
  const host = machine();
  console.log('## Bundle size\n');
  console.log(`rxkube ${host.commit}, Vite ${(await import('vite')).version}, ${host.date}\n`);
  console.log(
    markdownTable(
      ['import', 'minified', 'gzipped', 'external imports left', 'target'],
      [
        [
          "{ createKubeClient, Pods } from '@rxkube/core'",
          `${(code.length / 1000).toFixed(1)} KB`,
          `${(gzipped / 1000).toFixed(1)} KB`,
          imports.join(', '),
          `<= ${TARGET_GZIP_BYTES / 1000} KB gzipped: ${gzipped <= TARGET_GZIP_BYTES ? 'met' : 'missed'}`,
        ],
      ],
    ),
  );
  console.log('');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
