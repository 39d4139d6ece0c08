// `npm test`: build every package, check @rxkube/core's API report, typecheck, lint, then run every vitest
// project and close with the line `N passed, N failed` that CI reads.
// `--chaos` runs the long reliability profile instead of the fast one.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';

const chaos = process.argv.includes('--chaos');
const report = 'test-output/vitest.json';
mkdirSync('test-output', { recursive: true });

function step(title, command, args, env = {}) {
  console.log(`\n== ${title}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`== ${title}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.status === 0;
}

const setupOk =
  step('build', 'pnpm', ['-r', '--workspace-concurrency=1', 'run', 'build']) &&
  step('typecheck', 'pnpm', ['exec', 'tsc', '-p', 'tsconfig.json']) &&
  step('lint', 'pnpm', ['exec', 'oxlint', '--deny-warnings', '.']) &&
  step('browser', 'bash', ['scripts/ensure-chromium.sh']);

// A changed public surface fails the run, but does not keep the tests from running.
const apiReportOk = setupOk && step('api report', 'node', ['scripts/api-report.mjs', '--check']);

let passed = 0;
let failed = setupOk && apiReportOk ? 0 : 1;
if (setupOk) {
  const vitestOk = step('tests', 'pnpm', ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    chaos ? { RXKUBE_PROFILE: 'chaos' } : {});
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    passed = json.numPassedTests;
    failed += json.numFailedTests + (json.numRuntimeErrorTests ?? 0) + (vitestOk ? 0 : json.numFailedTests === 0 ? 1 : 0);
  } else if (!vitestOk) {
    failed += 1;
  }
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
