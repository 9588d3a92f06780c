/**
 * A page reload in Chromium brings back what Postman and Kreya bring back: the open tabs with their unsaved
 * bodies (a large one pasted in), metadata and deadline, the connection settings (and the connection), and
 * the workspace with its environment. A corrupt stored session is ignored with a notice.
 * Needs `dist/renderer` (`npx vite build`) and /usr/bin/chromium.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../kit/temp-dir';
import { AppLayout } from './pages/app-layout';
import { waitUntil } from '../kit/until';
import { WorkspacePage } from './pages/workspace-page';
import { BENCH_SERVICE, launchBrowser, openConnectedFerry } from './support';

/** About 37 KB of JSON: pasted, as a user would, and far more than a body typed key by key. */
const LARGE_MESSAGE = Array.from({ length: 1500 }, (_, i) => `line ${i} of a large body`).join(' ');

describe('session restore in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('restores the tabs with their bodies, the connection and the workspace after a reload', async () => {
    const { app, bench, assertNoPageErrors } = await openConnectedFerry(browser);
    const { page, request } = app;
    const workspace = new WorkspacePage(page);
    await workspace.open(tempDir('ferry-e2e-restore-'));
    await workspace.createEnvironment('local', [{ name: 'who', value: 'restored' }]);

    await app.explorer.openMethod('Echo');
    await request.pasteBody('Echo', JSON.stringify({ message: LARGE_MESSAGE }, null, 2));
    await request.addMetadata('x-who', '{{who}}');
    await request.setDeadlineSeconds('7');
    await app.explorer.openMethod('Slow');
    await request.pasteBody('Slow', '{"delayMs": 1}');
    await request.tab('Echo').click();
    await waitUntil(() => page.evaluate<string | null>("localStorage.getItem('ferry.session')"), (text) => text?.includes('"x-who"') === true && text.includes('"delayMs'), { what: 'the session written' });

    await page.reload();
    await app.explorer.service(BENCH_SERVICE).waitFor();
    expect(await app.connection.target.inputValue()).toBe(bench.target);
    await app.connection.waitForConnectivity('READY');
    expect(await request.tabNames()).toEqual(['Echo', 'Slow']);
    expect(await request.tab('Echo').getAttribute('aria-selected')).toBe('true');
    expect(await request.deadline.inputValue()).toBe('7');
    expect(await workspace.environment.inputValue()).toBe('local');

    // The restored body, metadata and environment go out as they were.
    await request.send();
    await app.response.waitForStatus('OK');
    const sent = /^([\d.]+) KiB in 1 msg$/.exec((await app.response.fact('Sent')) ?? '');
    expect(Number(sent?.[1]) * 1024).toBeGreaterThan(LARGE_MESSAGE.length * 0.99);
    await app.response.waitForResponseText('line 0 of a large body');
    expect(await app.response.viewText('Headers')).toContain('restored');
    await request.tab('Slow').click();
    await request.waitForEditor('Slow');
    expect(await request.visibleText()).toContain('{"delayMs": 1}');
    assertNoPageErrors();
  });

  it('ignores a corrupt stored session with a notice, and the page still works', async () => {
    const { app, bench, assertNoPageErrors } = await openConnectedFerry(browser);
    const { page } = app;
    // Once the page has written its session, nothing new for it to write on the way out.
    await waitUntil(() => page.evaluate<string | null>("localStorage.getItem('ferry.session')"), (text) => text?.includes('"connected":true') === true, { what: 'the session written' });
    await page.evaluate(`localStorage.setItem('ferry.session', '{"version": 1, "tabs": "not a list"}'); localStorage.setItem('ferry.prefs', '{oops')`);
    await page.reload();
    const layout = new AppLayout(page);
    await layout.notice.getByText('The tabs of the last session could not be restored').waitFor();
    expect(await layout.notice.innerText()).toContain('session.tabs');
    await layout.notice.getByRole('button', { name: 'Dismiss' }).click();
    await layout.notice.waitFor({ state: 'detached' });
    await app.connectByReflection(bench.target, BENCH_SERVICE);
    await app.call('Echo', '{"message": "fresh"}');
    await app.response.waitForResponseText('"message": "fresh"');
    assertNoPageErrors();
  });
});
