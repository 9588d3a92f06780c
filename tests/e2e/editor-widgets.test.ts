/**
 * Monaco's floating widgets in Chromium at 1280×720: completion opens at the caret and hover at the pointer,
 * both whole and on top even where they cross the request panel's edge (the panels use `contain: strict`,
 * which once made widgets open far off and clipped them).
 * Needs `dist/renderer` (`npx vite build`) and /usr/bin/chromium.
 */
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openConnectedFerry, saveScreenshot } from './support';

type Box = { x: number; y: number; width: number; height: number };

/** The element drawn at a point, seen from the page (the tests have no DOM types). */
interface HitTestable {
  ownerDocument: { elementFromPoint(x: number, y: number): unknown };
  contains(other: unknown): boolean;
}

/** The widget itself is drawn at the point: not a panel drawn over it, not cut off. */
async function isDrawnAt(widget: Locator, x: number, y: number): Promise<boolean> {
  return widget.evaluate((element, [px, py]) => {
    const target = element as unknown as HitTestable;
    return target.contains(target.ownerDocument.elementFromPoint(px, py));
  }, [x, y] as const);
}

describe('editor widgets in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens completion at the caret and hover at the pointer, neither clipped by the panel', async () => {
    const { app, assertNoPageErrors } = await openConnectedFerry(browser);
    const { page } = app;
    await page.setViewportSize({ width: 1280, height: 720 });
    await app.explorer.openMethod('Echo');
    await app.request.pasteBody('Echo', '{\n  "message": "hi",\n  "payloadSize": "x"\n}');
    const panel = (await app.request.region.boundingBox()) as Box;

    // Hover: over the value Monaco marks as not matching the schema.
    const mark = page.locator('.request .squiggly-warning').first();
    await mark.waitFor();
    const marked = (await mark.boundingBox()) as Box;
    await page.mouse.move(marked.x + marked.width / 2, marked.y + marked.height / 2);
    const hover = page.getByRole('tooltip');
    await hover.getByText('does not match the pattern').waitFor();
    const hoverBox = (await hover.boundingBox()) as Box;
    expect(Math.abs(hoverBox.x - marked.x)).toBeLessThan(120);
    expect(hoverBox.y + hoverBox.height <= marked.y + 2 || hoverBox.y >= marked.y + marked.height - 2).toBe(true);
    expect(Math.min(Math.abs(hoverBox.y + hoverBox.height - marked.y), Math.abs(hoverBox.y - marked.y - marked.height))).toBeLessThan(40);
    expect(hoverBox.x + hoverBox.width).toBeGreaterThan(panel.x + panel.width);
    expect(await isDrawnAt(hover, hoverBox.x + hoverBox.width - 8, hoverBox.y + hoverBox.height / 2)).toBe(true);
    await page.mouse.move(0, 0);

    // Completion: a new property on line 2.
    await app.request.editor('Echo').focus();
    await page.keyboard.press('ControlOrMeta+Home');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    const caret = (await page.locator('.request .cursor').first().boundingBox()) as Box;
    await page.keyboard.press('Control+Space');
    const suggest = page.getByRole('listbox', { name: 'Suggest' });
    await suggest.getByRole('option').first().waitFor();
    const list = (await suggest.boundingBox()) as Box;
    expect(Math.abs(list.x - caret.x)).toBeLessThan(40);
    expect(list.y >= caret.y + caret.height - 2 ? list.y - (caret.y + caret.height) : caret.y - (list.y + list.height)).toBeLessThan(24);
    expect(list.x + list.width).toBeGreaterThan(panel.x + panel.width);
    expect(await isDrawnAt(suggest, list.x + list.width - 8, list.y + 8)).toBe(true);
    expect(list.x + list.width).toBeLessThanOrEqual(1280);
    await saveScreenshot(page, 'editor completion at the caret');
    assertNoPageErrors();
  });
});
