/**
 * An OAuth 2.0 token by the password grant, in Chromium over `ferry serve`: the grant made in the environment
 * editor with the user's password from a secret variable (FERRY_VAR_* in Ferry's process, never written),
 * checked with Get a token now, and the next Send carrying the token. The authorization server is the tests'
 * own, on 127.0.0.1.
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

const PASSWORD = 'e2e-al1ce-pa55';

describe('OAuth 2.0 password grant in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    process.env.FERRY_VAR_USERPASSWORD = PASSWORD;
  });
  afterAll(async () => {
    delete process.env.FERRY_VAR_USERPASSWORD;
    await browser?.close();
  });

  it('gets a token with a user\'s name and a secret password, made in the editor, and sends it', async () => {
    const auth = await startOAuth2Server({ 'ferry-e2e': 'client-s3cret' }, { users: { alice: PASSWORD } });
    onTestFinished(() => auth.close());
    const t = await openFerry(browser);
    onTestFinished(() => t.close());
    const { app, bench } = t;
    const root = tempDir('ferry-e2e-password-');
    const workspace = new WorkspacePage(app.page);
    await workspace.open(root);

    await workspace.newEnvironmentButton.click();
    const editor = workspace.environmentEditor;
    await editor.name.fill('users');
    await editor.fill([{ name: 'userPassword', secret: true }]);
    const field = (label: string) => editor.grantField('accessToken', label);
    await editor.addTokenSentAsBearer(2, 'accessToken', 'password', { 'Token URL': auth.tokenUrl, 'Client ID': 'ferry-e2e', 'Client secret': 'client-s3cret', Username: 'alice' });
    expect(await field('Password').getAttribute('placeholder')).toBe('{{userPassword}}: a secret variable');
    await field('Password').fill('{{userPassword}}');
    await editor.save();
    const grant = { grant: 'password', tokenUrl: auth.tokenUrl, clientId: 'ferry-e2e', clientSecret: 'client-s3cret', username: 'alice', password: '{{userPassword}}' };
    const envFile = readFileSync(join(root, 'environments', 'users.ferry-env.json'), 'utf8');
    expect(JSON.parse(envFile).variables[1]).toEqual({ name: 'accessToken', oauth2: grant });
    expect(envFile).not.toContain(PASSWORD);

    // Get a token now: the check takes the password from the secret variable, as calls do.
    await workspace.editEnvironmentButton.click();
    const check = editor.dialog.getByRole('status', { name: 'Token check of accessToken' });
    await editor.dialog.getByRole('button', { name: 'Get a token now' }).click();
    await check.getByText('The endpoint gave a token for 3600 s.').waitFor();
    expect(auth.seen.at(-1)).toEqual({ clientId: 'ferry-e2e', via: 'basic', form: { grant_type: 'password', username: 'alice', password: PASSWORD } });
    // A wrong password: what the endpoint said, never the password.
    await field('Password').fill('not-her-pa55');
    await editor.dialog.getByRole('button', { name: 'Get a token now' }).click();
    await check.getByText(/answered 400: invalid_grant \(wrong name or password for alice\)/).waitFor();
    expect(await check.innerText()).not.toContain('not-her-pa55');
    await field('Password').fill('{{userPassword}}');
    await saveScreenshot(app.page, 'environment with an OAuth 2.0 password grant');
    await editor.save();

    // Reflection and the Send carry the token; it lasts an hour, so one token request serves both.
    const requests = auth.seen.length;
    await app.connectByReflection(bench.target, BENCH_SERVICE);
    await app.explorer.openMethod('Echo');
    await app.request.setBody('Echo', '{"message": "hi"}');
    await app.request.send();
    await app.response.waitForResponseText('"message": "hi"');
    expect(await app.response.viewText('Headers')).toMatch(/echo-authorization\s*Bearer token-\d+/);
    expect(auth.seen).toHaveLength(requests + 1);
    expect(await app.page.content()).not.toContain(PASSWORD);
    t.assertNoPageErrors();
  });
});
