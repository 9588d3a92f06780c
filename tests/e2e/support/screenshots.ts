/**
 * Screenshots: those kept as CI artifacts (artifacts/screenshots/, ignored by git), and the UI tour's, which
 * README links and git keeps (docs/screenshots/). Every run takes both; the tour's go to docs/ only when
 * FERRY_UPDATE_TOUR=1 is set (they differ in every run, by port and time), else to artifacts/tour/.
 */
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

export const TOUR_DIR = resolve(__dirname, '..', '..', '..', process.env.FERRY_UPDATE_TOUR === '1' ? 'docs/screenshots' : 'artifacts/tour');

/** Saves the page as a 1280×720 window shows it into the UI tour (`<TOUR_DIR>/<name>.png`). */
export async function saveTourScreenshot(page: Page, name: string): Promise<string> {
  await page.setViewportSize({ width: 1280, height: 720 });
  await mkdir(TOUR_DIR, { recursive: true });
  const path = join(TOUR_DIR, screenshotFileName(name));
  await page.screenshot({ path });
  return path;
}
