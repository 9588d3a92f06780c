import type { Locator, Page } from 'playwright-core';
import { EnvironmentEditor, type VariableRow } from './environment-editor';

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
  readonly newEnvironmentButton: Locator;
  readonly editEnvironmentButton: Locator;
  /** What Ferry says about the folder: no ferry.workspace.json yet, or that it wrote one. */
  readonly notice: Locator;
  readonly createManifestButton: Locator;
  readonly environmentEditor: EnvironmentEditor;
  readonly historySearch: Locator;
  /** One button per past call, named `Reopen <method> to <target> at <time>`. */
  readonly historyEntries: Locator;
  readonly grpcurlPaste: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByRole('complementary', { name: 'Workspace' });
    this.folder = this.panel.getByRole('textbox', { name: 'Workspace folder' });
    this.openButton = this.panel.getByRole('button', { name: 'Open workspace' });
    this.environment = this.panel.getByRole('combobox', { name: 'Environment' });
    this.resolvedTarget = this.panel.getByRole('status', { name: 'Resolved target' });
    this.saveAsPath = this.panel.getByRole('textbox', { name: 'Save as' });
    this.saveAsButton = this.panel.getByRole('button', { name: 'Save as', exact: true });
    this.savedRequests = this.panel.getByRole('list', { name: 'Saved requests' });
    this.newEnvironmentButton = this.panel.getByRole('button', { name: 'New environment' });
    this.editEnvironmentButton = this.panel.getByRole('button', { name: 'Edit environment' });
    this.notice = this.panel.getByLabel('Workspace notice');
    this.createManifestButton = this.panel.getByRole('button', { name: 'Create ferry.workspace.json' });
    this.environmentEditor = new EnvironmentEditor(page);
    this.historySearch = this.panel.getByRole('searchbox', { name: 'Search history' });
    this.historyEntries = this.panel.getByRole('list', { name: 'History entries' }).getByRole('button');
    this.grpcurlPaste = this.panel.getByRole('textbox', { name: 'grpcurl command to paste' });
  }

  heading(name: 'Workspace' | 'Saved requests' | 'Run' | 'History' | 'grpcurl'): Locator {
    return this.panel.getByRole('heading', { name, exact: true });
  }

  /** A folder of the saved-requests tree, by its path; its aria-expanded says whether it is open. */
  folderToggle(path: string): Locator {
    return this.panel.getByRole('button', { name: `Folder ${path}`, exact: true });
  }

  /** Runs a folder of saved requests (`''`: all of them) with its Run button. */
  runButton(folder: string): Locator {
    return this.panel.getByRole('button', { name: folder === '' ? 'Run all saved requests' : `Run folder ${folder}`, exact: true });
  }

  get runSummary(): Locator {
    return this.panel.getByRole('status', { name: 'Run summary' });
  }

  /** A request's row in the run results, named `<path>: passed|failed|running|waiting|not run`. */
  runRow(path: string): Locator {
    return this.panel.getByRole('list', { name: 'Run results' }).getByRole('listitem', { name: new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `) });
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

  /** Makes an environment with the New environment dialog; it becomes the chosen one. */
  async createEnvironment(name: string, variables: VariableRow[]): Promise<void> {
    await this.newEnvironmentButton.click();
    await this.environmentEditor.name.fill(name);
    await this.environmentEditor.fill(variables);
    await this.environmentEditor.save();
  }

  savedRequest(relativePath: string): Locator {
    return this.panel.getByRole('button', { name: `Open ${relativePath}`, exact: true });
  }
}
