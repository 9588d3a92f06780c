import type { Locator, Page } from 'playwright-core';
import { waitUntil } from '../../kit/until';

export type SchemaSourceLabel = 'Server reflection' | '.proto files' | 'Descriptor set';
export type ProtocolLabel = 'gRPC' | 'gRPC-Web' | 'gRPC-Web (text)' | 'Connect' | 'Connect (JSON)';
export type HttpVersionLabel = 'Auto' | 'HTTP/1.1' | 'HTTP/2';

/** The connection bar at the top: target, protocol, security, schema source, advanced settings, Connect. */
export class ConnectionBar {
  readonly target: Locator;
  readonly protocol: Locator;
  /** Shown for the web protocols only. */
  readonly httpVersion: Locator;
  readonly security: Locator;
  readonly schema: Locator;
  readonly advancedSettings: Locator;
  readonly connectButton: Locator;
  readonly reloadSchemaButton: Locator;
  readonly connectivity: Locator;
  /** Why the last Connect failed (code and sentence), under the bar. */
  readonly connectionError: Locator;
  /** Says the schema's files changed on disk since it was loaded (checked when the page gets focus). */
  readonly schemaChanged: Locator;
  readonly protoFiles: Locator;
  readonly importPaths: Locator;
  readonly descriptorSets: Locator;
  /** The proxy every connection to the server goes through (Advanced settings, Network). */
  readonly proxy: Locator;

  constructor(readonly page: Page) {
    const bar = page.getByRole('form', { name: 'Connection' });
    this.target = bar.getByRole('combobox', { name: 'Target' });
    this.protocol = bar.getByRole('combobox', { name: 'Protocol' });
    this.httpVersion = bar.getByRole('combobox', { name: 'HTTP version' });
    this.security = bar.getByRole('combobox', { name: 'Security' });
    this.schema = bar.getByRole('combobox', { name: 'Schema' });
    this.advancedSettings = bar.getByRole('button', { name: 'Advanced settings' });
    this.connectButton = bar.getByRole('button', { name: 'Connect', exact: true });
    this.reloadSchemaButton = bar.getByRole('button', { name: 'Reload schema' });
    this.connectivity = page.getByRole('status', { name: 'Connectivity' });
    this.connectionError = page.getByRole('banner').getByRole('alert');
    this.schemaChanged = page.getByRole('status', { name: 'Schema files changed' });
    const settings = page.getByRole('region', { name: 'Advanced settings' });
    this.protoFiles = settings.getByRole('textbox', { name: 'Proto files or folders (one per line)' });
    this.importPaths = settings.getByRole('textbox', { name: 'Import paths (one per line)' });
    this.descriptorSets = settings.getByRole('textbox', { name: 'Descriptor set files (one per line)' });
    this.proxy = settings.getByRole('combobox', { name: 'Proxy' });
  }

  /** Connects to a plaintext target, discovering services by server reflection. */
  async connectByReflection(target: string): Promise<void> {
    await this.target.fill(target);
    await this.security.selectOption({ label: 'Plaintext' });
    await this.schema.selectOption({ label: 'Server reflection' });
    await this.connectButton.click();
  }

  /** Connects to a plaintext target with the schema read from .proto files (paths as Ferry sees them). */
  async connectWithProtoFiles(target: string, files: string[], importPaths: string[]): Promise<void> {
    await this.target.fill(target);
    await this.security.selectOption({ label: 'Plaintext' });
    await this.schema.selectOption({ label: '.proto files' });
    await this.openAdvancedSettings();
    await this.protoFiles.fill(files.join('\n'));
    await this.importPaths.fill(importPaths.join('\n'));
    await this.connectButton.click();
  }

  /** Picks the protocol (and, for a web protocol, the HTTP version) before connecting. */
  async chooseProtocol(protocol: ProtocolLabel, httpVersion?: HttpVersionLabel): Promise<void> {
    await this.protocol.selectOption({ label: protocol });
    if (httpVersion) await this.httpVersion.selectOption({ label: httpVersion });
  }

  async openAdvancedSettings(): Promise<void> {
    if ((await this.advancedSettings.getAttribute('aria-expanded')) !== 'true') await this.advancedSettings.click();
  }

  async connectivityText(): Promise<string> {
    return ((await this.connectivity.textContent()) ?? '').trim();
  }

  /** Waits until the Connectivity badge reads `state` (e.g. `READY`). */
  async waitForConnectivity(state: string): Promise<void> {
    await waitUntil(() => this.connectivityText(), (text) => text === state, { what: `Connectivity ${state}` });
  }
}
