/** Screenshots kept as CI artifacts, in artifacts/screenshots/ at the checkout root. */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

export const SCREENSHOT_DIR = resolve(__dirname, '..', '..', '..', 'artifacts', 'screenshots');

/** A file name from a test's words: `Sends a unary call` → `sends-a-unary-call`. */
export function screenshotFileName(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `${slug || 'screenshot'}.png`;
}

/** Saves a full-page PNG and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, screenshotFileName(name));
  await page.screenshot({ path, fullPage: true });
  return path;
}
