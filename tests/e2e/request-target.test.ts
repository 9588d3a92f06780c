/**
 * A saved request with a `{{host}}` target in a real Chromium over `ferry serve`: while Ferry is connected
 * elsewhere (or nowhere) the request says where it would go and offers to connect there; after that Send
 * reaches the bench server. Needs `dist/renderer` (`npx vite build`) and /usr/bin/chromium.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { waitUntil } from '../kit/until';
import { WorkspacePage } from './pages/workspace-page';
import { launchBrowser, openFerry, saveScreenshot } from './support';
import { tempDir } from '../kit/temp-dir';

describe('saved request target in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the resolved target and connects to it on request before Send', async () => {
    const t = await openFerry(browser);
    onTestFinished(() => t.close());
    const { app } = t;
    const dir = tempDir('ferry-e2e-target-');
    mkdirSync(join(dir, 'environments'));
    writeFileSync(join(dir, 'environments', 'bench.ferry-env.json'), JSON.stringify({ formatVersion: 1, variables: [{ name: 'host', value: t.bench.target, secret: false }] }));
    const request = { formatVersion: 1, name: 'Echo', target: '{{host}}', tls: { mode: 'plaintext' }, schema: { kind: 'reflection' }, method: 'ferry.testing.v1.Bench/Echo', metadata: [], messages: [{ message: 'to bench' }], assertions: [] };
    writeFileSync(join(dir, 'echo.ferry.json'), JSON.stringify(request, null, 2));

    const workspace = new WorkspacePage(app.page);
    await workspace.open(dir);
    await workspace.savedRequest('echo.ferry.json').click();
    const notice = app.request.region.getByRole('note', { name: 'Request target' });
    await waitUntil(() => notice.innerText(), (text) => text.includes(`This request targets ${t.bench.target} in bench; Ferry is not connected.`), { what: 'the target notice' });
    await saveScreenshot(app.page, 'request target notice');

    await notice.getByRole('button', { name: `Connect to ${t.bench.target}` }).click();
    await notice.waitFor({ state: 'detached' });
    expect(await app.connection.target.inputValue()).toBe(t.bench.target);
    await app.request.send();
    await app.response.waitForStatus('OK');
    await app.response.waitForResponseText('"message": "to bench"');
    t.assertNoPageErrors();
  });
});
