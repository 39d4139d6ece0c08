// What every Angular console test starts: the console built by the Angular CLI
// (once per run), a fake apiserver, the built app served with its API proxy,
// and Chromium; `close()` stops them in reverse order.
import type { Browser } from 'playwright-core';
import { startFakeApiServer, type FakeApiServer, type FakeApiServerOptions } from '@rxkube/testing';
import { launchChromium } from '../support/browser.ts';
import { startAppServer, type AppServer } from './appServer.ts';
import { buildApp, distDir } from './buildApp.ts';

export interface AngularStack {
  api: FakeApiServer;
  app: AppServer;
  browser: Browser;
  close(): Promise<void>;
}

export async function startAngularStack(options: FakeApiServerOptions): Promise<AngularStack> {
  const seconds = await buildApp();
  if (seconds > 0) console.log(`angular-console built in ${seconds.toFixed(1)} s`);
  const api = await startFakeApiServer({ port: 0, ...options });
  const app = await startAppServer(distDir, api.url);
  const browser = await launchChromium();
  return {
    api,
    app,
    browser,
    close: async () => {
      await browser.close();
      await app.close();
      await api.close();
    },
  };
}
