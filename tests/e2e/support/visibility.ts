// Headless Chromium keeps document.visibilityState 'visible' whatever the
// window does (TOOLCHAIN.md, "Hidden tabs in tests"): a test hides a page by
// redefining visibilityState and hidden, then dispatching visibilitychange.
import type { Page } from 'playwright-core';

export async function setPageHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((isHidden) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (isHidden ? 'hidden' : 'visible') });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => isHidden });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}
