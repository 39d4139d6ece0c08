// Every test project of the repository. vitest 5 reads projects only from
// vitest.config.ts, which imports this list.
import { fileURLToPath } from 'node:url';
import type { TestProjectInlineConfiguration } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

// Tests run against the sources; the build is checked separately.
const alias = {
  // A subpath before its package: vite matches an alias as a prefix.
  '@rxkube/core/internal': fileURLToPath(new URL('./packages/core/src/internal.ts', import.meta.url)),
  '@rxkube/core/browser': fileURLToPath(new URL('./packages/core/src/browser.ts', import.meta.url)),
  '@rxkube/core': src('core'),
  '@rxkube/testing/msw': fileURLToPath(new URL('./packages/testing/src/msw/index.ts', import.meta.url)),
  '@rxkube/testing': src('testing'),
  '@rxkube/react': src('react'),
  '@rxkube/angular': src('angular'),
};

export const projects: TestProjectInlineConfiguration[] = [
  // Generous timeouts: tests wait on real loopback I/O, and CI's two cores are shared by parallel workers.
  { resolve: { alias }, test: { name: 'core', root: 'packages/core', environment: 'node', testTimeout: 20_000 } },
  { resolve: { alias }, test: { name: 'testing', root: 'packages/testing', environment: 'node', testTimeout: 30_000 } },
  { resolve: { alias }, test: { name: 'react', root: 'packages/react', environment: 'happy-dom', testTimeout: 20_000 } },
  { resolve: { alias }, test: { name: 'angular', root: 'packages/angular', environment: 'node', testTimeout: 20_000 } },
  // Pure functions both consoles share (apps/shared).
  { resolve: { alias }, test: { name: 'apps', root: 'apps/shared', environment: 'node' } },
  // Browser tests: Debian's chromium through playwright-core against the fake apiserver and the built consoles.
  { resolve: { alias }, test: { name: 'e2e', root: 'tests/e2e', environment: 'node', testTimeout: 120_000, hookTimeout: 300_000, fileParallelism: false } },
  // The READMEs' shell commands, run as written against the fake apiserver they start.
  { resolve: { alias }, test: { name: 'docs', root: 'tests/docs', environment: 'node', testTimeout: 60_000 } },
  // Convergence, leaks, backoff and bad input against the fake apiserver's fault injection.
  { resolve: { alias }, test: { name: 'reliability', root: 'tests/reliability', environment: 'node', testTimeout: 300_000, hookTimeout: 60_000 } },
];
