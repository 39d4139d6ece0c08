/** Debian's Chromium for the benchmarks (never a browser a tool downloads), headless, with the flags a run needs. */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

const BASE_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];

/** @param {string[]} extraArgs */
export function launchChromium(extraArgs = []) {
  const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => path && existsSync(path));
  if (!executablePath) throw new Error('chromium not found: run `bash scripts/ensure-chromium.sh` or set CHROMIUM_PATH');
  return chromium.launch({ executablePath, headless: true, args: [...BASE_ARGS, ...extraArgs] });
}
