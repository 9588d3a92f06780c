import type { Locator, Page } from 'playwright-core';

/** The workspace panel: folder, Environment switcher, resolved target, collections and Save as. */
export class WorkspacePage {
  readonly panel: Locator;
  readonly folder: Locator;
  readonly openButton: Locator;
  readonly environment: Locator;
  readonly resolvedTarget: Locator;
  readonly saveAsPath: Locator;
  readonly saveAsButton: Locator;
  readonly savedRequests: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByRole('complementary', { name: 'Workspace' });
    this.folder = this.panel.getByRole('textbox', { name: 'Workspace folder' });
    this.openButton = this.panel.getByRole('button', { name: 'Open workspace' });
    this.environment = this.panel.getByRole('combobox', { name: 'Environment' });
    this.resolvedTarget = this.panel.getByRole('status', { name: 'Resolved target' });
    this.saveAsPath = this.panel.getByRole('textbox', { name: 'Save as' });
    this.saveAsButton = this.panel.getByRole('button', { name: 'Save as', exact: true });
    this.savedRequests = this.panel.getByRole('list', { name: 'Saved requests' });
  }

  async open(dir: string): Promise<void> {
    await this.folder.fill(dir);
    await this.openButton.click();
    await this.savedRequests.waitFor({ state: 'attached' });
  }

  async saveAs(name: string): Promise<void> {
    await this.saveAsPath.fill(name);
    await this.saveAsButton.click();
  }

  savedRequest(relativePath: string): Locator {
    return this.panel.getByRole('button', { name: `Open ${relativePath}`, exact: true });
  }
}
