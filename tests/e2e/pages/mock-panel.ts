import type { Locator, Page } from 'playwright-core';

/** The workspace panel's Mock server section: Port, Start and Stop, the responses, the status line and the calls. */
export class MockPanel {
  readonly section: Locator;
  readonly port: Locator;
  /** "gRPC-Web and Connect too": a second port for browsers. */
  readonly webToggle: Locator;
  readonly file: Locator;
  readonly saveAs: Locator;
  readonly saveButton: Locator;
  readonly startButton: Locator;
  readonly stopButton: Locator;
  readonly responses: Locator;
  readonly applyButton: Locator;
  readonly status: Locator;
  readonly error: Locator;
  /** One item per call the mock answered, newest first; each summary is named `<method> answered <status> at <time>`. */
  readonly calls: Locator;

  constructor(readonly page: Page) {
    this.section = page.getByRole('complementary', { name: 'Workspace' }).getByRole('region', { name: 'Mock server' });
    this.port = this.section.getByRole('textbox', { name: 'Port' });
    this.webToggle = this.section.getByRole('checkbox', { name: 'gRPC-Web and Connect too' });
    this.file = this.section.getByRole('combobox', { name: 'Responses file' });
    this.saveAs = this.section.getByRole('textbox', { name: 'Save responses as' });
    this.saveButton = this.section.getByRole('button', { name: 'Save responses' });
    this.startButton = this.section.getByRole('button', { name: 'Start mock' });
    this.stopButton = this.section.getByRole('button', { name: 'Stop mock' });
    this.responses = this.section.getByRole('textbox', { name: 'Mock responses' });
    this.applyButton = this.section.getByRole('button', { name: 'Apply responses' });
    this.status = this.section.getByRole('status', { name: 'Mock server status' });
    this.error = this.section.getByRole('alert');
    this.calls = this.section.getByRole('list', { name: 'Mock calls' }).getByRole('listitem');
  }

  /** The button that adds the open method's example to the responses, named after the method. */
  exampleButton(method: string): Locator {
    return this.section.getByRole('button', { name: `Add ${method}'s example` });
  }

  /** The address the status line names (`127.0.0.1:port`). */
  async address(): Promise<string> {
    await this.status.waitFor();
    return (await this.status.getByRole('code').first().textContent()) ?? '';
  }
}
