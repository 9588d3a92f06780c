/**
 * Workspaces in a real Chromium over `ferry serve`: a request saved into a temp workspace folder is there
 * after a page reload, and switching the Environment changes the shown resolved target.
 * Needs `dist/renderer` (`npx vite build`) and /usr/bin/chromium.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import { WorkspacePage } from './pages/workspace-page';
import { launchBrowser, saveScreenshot, startServeForTest, type ServeForTest } from './support';
import { tempDir } from '../kit/temp-dir';
import { waitUntil } from '../kit/until';

const poll = { timeout: 15_000 };

describe('workspace in Chromium', () => {
  let ferry: ServeForTest;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    ferry = await startServeForTest();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await ferry?.close();
  });
  afterEach(async () => {
    await page?.close();
  });

  it('saves a request into the workspace and finds it again after a reload', async () => {
    const dir = tempDir('ferry-e2e-ws-');
    page = await browser.newPage();
    await page.goto(ferry.url);
    const connection = page.getByRole('form', { name: 'Connection' });
    await connection.getByRole('combobox', { name: 'Target' }).fill(ferry.bench!.target);
    await connection.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('treeitem', { name: 'Echo', exact: true }).click();
    const body = page.getByRole('textbox', { name: 'Request body for Echo' });
    await body.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText('{"message": "saved in git"}');

    const workspace = new WorkspacePage(page);
    await workspace.open(dir);
    await workspace.saveAs('greetings/echo');
    await workspace.savedRequest('greetings/echo.ferry.json').waitFor(poll);

    await page.reload();
    const again = new WorkspacePage(page);
    await again.open(dir);
    await again.savedRequest('greetings/echo.ferry.json').waitFor(poll);
    await again.savedRequest('greetings/echo.ferry.json').click();
    await waitUntil(() => page.getByRole('textbox', { name: 'Request body for Echo' }).count(), (n) => n === 1, { what: 'the request editor', timeoutMs: poll.timeout });
    await saveScreenshot(page, 'workspace saved request after reload');
  });

  it('shows the resolved target of the active request for the chosen environment', async () => {
    const dir = tempDir('ferry-e2e-env-');
    mkdirSync(join(dir, 'environments'));
    const env = (host: string) => JSON.stringify({ formatVersion: 1, variables: [{ name: 'host', value: host, secret: false }] });
    writeFileSync(join(dir, 'environments', 'local.ferry-env.json'), env('localhost:50051'));
    writeFileSync(join(dir, 'environments', 'staging.ferry-env.json'), env('staging.example.com:443'));
    const request = {
      formatVersion: 1,
      name: 'Echo',
      target: '{{host}}',
      tls: { mode: 'plaintext' },
      schema: { kind: 'reflection' },
      method: 'ferry.testing.v1.Bench/Echo',
      metadata: [],
      messages: [{ message: 'hi' }],
      assertions: [],
    };
    writeFileSync(join(dir, 'echo.ferry.json'), JSON.stringify(request, null, 2));

    page = await browser.newPage();
    await page.goto(ferry.url);
    const workspace = new WorkspacePage(page);
    await workspace.open(dir);
    await workspace.savedRequest('echo.ferry.json').click();
    await workspace.environment.selectOption('local');
    await waitUntil(() => workspace.resolvedTarget.textContent(), (text) => text === 'localhost:50051', { what: 'the local target', timeoutMs: poll.timeout });
    await workspace.environment.selectOption('staging');
    await waitUntil(() => workspace.resolvedTarget.textContent(), (text) => text === 'staging.example.com:443', { what: 'the staging target', timeoutMs: poll.timeout });
    await saveScreenshot(page, 'workspace environment switch');
  });
});
