import type { Locator, Page } from 'playwright-core';

/** The request's Load test section: its boxes, Start and Stop, the progress line and the summary. */
export class LoadTestPanel {
  readonly toggle: Locator;
  readonly group: Locator;
  readonly startButton: Locator;
  readonly stopButton: Locator;
  readonly progress: Locator;
  readonly result: Locator;
  readonly summary: Locator;

  constructor(readonly page: Page) {
    const request = page.getByRole('region', { name: 'Request', exact: true });
    this.toggle = request.getByRole('toolbar', { name: 'Request controls' }).getByRole('button', { name: /^Load test/ });
    this.group = request.getByRole('group', { name: 'Load test' });
    this.startButton = this.group.getByRole('button', { name: 'Start load test' });
    this.stopButton = this.group.getByRole('button', { name: 'Stop load test' });
    this.progress = this.group.getByRole('status', { name: 'Load test progress' });
    this.result = this.group.getByRole('status', { name: 'Load test result' });
    this.summary = this.group.getByRole('group', { name: 'Load test summary' });
  }

  async open(): Promise<void> {
    await this.toggle.click();
    await this.group.waitFor();
  }

  /** A box by its label: Calls, At a time, Duration (s), Calls a second, Connections. */
  field(label: string): Locator {
    return this.group.getByRole('textbox', { name: label, exact: true });
  }
}
