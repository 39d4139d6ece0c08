// One test file's world: a fake apiserver, the console's dev server in front
// of it, and a chromium page. close() stops all three, whatever failed.
import { startFakeApiServer, type FakeApiServer, type FakeApiServerOptions } from '@rxkube/testing';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { startConsoleServer, type ConsoleServer } from './consoleServer.ts';

export interface Stack {
  fake: FakeApiServer;
  console: ConsoleServer;
  browser: Browser;
  page: Page;
  /** Uncaught errors of the page, for a final "no errors" check. */
  pageErrors: string[];
  /** Opens a view of the console, e.g. '#/pods?ns=testhl'. */
  open(hash: string): Promise<void>;
  /**
   * Closes the page (its connections end) and opens a blank one in its place, so
   * that a test starts from a fresh console instead of the page an earlier test left.
   */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function startStack(options: FakeApiServerOptions): Promise<Stack> {
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const fn of closers.splice(0).toReversed()) await fn().catch((error: unknown) => console.error('e2e teardown:', error));
  };
  try {
    const fake = await startFakeApiServer({ port: 0, clusters: ['global', 'calico3'], ...options });
    closers.push(() => fake.close());
    const consoleServer = await startConsoleServer(fake.url);
    closers.push(() => consoleServer.close());
    const browser = await launchChromium();
    closers.push(() => browser.close());
    const pageErrors: string[] = [];
    const blankPage = async () => {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (error) => pageErrors.push(error.message));
      return page;
    };
    const stack: Stack = {
      fake,
      console: consoleServer,
      browser,
      page: await blankPage(),
      pageErrors,
      open: async (hash) => {
        await stack.page.goto(new URL(hash, consoleServer.url).href);
      },
      newPage: async () => {
        await stack.page.close();
        stack.page = await blankPage();
        return stack.page;
      },
      close,
    };
    return stack;
  } catch (error) {
    await close();
    throw error;
  }
}
