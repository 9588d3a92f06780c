/**
 * The window's layout in Chromium: splitters moved with the keyboard (and their ARIA values), side panes
 * collapsed and restored, the theme switched, and all of it remembered across a reload.
 * Needs `dist/renderer` (`npx vite build`) and /usr/bin/chromium.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppLayout } from './pages/app-layout';
import { waitUntil } from '../kit/until';
import { launchBrowser, openConnectedFerry } from './support';

describe('layout in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('resizes and collapses panes from the keyboard, switches the theme, and remembers both after a reload', async () => {
    const { app, assertNoPageErrors } = await openConnectedFerry(browser);
    const { page } = app;
    const layout = new AppLayout(page);
    await app.explorer.openMethod('Echo');
    await app.request.waitForEditor('Echo');

    // The service explorer's splitter: arrows move it 16 px, Shift 80 px, Home to the narrowest.
    expect(await layout.splitterValue('Resize service explorer')).toBe(280);
    expect(await layout.splitter('Resize service explorer').getAttribute('aria-orientation')).toBe('vertical');
    await layout.pressOn('Resize service explorer', 'ArrowRight', 'ArrowRight');
    expect(await layout.splitterValue('Resize service explorer')).toBe(312);
    expect(Math.round(await layout.width(layout.explorer))).toBe(312);
    await layout.pressOn('Resize service explorer', 'Shift+ArrowLeft');
    expect(await layout.splitterValue('Resize service explorer')).toBe(232);

    // Enter collapses it (the window splitter pattern) and restores it at its width.
    await layout.pressOn('Resize service explorer', 'Enter');
    await layout.explorer.waitFor({ state: 'detached' });
    expect(await layout.servicesToggle.getAttribute('aria-pressed')).toBe('false');
    expect(await layout.splitterValue('Resize service explorer')).toBe(0);
    await layout.servicesToggle.click();
    await layout.explorer.waitFor();
    expect(Math.round(await layout.width(layout.explorer))).toBe(232);

    // The workspace panel: its toggle hides it; the splitter moves right to make it narrower.
    await layout.workspaceToggle.click();
    await layout.workspacePanel.waitFor({ state: 'detached' });
    await layout.workspaceToggle.click();
    await layout.pressOn('Resize workspace panel', 'ArrowRight');
    expect(await layout.splitterValue('Resize workspace panel')).toBe(284);

    // Request and response share their space by percent; the docs under the tree grow upwards.
    const requestBefore = await layout.width(app.request.region);
    const percentBefore = await layout.splitterValue('Resize request and response');
    await layout.pressOn('Resize request and response', 'Shift+ArrowRight');
    expect(await layout.splitterValue('Resize request and response')).toBeGreaterThan(percentBefore + 5);
    expect(await layout.width(app.request.region)).toBeGreaterThan(requestBefore + 40);
    await layout.pressOn('Resize method documentation', 'ArrowUp');
    expect(await layout.splitterValue('Resize method documentation')).toBe(256);

    // Theme: the choice applies at once and overrides the system's light scheme.
    expect(await layout.appliedTheme()).toBe('light');
    await layout.theme.selectOption({ label: 'Dark' });
    expect(await layout.appliedTheme()).toBe('dark');

    // Written to the page's storage within a moment; a reload brings all of it back.
    await waitUntil(() => page.evaluate<string | null>("localStorage.getItem('ferry.prefs')"), (text) => text?.includes('"themeChoice":"dark"') === true, { what: 'the preferences written' });
    await page.reload();
    await layout.explorer.waitFor();
    expect(await layout.theme.inputValue()).toBe('dark');
    expect(await layout.appliedTheme()).toBe('dark');
    expect(await layout.splitterValue('Resize service explorer')).toBe(232);
    expect(await layout.splitterValue('Resize workspace panel')).toBe(284);
    expect(await layout.splitterValue('Resize method documentation')).toBe(256);
    await layout.theme.selectOption({ label: 'System theme' });
    expect(await layout.appliedTheme()).toBe('light');
    assertNoPageErrors();
  });
});
