// Browser-only mode (`/?mock`): the fake apiserver of @rxkube/testing runs in
// the page behind msw's service worker, with its workload simulator ticking
// every second. Same API, same paths, no server; everything resets on reload.
import { setupWorker } from 'msw/browser';
import { createFakeApiHandlers } from '@rxkube/testing/msw';

export async function startMockApi(): Promise<void> {
  const fake = createFakeApiHandlers({ clusters: ['calico3'], simulate: true, seed: 1 });
  setInterval(() => fake.simulator?.tick(), 1_000);
  await setupWorker(...fake.handlers).start({ onUnhandledFrame: 'bypass', quiet: true });
}
