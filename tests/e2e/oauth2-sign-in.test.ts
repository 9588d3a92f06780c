/**
 * An OAuth 2.0 token by the authorization code grant with PKCE, in Chromium over `ferry serve`: the grant made
 * in the environment editor, a Send refused before anything goes out while nobody has signed in, Sign in
 * opening the authorization server's page in a new tab that comes back to Ferry on 127.0.0.1, and the next
 * Send carrying the token. The authorization server is the tests' own (it approves at once), on 127.0.0.1.
 * Needs `dist/renderer` (`npx vite build`) and /usr/bin/chromium.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startOAuth2Server } from '../../electron/engine/testing/oauth2-server';
import { tempDir } from '../kit/temp-dir';
import { WorkspacePage } from './pages/workspace-page';
import { BENCH_SERVICE, launchBrowser, openFerry, saveScreenshot } from './support';

describe('OAuth 2.0 sign-in in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('signs in from the environment editor in a new tab, and sends the token it brought back', async () => {
    const auth = await startOAuth2Server({}, { publicClients: ['ferry-desktop'] });
    onTestFinished(() => auth.close());
    const t = await openFerry(browser);
    onTestFinished(() => t.close());
    const { app, bench } = t;
    const root = tempDir('ferry-e2e-sign-in-');
    const workspace = new WorkspacePage(app.page);
    await workspace.open(root);

    await workspace.newEnvironmentButton.click();
    const editor = workspace.environmentEditor;
    await editor.name.fill('login');
    await editor.fill([{ name: 'greeting', value: 'hello' }]);
    await editor.addTokenSentAsBearer(2, 'accessToken', 'authorization_code', { 'Authorization URL': auth.authUrl, 'Token URL': auth.tokenUrl, 'Client ID': 'ferry-desktop' });
    await editor.save();
    const saved = JSON.parse(readFileSync(join(root, 'environments', 'login.ferry-env.json'), 'utf8'));
    expect(saved.variables[1]).toEqual({ name: 'accessToken', oauth2: { grant: 'authorization_code', tokenUrl: auth.tokenUrl, authUrl: auth.authUrl, clientId: 'ferry-desktop' } });

    // Nobody has signed in: reflection, which sends the environment's metadata too, is refused before anything
    // goes out, saying where to sign in.
    await app.connection.connectByReflection(bench.target);
    await app.connection.connectionError.getByText('OAuth 2.0 token {{accessToken}}: nobody has signed in yet (authorization code grant): use Sign in in the environment editor').waitFor();
    expect(auth.seen).toEqual([]);

    // Sign in: the authorization server's page opens in a new tab and sends the browser back to Ferry.
    await workspace.editEnvironmentButton.click();
    const opened = app.page.context().waitForEvent('page');
    await editor.dialog.getByRole('button', { name: 'Sign in' }).click();
    const tab = await opened;
    await tab.getByRole('heading', { name: /^Signed in/ }).waitFor();
    expect(new URL(tab.url()).hostname).toBe('127.0.0.1');
    // The page says how it went, never the token or the code (the address bar holds the code already).
    const code = new URL(tab.url()).searchParams.get('code')!;
    expect(await tab.content()).not.toMatch(new RegExp(`token-\\d|${code}`));
    await saveScreenshot(tab, 'the page a browser sees after an OAuth 2.0 sign-in');
    const status = editor.dialog.getByRole('status', { name: 'Sign-in of accessToken' });
    await status.getByText('Signed in, the token lasts 3600 s. Requests with this grant, as saved, use it.').waitFor();
    await saveScreenshot(app.page, 'environment editor after an OAuth 2.0 sign-in');
    await tab.close();
    const exchange = auth.seen.at(-1)!;
    expect(exchange).toMatchObject({ clientId: 'ferry-desktop', via: 'body', form: { grant_type: 'authorization_code', client_id: 'ferry-desktop' } });
    expect(exchange.form.code_verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
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
