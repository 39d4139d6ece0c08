/**
 * No import cycle in @rxkube/core's sources, between files or between
 * folders: the folders follow the data (resources, urls, http, streams, watch,
 * polling, cache, client, then the browser add-ons and tabs on top), so each
 * can be read, and bundled, without the ones above it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cycles, folderGraph, importGraph } from './importGraph.js';

const src = fileURLToPath(new URL('../src', import.meta.url));

describe('the import graph of packages/core/src', () => {
  it('has no cycle between files', () => {
    const graph = importGraph(src);
    expect(graph.size).toBeGreaterThan(50);
    expect(cycles(graph)).toEqual([]);
  });

  it('has no cycle between folders', () => {
    expect(cycles(folderGraph(importGraph(src)))).toEqual([]);
  });

  it('leaves the browser add-ons out of what the engine entry reaches (a Node script bundles none of them)', () => {
    const graph = importGraph(src);
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const next of graph.get(file) ?? []) visit(next);
    };
    visit('index.ts');
    expect(reached.has('client/createKubeClient.ts')).toBe(true);
    expect([...reached].filter((file) => file.startsWith('browser/') || file.startsWith('tabs/') || file === 'browser.ts')).toEqual([]);
  });

  it('finds a cycle of files, and of folders, through type-only and re-exporting imports', () => {
    const root = mkdtempSync(join(tmpdir(), 'rxkube-cycles-'));
    const write = (path: string, code: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), code);
    };
    try {
      write('a/one.ts', "import type { Two } from '../b/two.js';\nimport { x } from 'rxjs';\nexport type One = Two;\n");
      write('b/two.ts', "export * from './three.js';\nexport type Two = string;\n");
      write('b/three.ts', "// import { nothing } from '../a/one.js';\nexport { type One } from '../a/one.js';\n");
      write('b/four.ts', "import './two.js';\n");
      write('b/four.test.ts', "import '../a/one.js';\n");
      const graph = importGraph(root);
      expect(graph.get('b/four.ts')).toEqual(new Set(['b/two.ts']));
      expect(cycles(graph)).toEqual([['a/one.ts', 'b/three.ts', 'b/two.ts']]);
      expect(cycles(folderGraph(graph))).toEqual([['a', 'b']]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
