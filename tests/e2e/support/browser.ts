// Debian's chromium through playwright-core. No tool may download a browser:
// the executable is /usr/bin/chromium (scripts/ensure-chromium.sh installs it)
// or CHROMIUM_PATH.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function chromiumPath(): string {
  const found = CANDIDATES.find((p): p is string => !!p && existsSync(p));
  if (!found) throw new Error('chromium not found: run `bash scripts/ensure-chromium.sh` or set CHROMIUM_PATH');
  return found;
}

/** Launches a headless chromium; `options.args` add to the defaults. The caller closes it (afterAll). */
export function launchChromium({ args = [], ...options }: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...args,
    ],
    ...options,
  });
}
