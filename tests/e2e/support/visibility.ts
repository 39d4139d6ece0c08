// Headless Chromium keeps document.visibilityState 'visible' whatever the
// window does (TOOLCHAIN.md, "Hidden tabs in tests"): a test hides a page by
// redefining visibilityState and hidden, then dispatching visibilitychange.
// A hidden tab of a real browser also runs no animation frame: while hidden,
// requestAnimationFrame holds its callbacks, and they run once the page is
// visible again, as a browser does. Code that only flushes on a frame stalls
// here as it would in a background tab.
import type { Page } from 'playwright-core';

export async function setPageHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((isHidden) => {
    type Frames = { original: typeof requestAnimationFrame; held: FrameRequestCallback[] };
    const scope = window as unknown as { rxkubeHeldFrames?: Frames };
    const frames = (scope.rxkubeHeldFrames ??= { original: window.requestAnimationFrame.bind(window), held: [] });
    window.requestAnimationFrame = isHidden
      ? (callback) => {
          frames.held.push(callback);
          return 0;
        }
      : frames.original;
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (isHidden ? 'hidden' : 'visible') });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => isHidden });
    document.dispatchEvent(new Event('visibilitychange'));
    if (!isHidden) for (const callback of frames.held.splice(0)) frames.original(callback);
  }, hidden);
}
