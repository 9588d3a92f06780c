import type { Locator, Page } from 'playwright-core';
import { waitUntil } from '../../kit/until';

/** The active request tab: toolbar (Send, stream controls, deadline, metadata) and the Monaco body editor. */
export class RequestPanel {
  readonly requestTabs: Locator;
  readonly sendButton: Locator;
  /** Client and bidi streams: opens the stream, sending nothing. */
  readonly openStreamButton: Locator;
  readonly sendMessageButton: Locator;
  readonly endStreamButton: Locator;
  readonly cancelButton: Locator;
  readonly resetToExampleButton: Locator;
  readonly metadataButton: Locator;
  readonly addMetadataButton: Locator;
  readonly deadline: Locator;
  /** The message shown when Send refuses (invalid JSON, bad deadline) or the engine answers an error. */
  readonly sendError: Locator;
  /** The editor's status line under the body: the body's JSON problem (the parser's, else Monaco's), or empty. */
  readonly bodyProblems: Locator;
  /** Error marks (squiggles) in the body editor. Monaco draws them as decorations without a role, so by class. */
  readonly errorMarks: Locator;
  readonly region: Locator;

  constructor(readonly page: Page) {
    const request = page.getByRole('region', { name: 'Request', exact: true });
    this.region = request;
    const toolbar = request.getByRole('toolbar', { name: 'Request controls' });
    this.requestTabs = page.getByRole('tablist', { name: 'Requests' });
    this.sendButton = toolbar.getByRole('button', { name: 'Send', exact: true });
    this.openStreamButton = toolbar.getByRole('button', { name: 'Open stream' });
    this.sendMessageButton = toolbar.getByRole('button', { name: 'Send message' });
    this.endStreamButton = toolbar.getByRole('button', { name: 'End stream' });
    this.cancelButton = toolbar.getByRole('button', { name: 'Cancel' });
    this.resetToExampleButton = toolbar.getByRole('button', { name: 'Reset to example' });
    this.metadataButton = toolbar.getByRole('button', { name: 'Metadata' });
    this.addMetadataButton = request.getByRole('button', { name: 'Add metadata' });
    this.deadline = toolbar.getByRole('textbox', { name: 'Deadline (seconds)' });
    this.sendError = request.getByRole('alert');
    this.bodyProblems = request.getByRole('status', { name: 'Request body problems' });
    this.errorMarks = request.locator('.monaco-editor .squiggly-error');
  }

  /** A request tab by the name it shows (a saved request's own name, else its method's). */
  tab(name: string): Locator {
    return this.requestTabs.getByRole('tab', { name, exact: true });
  }

  /** What the request panel shows, the body's visible lines included (Monaco's non-breaking spaces made plain). */
  async visibleText(): Promise<string> {
    return (await this.region.innerText()).replace(/\u00a0/g, ' ');
  }

  /** The accessible names of the request tabs, in order. */
  async tabNames(): Promise<string[]> {
    const tabs = await this.requestTabs.getByRole('tab').all();
    return Promise.all(tabs.map(async (tab) => (await tab.getAttribute('aria-label')) ?? ''));
  }

  /** Monaco's input for the request body. Monaco's own layers cover it, so it is focused, never clicked. */
  editor(methodName: string): Locator {
    return this.page.getByRole('textbox', { name: `Request body for ${methodName}` });
  }

  /** Waits until the editor (loaded lazily) is on the page and holds the method's example message. */
  async waitForEditor(methodName: string): Promise<void> {
    await this.editor(methodName).waitFor({ state: 'attached' });
    await this.waitForExample();
  }

  /** Waits until the method's example message has loaded (Reset to example turns enabled). */
  async waitForExample(): Promise<void> {
    await waitUntil(() => this.resetToExampleButton.isEnabled(), (enabled) => enabled, { what: 'the example message (Reset to example enabled)' });
  }

  /** Replaces the body as typed text: select all, delete, insert (Monaco sees one input event). */
  async setBody(methodName: string, text: string): Promise<void> {
    await this.waitForEditor(methodName);
    const editor = this.editor(methodName);
    await editor.focus();
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.press('Delete');
    if (text !== '') await this.page.keyboard.insertText(text);
  }

  /**
   * Replaces the body by a clipboard paste (select all, then a `paste` event carrying the text), as a user
   * pastes a large body: one edit, no auto-closed brackets or auto-indent as typing would add.
   */
  async pasteBody(methodName: string, text: string): Promise<void> {
    await this.waitForEditor(methodName);
    const editor = this.editor(methodName);
    await editor.focus();
    await this.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await this.page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(text)})`);
    await editor.focus();
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.press('ControlOrMeta+V');
  }

  /**
   * The body's problem as the editor's status line (the status named Request body problems) shows it, or
   * undefined when the line is clean: the JSON parser's problem, else Monaco's while it describes the current text.
   */
  async editorProblem(): Promise<string | undefined> {
    const text = (await this.bodyProblems.innerText()).trim();
    return text === '' ? undefined : text;
  }

  /** Metadata row n's value box (1-based): a combobox, since it offers `{{variables}}`. */
  metadataValue(n: number): Locator {
    return this.page.getByRole('combobox', { name: `Metadata value ${n}` });
  }

  /** Shows the metadata table when hidden, adds a row with this key (and value), and answers its value box. */
  async addMetadata(key: string, value?: string): Promise<Locator> {
    if (!(await this.addMetadataButton.isVisible())) await this.metadataButton.click();
    const n = (await this.page.getByRole('textbox', { name: /^Metadata key \d+$/ }).count()) + 1;
    await this.addMetadataButton.click();
    await this.page.getByRole('textbox', { name: `Metadata key ${n}` }).fill(key);
    if (value !== undefined) await this.metadataValue(n).fill(value);
    return this.metadataValue(n);
  }

  async setDeadlineSeconds(seconds: string): Promise<void> {
    await this.deadline.fill(seconds);
  }

  /** Clicks Send (waits for it to be enabled: connected, no call running in this tab). */
  async send(): Promise<void> {
    await this.sendButton.click();
  }

  /** Client and bidi streams: clicks Open stream (nothing is sent until Send message). */
  async openStream(): Promise<void> {
    await this.openStreamButton.click();
  }

  /** On an open client or bidi stream: sends the editor's JSON as the next message. */
  async sendMessage(): Promise<void> {
    await this.sendMessageButton.click();
  }

  async endStream(): Promise<void> {
    await this.endStreamButton.click();
  }

  async cancel(): Promise<void> {
    await this.cancelButton.click();
  }
}
