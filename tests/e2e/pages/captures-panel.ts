import type { Locator, Page } from 'playwright-core';
import { waitUntil } from '../../kit/until';

/** The active request's captures: the toolbar toggle, one row per capture with its result, and the workspace panel's page variables. */
export class CapturesPanel {
  readonly toggle: Locator;
  readonly group: Locator;
  readonly addButton: Locator;
  /** The workspace panel's list of the page's variables (captured, or set by hand), and its form. */
  readonly pageVariables: Locator;

  constructor(readonly page: Page) {
    const request = page.getByRole('region', { name: 'Request', exact: true });
    this.toggle = request.getByRole('toolbar', { name: 'Request controls' }).getByRole('button', { name: /^Captures/ });
    this.group = request.getByRole('group', { name: 'Captures' });
    this.addButton = this.group.getByRole('button', { name: 'Add capture' });
    this.pageVariables = page.getByRole('group', { name: 'Page variables' });
  }

  async open(): Promise<void> {
    if ((await this.toggle.getAttribute('aria-expanded')) !== 'true') await this.toggle.click();
    await this.group.waitFor();
  }

  /** Adds a capture of `variable` from a JSONPath or a header; it becomes number `n` (1-based). */
  async add(variable: string, from: 'JSONPath' | 'Header', path: string, options: { secret?: boolean } = {}): Promise<number> {
    await this.addButton.click();
    const n = await this.group.getByRole('listitem').count();
    await this.group.getByRole('textbox', { name: `Variable ${n}` }).fill(variable);
    await this.group.getByRole('combobox', { name: `Capture source ${n}` }).selectOption({ label: from });
    await this.group.getByRole('textbox', { name: from === 'Header' ? `Header name ${n}` : `Capture JSONPath ${n}` }).fill(path);
    if (options.secret) await this.group.getByRole('checkbox', { name: `Secret ${n}` }).check();
    return n;
  }

  result(n: number): Locator {
    return this.group.getByRole('status', { name: `Capture ${n} result` });
  }

  /** Waits until capture `n` shows `text`. */
  async waitForResult(n: number, text: string): Promise<void> {
    await waitUntil(async () => (await this.result(n).textContent()) ?? '', (shown) => shown === text, { what: `capture ${n} to show "${text}"` });
  }
}
