/**
 * An OAuth 2.0 token by the device authorization grant (RFC 8628), in Chromium over `ferry serve`: the grant
 * made in the environment editor, Sign in showing the code to enter and opening the provider's verification
 * page in a new tab, the person (the test, at its own authorization server) approving the code, the engine's
 * polls bringing the token, and a Send carrying it. Needs `dist/renderer` (`npx vite build`) and /usr/bin/chromium.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startOAuth2Server } from '../../electron/engine/testing/oauth2-server';
import { tempDir } from '../kit/temp-dir';
import { WorkspacePage } from './pages/workspace-page';
import { BENCH_SERVICE, launchBrowser, openFerry, saveScreenshot } from './support';

describe('OAuth 2.0 device sign-in in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the code to enter, opens the verification page, and sends the token once the code is approved', async () => {
    const auth = await startOAuth2Server({}, { publicClients: ['ferry-desktop'] });
    onTestFinished(() => auth.close());
    // A fifth of a second between polls, not the 5 s a provider usually asks.
    auth.device.interval = 0.2;
    const t = await openFerry(browser);
    onTestFinished(() => t.close());
    const { app, bench } = t;
    const root = tempDir('ferry-e2e-device-');
    const workspace = new WorkspacePage(app.page);
    await workspace.open(root);

    await workspace.newEnvironmentButton.click();
    const editor = workspace.environmentEditor;
    await editor.name.fill('device');
    await editor.fill([{ name: 'greeting', value: 'hello' }]);
    await editor.addTokenSentAsBearer(2, 'accessToken', 'device_code', { 'Device authorization URL': auth.deviceAuthUrl, 'Token URL': auth.tokenUrl, 'Client ID': 'ferry-desktop' });
    await editor.save();
    const saved = JSON.parse(readFileSync(join(root, 'environments', 'device.ferry-env.json'), 'utf8'));
    expect(saved.variables[1]).toEqual({ name: 'accessToken', oauth2: { grant: 'device_code', tokenUrl: auth.tokenUrl, deviceAuthUrl: auth.deviceAuthUrl, clientId: 'ferry-desktop' } });

    // Sign in: the code shows in the editor and the verification page, with the code in it, opens in a new tab.
    await workspace.editEnvironmentButton.click();
    const opened = app.page.context().waitForEvent('page');
    await editor.dialog.getByRole('button', { name: 'Sign in' }).click();
    const tab = await opened;
    const shown = editor.dialog.getByRole('status', { name: 'Code to enter for accessToken' });
    await shown.waitFor();
    const code = (await shown.textContent())!.trim();
    expect(code).toBe(auth.devices.at(-1)!.userCode);
    await tab.waitForLoadState();
    expect(tab.url()).toBe(`${auth.deviceAuthUrl}?user_code=${code}`);
    await tab.getByText(code).waitFor();
    await editor.dialog.getByRole('link', { name: 'Open the verification page' }).waitFor();
    await editor.dialog.getByRole('button', { name: 'Cancel sign-in' }).waitFor();
    await saveScreenshot(app.page, 'environment editor waiting for an OAuth 2.0 device code to be entered');

    // The person enters the code and approves; the engine's next poll brings the token.
    auth.approveDevice(code);
    const status = editor.dialog.getByRole('status', { name: 'Sign-in of accessToken' });
    await status.getByText('Signed in, the token lasts 3600 s. Requests with this grant, as saved, use it.').waitFor();
    expect(await shown.count()).toBe(0);
    await tab.close();
    expect(auth.seen.at(-1)).toMatchObject({ clientId: 'ferry-desktop', via: 'body', form: { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: 'ferry-desktop' } });
    await editor.save();

    // The token the sign-in brought goes with reflection and the Send; no other token request is made.
    const requests = auth.seen.length;
    await app.connectByReflection(bench.target, BENCH_SERVICE);
    await app.explorer.openMethod('Echo');
    await app.request.setBody('Echo', '{"message": "{{greeting}}"}');
    await app.request.send();
    await app.response.waitForResponseText('"message": "hello"');
    expect(await app.response.viewText('Headers')).toMatch(/echo-authorization\s*Bearer token-\d+/);
    expect(auth.seen).toHaveLength(requests);
    t.assertNoPageErrors();
  });
});
