/**
 * Smoke test of `ferry serve` in a real Chromium: the built renderer loads with the token, without a
 * single Content Security Policy violation, and the server refuses the page without the token.
 * Needs `dist/renderer` (`npx vite build`) and /usr/bin/chromium.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, saveScreenshot, startServeForTest, type ServeForTest } from './support';

describe('ferry serve in Chromium', () => {
  let ferry: ServeForTest;
  let browser: Browser;
  beforeAll(async () => {
    ferry = await startServeForTest({ bench: false });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await ferry?.close();
  });

  it('opens the UI with the token', async () => {
    const page = await browser.newPage();
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) cspViolations.push(message.text());
    });
    const response = await page.goto(ferry.url, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(await page.title()).toMatch(/Ferry/);
    await saveScreenshot(page, 'serve smoke');
    expect(cspViolations).toEqual([]);
    await page.close();
  });

  it('refuses the page without the token', async () => {
    // A fresh context: no cookie left behind by the page opened with the token.
    const context = await browser.newContext();
    const response = await (await context.newPage()).goto(ferry.urlWithoutToken);
    expect(response?.status()).toBe(403);
    expect(await response?.text()).toContain('Forbidden');
    await context.close();
  });
});
