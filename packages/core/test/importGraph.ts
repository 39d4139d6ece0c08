/**
 * The import graph of a source tree, read from its import and export
 * statements (type-only ones included: a cycle of types is still two files
 * that cannot be read apart), and the cycles in it, between files and between
 * folders. No dependency: a regular expression over each statement and
 * Node's path resolution of relative specifiers ('./x.js' is './x.ts').
 * Test files are left out: a test may import anything.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** `import ... from 'x'`, `export ... from 'x'`, `import 'x'`, `import('x')`. */
const SPECIFIERS = /(?:^|[;\s])(?:import|export)\s[^;'"]*?from\s*['"]([^'"]+)['"]|(?:^|[;\s])import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts') && !path.endsWith('.test.ts') && !path.endsWith('.d.ts'))
    .map((path) => path.split(sep).join('/'));
}

/** The file a relative specifier names, relative to the root; undefined for a package or a file outside the tree. */
function resolve(root: string, from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = join(dirname(join(root, from)), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')];
  const found = candidates.find((candidate) => candidate.endsWith('.ts') && existsSync(candidate));
  if (found === undefined) throw new Error(`${from}: cannot resolve '${specifier}'`);
  const path = relative(root, found).split(sep).join('/');
  return path.startsWith('..') ? undefined : path;
}

/** File -> the files of the tree it imports. */
export function importGraph(root: string): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(root)) {
    const imports = new Set<string>();
    // Comments may quote an import; they never count.
    const code = readFileSync(join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const match of code.matchAll(SPECIFIERS)) {
      const target = resolve(root, file, match[1] ?? match[2] ?? match[3]!);
      if (target !== undefined && target !== file) imports.add(target);
    }
    graph.set(file, imports);
  }
  return graph;
}

const folderOf = (file: string) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : file);

/**
 * The graph of folders: an edge where a file of one folder imports a file of
 * another. A file at the root is a node of its own: the entries (index.ts)
 * import every folder, and folders import small root modules (clock.ts).
 */
export function folderGraph(files: Map<string, Set<string>>): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const [file, imports] of files) {
    const from = folderOf(file);
    if (!graph.has(from)) graph.set(from, new Set());
    for (const target of imports) if (folderOf(target) !== from) graph.get(from)!.add(folderOf(target));
  }
  return graph;
}

/** Every cycle, as the members of each strongly connected component of more than one node (Tarjan), sorted. */
export function cycles(graph: Map<string, Set<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (let member = stack.pop()!; ; member = stack.pop()!) {
      onStack.delete(member);
      component.push(member);
      if (member === node) break;
    }
    if (component.length > 1) found.push(component.toSorted());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}
