import type { Locator, Page } from 'playwright-core';

export interface VariableRow {
  name: string;
  /** Ignored for secrets (their value never passes through the UI). */
  value?: string;
  secret?: boolean;
}

/** The environment editor dialog: a name and a table of variables (name, value, secret). */
export class EnvironmentEditor {
  readonly dialog: Locator;
  readonly name: Locator;
  readonly addVariableButton: Locator;
  readonly saveButton: Locator;
  readonly deleteButton: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: /environment/i });
    this.name = this.dialog.getByRole('textbox', { name: 'Environment name' });
    this.addVariableButton = this.dialog.getByRole('button', { name: 'Add variable' });
    this.saveButton = this.dialog.getByRole('button', { name: 'Save environment' });
    this.deleteButton = this.dialog.getByRole('button', { name: 'Delete environment' });
    this.error = this.dialog.getByRole('alert');
  }

  variableName(n: number): Locator {
    return this.dialog.getByRole('textbox', { name: `Variable name ${n}` });
  }

  variableValue(n: number): Locator {
    return this.dialog.getByRole('textbox', { name: `Variable value ${n}` });
  }

  secret(n: number): Locator {
    return this.dialog.getByRole('checkbox', { name: `Secret ${n}` });
  }

  /** Fills rows 1…n (adding rows as needed; a new environment starts with one empty row). */
  async fill(rows: VariableRow[]): Promise<void> {
    for (const [i, row] of rows.entries()) {
      const n = i + 1;
      if ((await this.variableName(n).count()) === 0) await this.addVariableButton.click();
      await this.variableName(n).fill(row.name);
      if (row.secret) await this.secret(n).check();
      else await this.variableValue(n).fill(row.value ?? '');
    }
  }

  /** A box of token variable `name`'s grant, by its label (Grant, Token URL, Client ID…). */
  grantField(name: string, label: string): Locator {
    return this.dialog.getByRole('combobox', { name: `${label} of ${name}` });
  }

  /**
   * Adds an OAuth 2.0 token variable as row `n` with its grant's boxes filled (label → value; `Grant` is chosen
   * first), and metadata of the environment sending it as `authorization: Bearer {{name}}`.
   */
  async addTokenSentAsBearer(n: number, name: string, grant: string, fields: Record<string, string>): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Add OAuth 2.0 token' }).click();
    await this.variableName(n).fill(name);
    await this.grantField(name, 'Grant').selectOption(grant);
    for (const [label, value] of Object.entries(fields)) await this.grantField(name, label).fill(value);
    await this.dialog.getByRole('button', { name: 'Add environment metadata' }).click();
    await this.dialog.getByRole('textbox', { name: 'Environment metadata key 1' }).fill('authorization');
    await this.dialog.getByRole('combobox', { name: 'Environment metadata value 1' }).fill(`Bearer {{${name}}}`);
  }

  async save(): Promise<void> {
    await this.saveButton.click();
    await this.dialog.waitFor({ state: 'detached' });
  }
}
