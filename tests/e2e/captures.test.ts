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
    const listed = await captures.capturedValues.innerText();
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
    ]);

    await captures.capturedValues.getByRole('button', { name: 'Clear captured values' }).click();
    await captures.capturedValues.waitFor({ state: 'detached' });
    await app.request.send();
    await app.request.sendError.waitFor();
    expect(await app.request.sendError.innerText()).toContain('unknown variable {{orderId}}');
    t.assertNoPageErrors();
  });
});
