/**
 * Captures in a real Chromium over `ferry serve` and the bench server: a Send takes a value from the
 * response into a variable, the editor offers it after {{, the next Send uses it, a secret one shows as ***, Save writes the captures
 * into the request file, and Clear forgets the values. Needs `dist/renderer` (`npx vite build`) and /usr/bin/chromium.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { CapturesPanel } from './pages/captures-panel';
import { WorkspacePage } from './pages/workspace-page';
import { launchBrowser, openFerry, saveScreenshot } from './support';
import { tempDir } from '../kit/temp-dir';

describe('captures in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('takes values from a response and sends them in the next request', async () => {
    const t = await openFerry(browser);
    onTestFinished(() => t.close());
    const { app } = t;
    await app.connectByReflection(t.bench.target, 'ferry.testing.v1.Bench');
    await app.explorer.openMethod('Echo');
    await app.request.setBody('Echo', '{ "message": "order-7" }');

    const captures = new CapturesPanel(app.page);
    await captures.open();
    const orderId = await captures.add('orderId', 'JSONPath', '$.message');
    const contentType = await captures.add('contentType', 'Header', 'content-type', { secret: true });
    await app.request.send();
    await app.response.waitForStatus('OK');
    await captures.waitForResult(orderId, '= order-7');
    await captures.waitForResult(contentType, '= ***');
    const listed = await captures.pageVariables.innerText();
    expect(listed).toContain('{{orderId}} = order-7');
    expect(listed).toContain('{{contentType}} = ***');
    expect(listed).not.toContain('application/grpc');

    // The editor offers the captured variable after {{ and closes it.
    await app.request.setBody('Echo', '{ "message": "got ');
    await app.page.keyboard.type('{{ord');
    const suggest = app.page.getByRole('listbox', { name: 'Suggest' });
    await suggest.getByRole('option', { name: /orderId/ }).waitFor();
    await app.page.keyboard.press('Enter');
    await app.page.keyboard.insertText('" }');
    await app.request.send();
    await app.response.waitForResponseText('got order-7');
    await captures.waitForResult(orderId, '= got order-7');
    await saveScreenshot(app.page, 'captures taken');

    // A value of the shown response, captured and asserted: both are in the editor's context menu, and are run
    // here from its command palette (Monaco's menu ignores a click that comes right after it opens).
    const value = app.page.locator('.response .view-line span', { hasText: 'got order-7' }).last();
    await value.click({ button: 'right' });
    const menu = app.page.getByRole('menuitem');
    await menu.filter({ hasText: 'Assert This Value' }).waitFor();
    expect(await menu.allTextContents()).toEqual(expect.arrayContaining(['Capture This Value as a Variable', 'Assert This Value']));
    await app.page.keyboard.press('Escape');
    const runAction = async (label: string) => {
      await value.click();
      await app.page.keyboard.press('F1');
      await app.page.keyboard.type(label);
      await app.page.getByRole('option', { name: new RegExp(label) }).waitFor();
      await app.page.keyboard.press('Enter');
    };
    await runAction('Capture This Value as a Variable');
    const variable3 = captures.group.getByRole('textbox', { name: 'Variable 3' });
    await variable3.waitFor();
    expect(await variable3.inputValue()).toBe('message');
    expect(await captures.group.getByRole('textbox', { name: 'Capture JSONPath 3' }).inputValue()).toBe('$.message');
    await runAction('Assert This Value');
    const assertions = app.page.getByRole('region', { name: 'Request', exact: true }).getByRole('group', { name: 'Assertions' });
    expect(await assertions.getByRole('textbox', { name: 'JSONPath 1' }).inputValue()).toBe('$.message');
    expect(await assertions.getByRole('textbox', { name: 'Expected value 1' }).inputValue()).toBe('got order-7');

    const dir = tempDir('ferry-e2e-captures-');
    const workspace = new WorkspacePage(app.page);
    await workspace.open(dir);
    await workspace.saveAs('echo-captures');
    await workspace.savedRequest('echo-captures.ferry.json').waitFor();
    const saved = JSON.parse(readFileSync(join(dir, 'echo-captures.ferry.json'), 'utf8')) as { formatVersion: number; captures: unknown };
    expect(saved.formatVersion).toBe(3);
    expect(saved.captures).toEqual([
      { variable: 'orderId', jsonPath: '$.message' },
      { variable: 'contentType', header: 'content-type', secret: true },
      { variable: 'message', jsonPath: '$.message' },
    ]);
    expect((saved as { assertions?: unknown }).assertions).toEqual([{ jsonPath: '$.message', equals: 'got order-7' }]);

    await captures.pageVariables.getByRole('button', { name: 'Clear page variables' }).click();
    await captures.pageVariables.getByRole('list').waitFor({ state: 'detached' });
    await app.request.send();
    await app.request.sendError.waitFor();
    expect(await app.request.sendError.innerText()).toContain('unknown variable {{orderId}}');

    // A value set by hand for this page only: a secret one is shown as *** and sent as itself.
    await captures.pageVariables.getByRole('button', { name: 'Set a variable for this page' }).click();
    await captures.pageVariables.getByRole('textbox', { name: 'Page variable name' }).fill('orderId');
    await captures.pageVariables.getByRole('checkbox', { name: 'Secret (shown as ***)' }).check();
    await captures.pageVariables.getByLabel('Page variable value').fill('typed-1');
    await captures.pageVariables.getByRole('button', { name: 'Set variable' }).click();
    expect(await captures.pageVariables.getByRole('listitem').innerText()).toMatch(/^\{\{orderId\}\} = \*\*\* set by hand/);
    await app.request.send();
    await app.response.waitForResponseText('got typed-1');

    t.assertNoPageErrors();
  });
});
