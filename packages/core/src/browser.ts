// @rxkube/core/browser: the browser environment of a client, as add-ons the
// caller passes to `createKubeClient({ environment })` (the engine itself
// knows no browser, and a Node script bundles none of this).
export { browserEnvironment, type BrowserEnvironmentOptions } from './browser/browserEnvironment.js';
export { tabSleep, type TabSleepOptions } from './browser/tabSleep.js';
export { documentVisibility, type PageVisibility } from './browser/pageVisibility.js';
export { protocolBudget } from './browser/protocolBudget.js';
export { proxyBuffering, type ProxyBufferingOptions } from './browser/proxyBuffering.js';
export { shareAcrossTabs, canShareAcrossTabs, type ShareAcrossTabsOptions } from './tabs/shareAcrossTabs.js';
export type { ClientAddOn } from './client/environment.js';
