/**
 * Request tabs in Chromium at 1280×720: a saved request shows its own name, edits mark it unsaved, leaving
 * the page then asks first (beforeunload), and the active tab is scrolled into view as tabs pile up.
 * Needs `dist/renderer` (`npx vite build`) and /usr/bin/chromium.
 */
import type { Browser, Dialog, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../kit/temp-dir';
import { waitUntil } from '../kit/until';
import { WorkspacePage } from './pages/workspace-page';
import { launchBrowser, openConnectedFerry, saveScreenshot } from './support';

/** The tab lies wholly inside the visible part of its tab list. */
async function isScrolledIntoView(tab: Locator, list: Locator): Promise<boolean> {
  const [t, l] = [await tab.boundingBox(), await list.boundingBox()];
  return t !== null && l !== null && t.x >= l.x - 1 && t.x + t.width <= l.x + l.width + 1;
}

describe('request tabs in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('names saved requests, marks unsaved edits, asks before leaving with them, and keeps the active tab in view', async () => {
    const { app } = await openConnectedFerry(browser);
    const { page, request } = app;
    await page.setViewportSize({ width: 1280, height: 720 });
    const workspace = new WorkspacePage(page);
    await workspace.open(tempDir('ferry-e2e-tabs-'));

    await app.explorer.openMethod('Echo');
    await request.pasteBody('Echo', '{"message": "saved"}');
    await waitUntil(() => request.tab('Echo').getAttribute('aria-description'), (d) => d === 'Not saved to the workspace', { what: 'the mark of a tab never saved' });
    await workspace.saveAs('greetings/hello');
    const hello = request.tab('hello');
    await hello.waitFor();
    expect(await hello.getAttribute('aria-description')).toBeNull();
    expect(await hello.getAttribute('title')).toBe('greetings/hello.ferry.json');

    await request.pasteBody('Echo', '{"message": "edited"}');
    await waitUntil(() => hello.getAttribute('aria-description'), (d) => d === 'Unsaved changes', { what: 'the unsaved-changes mark' });
    const dialogs: Dialog[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog);
      void dialog.dismiss();
    });
    await page.close({ runBeforeUnload: true });
    await waitUntil(() => dialogs.length, (n) => n === 1, { what: 'the leave-page warning' });
    expect(dialogs[0]?.type()).toBe('beforeunload');
    expect(page.isClosed()).toBe(false);

    await request.editor('Echo').focus();
    await page.keyboard.press('ControlOrMeta+S');
    await waitUntil(() => hello.getAttribute('aria-description'), (d) => d === null, { what: 'the mark gone after Ctrl+S' });

    // Sixteen tabs do not fit: each new one is scrolled into view, and so is the first again.
    for (let i = 0; i < 15; i++) await page.keyboard.press('Alt+KeyT');
    const tabs = request.requestTabs.getByRole('tab');
    expect(await tabs.count()).toBe(16);
    expect(await tabs.last().getAttribute('aria-selected')).toBe('true');
    expect(await isScrolledIntoView(tabs.last(), request.requestTabs)).toBe(true);
    expect(await isScrolledIntoView(hello, request.requestTabs)).toBe(false);
    await page.keyboard.press('Alt+BracketRight');
    expect(await hello.getAttribute('aria-selected')).toBe('true');
    await waitUntil(() => isScrolledIntoView(hello, request.requestTabs), (inView) => inView, { what: 'the first tab scrolled back into view' });
    await saveScreenshot(page, 'request tabs');

    // Nothing unsaved now: the page goes without asking.
    await page.close({ runBeforeUnload: true });
    await waitUntil(() => page.isClosed(), (closed) => closed, { what: 'the page to close' });
    expect(dialogs).toHaveLength(1);
  });
});
