import type { Locator, Page } from 'playwright-core';

export type SplitterName = 'Resize service explorer' | 'Resize workspace panel' | 'Resize request and response' | 'Resize method documentation';

/** The window around the panels: splitters, pane toggles, theme, and the notice banner. */
export class AppLayout {
  readonly servicesToggle: Locator;
  readonly workspaceToggle: Locator;
  readonly theme: Locator;
  readonly notice: Locator;
  readonly explorer: Locator;
  readonly workspacePanel: Locator;

  constructor(readonly page: Page) {
    const banner = page.getByRole('banner');
    this.servicesToggle = banner.getByRole('button', { name: 'Services', exact: true });
    this.workspaceToggle = banner.getByRole('button', { name: 'Workspace', exact: true });
    this.theme = banner.getByRole('combobox', { name: 'Theme' });
    this.notice = page.getByRole('status', { name: 'Notice' });
    this.explorer = page.getByRole('complementary', { name: 'Service explorer' });
    this.workspacePanel = page.getByRole('complementary', { name: 'Workspace' });
  }

  splitter(name: SplitterName): Locator {
    return this.page.getByRole('separator', { name });
  }

  async splitterValue(name: SplitterName): Promise<number> {
    return Number(await this.splitter(name).getAttribute('aria-valuenow'));
  }

  /** Focuses a splitter and presses keys on it (ArrowRight, Shift+ArrowLeft, Home, End, Enter…). */
  async pressOn(name: SplitterName, ...keys: string[]): Promise<void> {
    await this.splitter(name).focus();
    for (const key of keys) await this.page.keyboard.press(key);
  }

  /** The theme in effect, as the page applies it (`data-theme` on the document). */
  async appliedTheme(): Promise<string | null> {
    return this.page.locator('html').getAttribute('data-theme');
  }

  async width(locator: Locator): Promise<number> {
    return (await locator.boundingBox())?.width ?? 0;
  }
}
