/**
 * Every browser add-on, for a console in one line:
 *
 *   import { browserEnvironment } from '@rxkube/core/browser';
 *   const client = createKubeClient({ baseUrl: '', environment: browserEnvironment() });
 *
 * Hidden tabs sleep (tabSleep), the stream budget follows the protocol
 * (protocolBudget), a cluster behind a buffering proxy polls (proxyBuffering),
 * and with `shareAcrossTabs: true` the tabs of the console share one set of
 * connections (tabs/shareAcrossTabs). Each is also importable alone.
 */
import type { ClientAddOn } from '../client/environment.js';
import { shareAcrossTabs } from '../tabs/shareAcrossTabs.js';
import { protocolBudget } from './protocolBudget.js';
import { proxyBuffering, type ProxyBufferingOptions } from './proxyBuffering.js';
import { tabSleep, type TabSleepOptions } from './tabSleep.js';

export interface BrowserEnvironmentOptions extends TabSleepOptions, ProxyBufferingOptions {
  /**
   * Share one set of connections among the tabs of this console (same origin
   * and baseUrl): one tab, elected with Web Locks, holds the watches and sends
   * the other tabs the changes of their queries over a BroadcastChannel; when
   * it closes, another tab takes over from the versions it holds. Default
   * false. No effect where BroadcastChannel or navigator.locks are missing (an
   * insecure context).
   */
  shareAcrossTabs?: boolean | undefined;
}

export function browserEnvironment(options: BrowserEnvironmentOptions = {}): ClientAddOn[] {
  const addOns = [tabSleep(options), protocolBudget(), proxyBuffering(options)];
  return options.shareAcrossTabs ? [...addOns, shareAcrossTabs()] : addOns;
}
