import type { Locator } from 'playwright-core';

// Polls a condition on the test's side (the fake's model or request log)
// until it holds. Page conditions use playwright's auto-waiting locators.
export async function eventually<T>(check: () => T | Promise<T>, { timeoutMs = 10_000, intervalMs = 50 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Waits (auto-retrying) until the locator's element reads exactly `text` (whitespace normalized). */
export async function waitForText(locator: Locator, text: string, timeout?: number): Promise<void> {
  await locator.filter({ hasText: new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`) }).first().waitFor(timeout === undefined ? {} : { timeout });
}
