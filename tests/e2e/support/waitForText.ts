import type { Locator } from 'playwright-core';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Waits (playwright's auto-waiting locator) until the locator's element reads exactly `text` (whitespace normalized). */
export async function waitForText(locator: Locator, text: string, timeout?: number): Promise<void> {
  await locator.filter({ hasText: new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`) }).first().waitFor(timeout === undefined ? {} : { timeout });
}
