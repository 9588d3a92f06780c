/**
 * The workspace panel as a Postman or Kreya user finds it, in a real Chromium over `ferry serve`: headed
 * sections with labelled boxes, saved requests as a folder tree with full paths, a history that lists each
 * call as it ends (status, duration, target, time) and filters as you type, file pickers for the connection's
 * paths, and recent targets that outlive a reload.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../../electron/engine/testing/bench-server';
import { WorkspacePage } from './pages/workspace-page';
import { launchBrowser, openConnectedFerry, openFerry, saveScreenshot, saveTourScreenshot } from './support';
import { tempDir } from '../kit/temp-dir';
import { waitUntil } from '../kit/until';

const poll = { timeoutMs: 15_000 };

const requestFile = (name: string, method: string) =>
  JSON.stringify({ formatVersion: 1, name, target: '{{host}}', tls: { mode: 'plaintext' }, schema: { kind: 'reflection' }, method, metadata: [], messages: [{}], assertions: [] });

describe('workspace panel in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists each call in the history as it ends, with status, duration, target and time, and filters as you type', async () => {
    const { app, bench, assertNoPageErrors } = await openConnectedFerry(browser, { dataDir: tempDir('ferry-e2e-data-') });
    const workspace = new WorkspacePage(app.page);
    for (const heading of ['Workspace', 'History', 'grpcurl'] as const) await workspace.heading(heading).waitFor();
    expect(await workspace.historySearch.getAttribute('placeholder')).toMatch(/method, target/i);
    expect(await workspace.grpcurlPaste.getAttribute('placeholder')).toMatch(/^grpcurl /);
    expect(await workspace.folder.getAttribute('placeholder')).toMatch(/workspace/);

    await app.call('Echo', '{"message": "first call"}');
    // No Search pressed: the list follows the engine's history as calls end.
    const echo = workspace.historyEntries.filter({ hasText: 'Echo' });
    await echo.waitFor({ timeout: poll.timeoutMs });
    const name = await echo.getAttribute('aria-label');
    expect(name).toMatch(new RegExp(`^Reopen ferry\\.testing\\.v1\\.Bench/Echo to ${bench.target.replace(/\./g, '\\.')} at \\d\\d:\\d\\d:\\d\\d$`));
    const row = await echo.innerText();
    expect(row).toContain('OK');
    expect(row).toContain(bench.target);
    expect(row).toMatch(/\d(\.\d+)? (ms|s)\b/);
    expect(row).toMatch(/\d\d:\d\d:\d\d/);

    await app.call('Fail', '{"message": "second call"}');
    await waitUntil(() => workspace.historyEntries.count(), (n) => n === 2, { what: 'both calls in the history', ...poll });
    // Typing filters at once: nothing submits the search.
    await workspace.historySearch.pressSequentially('Fail');
    await waitUntil(() => workspace.historyEntries.allInnerTexts(), (rows) => rows.length === 1 && rows[0]!.includes('Fail'), { what: 'only the failed call listed', ...poll });
    await workspace.historySearch.fill('no-call-says-this');
    await workspace.panel.getByText('No call matches “no-call-says-this”.').waitFor({ timeout: poll.timeoutMs });
    await workspace.historySearch.fill('');
    await waitUntil(() => workspace.historyEntries.count(), (n) => n === 2, { what: 'the whole history again', ...poll });

    // Reopening a call opens it in a new tab.
    const tabs = app.page.getByRole('tablist', { name: 'Requests' }).getByRole('tab');
    const before = await tabs.count();
    await echo.click();
    await waitUntil(() => tabs.count(), (n) => n === before + 1, { what: 'a new tab for the reopened call', ...poll });
    await app.request.editor('Echo').waitFor({ state: 'attached' });
    await saveScreenshot(app.page, 'workspace panel history');

    // Clearing asks first; Keep keeps everything, Delete all empties the list.
    await workspace.panel.getByRole('button', { name: 'Clear history' }).click();
    const confirm = workspace.panel.getByRole('alertdialog', { name: 'Clear history?' });
    await confirm.getByRole('button', { name: 'Keep' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await workspace.historyEntries.count()).toBe(2);
    await workspace.panel.getByRole('button', { name: 'Clear history' }).click();
    await confirm.getByRole('button', { name: 'Delete all' }).click();
    await workspace.panel.getByText('No calls yet: each call you send is listed here.').waitFor({ timeout: poll.timeoutMs });
    expect(await workspace.historyEntries.count()).toBe(0);
    assertNoPageErrors();
  });

  it('shows saved requests as a folder tree with full paths and icon buttons, folders that fold', async () => {
    const dir = tempDir('ferry-e2e-tree-');
    const files = {
      'orders/v2/get-order-with-a-long-name.ferry.json': requestFile('Get order (v2)', 'ferry.testing.v1.Bench/Echo'),
      'orders/list.ferry.json': requestFile('List orders', 'ferry.testing.v1.Bench/Echo'),
      'health.ferry.json': requestFile('Health', 'ferry.testing.v1.Bench/Echo'),
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const { app, bench, assertNoPageErrors } = await openConnectedFerry(browser, { dataDir: tempDir('ferry-e2e-data-') });
    writeFileSync(join(dir, 'ferry.workspace.json'), JSON.stringify({ formatVersion: 1, name: 'orders-api' }));
    mkdirSync(join(dir, 'environments'));
    writeFileSync(join(dir, 'environments', 'local.ferry-env.json'), JSON.stringify({ formatVersion: 1, variables: [{ name: 'host', value: bench.target, secret: false }] }));
    const workspace = new WorkspacePage(app.page);
    await workspace.open(dir);
    await workspace.heading('Saved requests').waitFor();
    await workspace.panel.getByText(dir).waitFor();

    expect(await workspace.folderToggle('orders').getAttribute('aria-expanded')).toBe('true');
    expect(await workspace.folderToggle('orders/v2').getAttribute('aria-expanded')).toBe('true');
    const deep = workspace.savedRequest('orders/v2/get-order-with-a-long-name.ferry.json');
    expect(await deep.innerText()).toContain('Get order (v2)');
    // The whole path shows, wrapped if need be, never cut off.
    const path = deep.getByText('orders/v2/get-order-with-a-long-name.ferry.json');
    expect(await path.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    for (const action of ['Rename', 'Duplicate', 'Delete']) {
      const button = workspace.panel.getByRole('button', { name: `${action} orders/list.ferry.json`, exact: true });
      expect(await button.locator('svg').count()).toBe(1);
      expect(await button.getAttribute('title')).toBe(action);
    }

    await workspace.folderToggle('orders').click();
    expect(await workspace.folderToggle('orders').getAttribute('aria-expanded')).toBe('false');
    await workspace.savedRequest('orders/list.ferry.json').waitFor({ state: 'detached' });
    await workspace.savedRequest('health.ferry.json').waitFor();
    await workspace.folderToggle('orders').click();
    await workspace.savedRequest('orders/list.ferry.json').click();
    await app.request.editor('Echo').waitFor({ state: 'attached' });

    await workspace.environment.selectOption('local');
    await waitUntil(() => workspace.resolvedTarget.textContent(), (text) => text === bench.target, { what: 'the resolved target', ...poll });
    await app.request.send();
    await workspace.historyEntries.first().waitFor({ timeout: poll.timeoutMs });
    await app.page.setViewportSize({ width: 1280, height: 720 });
    await workspace.heading('Saved requests').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await saveTourScreenshot(app.page, 'workspace panel');
    assertNoPageErrors();
  });

  it('fills the connection paths from file pickers: .proto files, a .proto folder and a CA certificate', async () => {
    const t = await openFerry(browser);
    try {
      const { app, bench } = t;
      const bar = app.connection;
      const proto = readFileSync(join(BENCH_PROTO_ROOT, BENCH_PROTO_FILE));
      await bar.target.fill(bench.target);
      await bar.schema.selectOption({ label: '.proto files' });
      await bar.openAdvancedSettings();
      const settings = app.page.getByRole('region', { name: 'Advanced settings' });
      await settings.getByLabel('Choose .proto files').setInputFiles({ name: 'bench.proto', mimeType: 'text/plain', buffer: proto });
      const protoPath = await waitUntil(() => bar.protoFiles.inputValue(), (v) => v.endsWith('bench.proto'), { what: 'the picked file path', ...poll });
      // The page never sees a path: the bytes were copied to Ferry, and the path is where Ferry put them.
      expect(readFileSync(protoPath)).toEqual(proto);
      expect(await bar.importPaths.inputValue()).toBe(join(protoPath, '..'));

      // A folder pick keeps the folder's layout, so imports resolve, and takes only the .proto files in it.
      const folder = tempDir('ferry-e2e-protos-');
      const protoDir = join(BENCH_PROTO_FILE, '..');
      mkdirSync(join(folder, protoDir), { recursive: true });
      for (const name of ['bench.proto', 'types.proto']) writeFileSync(join(folder, protoDir, name), readFileSync(join(BENCH_PROTO_ROOT, protoDir, name)));
      writeFileSync(join(folder, 'README.txt'), 'not a proto');
      await bar.protoFiles.fill('');
      await bar.importPaths.fill('');
      await settings.getByLabel('Choose a folder of .proto files').setInputFiles(folder);
      const picked = await waitUntil(() => bar.protoFiles.inputValue(), (v) => v !== '', { what: 'the folder’s files', ...poll });
      const pickedFiles = picked.split('\n');
      expect(pickedFiles.map((path) => path.slice(-BENCH_PROTO_FILE.length)).sort()).toEqual([BENCH_PROTO_FILE, join(protoDir, 'types.proto')]);
      expect(await bar.importPaths.inputValue()).toBe(pickedFiles[0]!.slice(0, -BENCH_PROTO_FILE.length - 1));
      await bar.protoFiles.fill(pickedFiles.find((path) => path.endsWith('bench.proto'))!);
      await bar.connectButton.click();
      await app.explorer.service('ferry.testing.v1.Bench').waitFor({ timeout: poll.timeoutMs });

      await bar.security.selectOption({ label: 'TLS' });
      const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
      await settings.getByLabel('Choose CA certificate').setInputFiles({ name: 'ca.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(pem) });
      const caPath = await waitUntil(() => settings.getByRole('textbox', { name: 'CA certificate path' }).inputValue(), (v) => v.endsWith('ca.pem'), { what: 'the CA path', ...poll });
      expect(readFileSync(caPath, 'utf8')).toBe(pem);
      await saveScreenshot(app.page, 'connection settings with file pickers');
      t.assertNoPageErrors();
    } finally {
      await t.close();
    }
  });

  it('offers the targets connected to before, after a reload too', async () => {
    const { app, bench, assertNoPageErrors } = await openConnectedFerry(browser);
    const options = () => app.page.locator(`datalist[aria-label="Recent targets"] option`).evaluateAll((els) => els.map((el) => (el as HTMLOptionElement).value));
    expect(await app.connection.target.getAttribute('list')).toBeTruthy();
    await waitUntil(options, (values) => values[0] === bench.target, { what: 'the target among the recent ones', ...poll });
    await app.page.reload();
    await app.connection.connectButton.waitFor();
    await waitUntil(options, (values) => values.includes(bench.target), { what: 'the recent target after a reload', ...poll });
    assertNoPageErrors();
  });
});
