// The console's KubeClient. Same origin ('' base URL): the dev server proxies
// the API paths. The downgrade switch is the client's `downgradeWatch` (the
// console's DOWNGRADE_WATCH_ENABLED), flipped at runtime with
// `setDowngradeWatch`; every query of the console asks for `downgradePolling`,
// so with the switch on nothing streams. The browser add-ons (hidden tabs
// sleep, the stream budget follows the protocol, a buffering proxy means
// polling) come in one line: `environment: browserEnvironment()`.
import { createKubeClient, type DowngradePolling, type KubeClient } from '@rxkube/core';
import { browserEnvironment } from '@rxkube/core/browser';
import { STREAMING_LISTS } from './mode.ts';
import { clientTuning, environmentTuning } from './tuning.ts';

/** Short, so that a demo on polling still feels live. */
export const POLL_INTERVAL_MS = 2_000;

/** Passed on every watch call; it only takes effect when the client's downgradeWatch is on. */
export const DOWNGRADE_POLLING: DowngradePolling = { interval: POLL_INTERVAL_MS };

export function createConsoleClient(downgradeWatch: boolean): KubeClient {
  // `/?streamingLists` starts watches with sendInitialEvents=true.
  return createKubeClient({
    baseUrl: '',
    downgradeWatch,
    pollInterval: POLL_INTERVAL_MS,
    streamingLists: STREAMING_LISTS,
    environment: browserEnvironment(environmentTuning()),
    ...clientTuning(),
  });
}
