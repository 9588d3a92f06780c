import type { Locator, Page } from 'playwright-core';
import { waitUntil } from '../../kit/until';

export type AssertionKindLabel = 'Status' | 'JSONPath' | 'Max time' | 'Message count';

/** The active request's assertions: the toolbar toggle, one row per assertion, and each row's result. */
export class AssertionsPanel {
  readonly toggle: Locator;
  readonly group: Locator;
  readonly addButton: Locator;
  readonly checkButton: Locator;

  constructor(readonly page: Page) {
    const request = page.getByRole('region', { name: 'Request', exact: true });
    this.toggle = request.getByRole('toolbar', { name: 'Request controls' }).getByRole('button', { name: /^Assertions/ });
    this.group = request.getByRole('group', { name: 'Assertions' });
    this.addButton = this.group.getByRole('button', { name: 'Add assertion' });
    this.checkButton = this.group.getByRole('button', { name: 'Check assertions' });
  }

  /** Shows the list (the toggle is a disclosure button). */
  async open(): Promise<void> {
    if ((await this.toggle.getAttribute('aria-expanded')) !== 'true') await this.toggle.click();
    await this.group.waitFor();
  }

  /** Adds an assertion of a kind; it becomes number `n` (1-based) = the new count. */
  async add(kind: AssertionKindLabel): Promise<number> {
    await this.addButton.click();
    const n = await this.group.getByRole('listitem').count();
    await this.kind(n).selectOption({ label: kind });
    return n;
  }

  kind(n: number): Locator {
    return this.group.getByRole('combobox', { name: `Assertion kind ${n}` });
  }

  expectedStatus(n: number): Locator {
    return this.group.getByRole('combobox', { name: `Expected status ${n}` });
  }

  jsonPath(n: number): Locator {
    return this.group.getByRole('textbox', { name: `JSONPath ${n}` });
  }

  operator(n: number): Locator {
    return this.group.getByRole('combobox', { name: `Operator ${n}` });
  }

  expectedValue(n: number): Locator {
    return this.group.getByRole('textbox', { name: `Expected value ${n}` });
  }

  removeButton(n: number): Locator {
    return this.group.getByRole('button', { name: `Remove assertion ${n}` });
  }

  result(n: number): Locator {
    return this.group.getByRole('status', { name: `Assertion ${n} result` });
  }

  /** Waits until assertion `n` shows a result that starts with `prefix` (`Passed`, `Failed`). */
  async waitForResult(n: number, prefix: 'Passed' | 'Failed'): Promise<string> {
    return waitUntil(async () => (await this.result(n).textContent()) ?? '', (text) => text.startsWith(prefix), { what: `assertion ${n} to show "${prefix}…"` });
  }
}
