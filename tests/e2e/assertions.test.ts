/**
 * Assertions on a request in a real Chromium over `ferry serve` and the bench server: a status and a
 * JSONPath assertion pass, an edited expected value fails on the next Send, and Save writes them to disk.
 * Needs `dist/renderer` (`npx vite build`) and /usr/bin/chromium.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { AssertionsPanel } from './pages/assertions-panel';
import { waitUntil } from '../kit/until';
import { WorkspacePage } from './pages/workspace-page';
import { launchBrowser, openFerry, saveScreenshot } from './support';
import { tempDir } from '../kit/temp-dir';

describe('assertions in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('checks status and JSONPath assertions after each Send and saves them into the request file', async () => {
    const t = await openFerry(browser);
    onTestFinished(() => t.close());
    const { app } = t;
    await app.connectByReflection(t.bench.target, 'ferry.testing.v1.Bench');
    await app.explorer.openMethod('Echo');
    await app.request.setBody('Echo', '{ "message": "checked" }');

    const assertions = new AssertionsPanel(app.page);
    await assertions.open();
    const status = await assertions.add('Status');
    await assertions.expectedStatus(status).selectOption('OK');
    const path = await assertions.add('JSONPath');
    await assertions.jsonPath(path).fill('$.message');
    await assertions.operator(path).selectOption('equals');
    await assertions.expectedValue(path).fill('checked');

    await app.request.send();
    await app.response.waitForStatus('OK');
    await assertions.waitForResult(status, 'Passed');
    await assertions.waitForResult(path, 'Passed');
    await saveScreenshot(app.page, 'assertions passed');

    await assertions.expectedValue(path).fill('something else');
    // An edited assertion has no result until it is checked again.
    await waitUntil(() => assertions.result(path).textContent(), (text) => text === 'Not checked', { what: 'the edited assertion to drop its old result' });
    await app.request.send();
    expect(await assertions.waitForResult(path, 'Failed')).toBe('Failed: got "checked"');
    await assertions.waitForResult(status, 'Passed');
    await saveScreenshot(app.page, 'assertion failed');

    const dir = tempDir('ferry-e2e-assert-');
    const workspace = new WorkspacePage(app.page);
    await workspace.open(dir);
    await workspace.saveAs('echo-checked');
    await workspace.savedRequest('echo-checked.ferry.json').waitFor();
    const saved = JSON.parse(readFileSync(join(dir, 'echo-checked.ferry.json'), 'utf8')) as { assertions: unknown };
    // On disk each assertion is an object whose key says what it checks (docs/workspace-format.md).
    expect(saved.assertions).toEqual([{ status: 'OK' }, { jsonPath: '$.message', equals: 'something else' }]);
    t.assertNoPageErrors();
  });
});
