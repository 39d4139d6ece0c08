// `npm run bench`: build the packages, then run the watch-throughput benchmark
// (bench/watch-throughput/main.mjs) on the built output with plain node.
// Arguments pass through: `npm run bench -- --quick`, `-- --profile`,
// `-- --rounds 3`, `-- --json figures.json`. See BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const build = spawnSync('pnpm', ['-r', '--filter', './packages/**', 'run', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('bench: the build failed');
  process.exit(build.status ?? 1);
}
const main = fileURLToPath(new URL('../bench/watch-throughput/main.mjs', import.meta.url));
const bench = spawnSync(process.execPath, [main, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(bench.status ?? 1);
