/**
 * Environment variables on Send, in Chromium over `ferry serve`: an environment made in the UI's editor
 * resolves `{{variables}}` in the target, the metadata and the body (a whole-value one too) when the request
 * goes out; its secret comes from FERRY_VAR_* in Ferry's process and is never written; the folder becomes a
 * workspace `ferry run` can find.
 * Needs `dist/renderer` (`npx vite build`) and /usr/bin/chromium.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startOAuth2Server } from '../../electron/engine/testing/oauth2-server';
import { tempDir } from '../kit/temp-dir';
import { WorkspacePage } from './pages/workspace-page';
import { waitUntil } from '../kit/until';
import { BENCH_SERVICE, launchBrowser, openFerry, saveScreenshot } from './support';

describe('variables in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    process.env.FERRY_VAR_TOKEN = 'e2e-secret-value';
  });
  afterAll(async () => {
    delete process.env.FERRY_VAR_TOKEN;
    await browser?.close();
  });

  /** Ferry in a fresh page with a new, empty folder open as its workspace. */
  async function openWithWorkspace() {
    const t = await openFerry(browser);
    onTestFinished(() => t.close());
    const root = tempDir('ferry-e2e-vars-');
    const workspace = new WorkspacePage(t.app.page);
    await workspace.open(root);
    return { t, app: t.app, bench: t.bench, root, workspace };
  }

  it('creates an environment in the UI and resolves it in the target, metadata and body on Send', async () => {
    const { t, app, bench, root, workspace } = await openWithWorkspace();
    await workspace.notice.getByText('no ferry.workspace.json').waitFor();

    await workspace.newEnvironmentButton.click();
    const editor = workspace.environmentEditor;
    await editor.name.fill('local');
    await editor.fill([
      { name: 'host', value: bench.target },
      { name: 'code', value: 'abc-123' },
      { name: 'size', value: '5' },
      { name: 'token', secret: true },
    ]);
    expect(await editor.variableValue(4).isDisabled()).toBe(true);
    expect(await editor.variableValue(4).getAttribute('placeholder')).toBe('from FERRY_VAR_TOKEN');
    await editor.save();
    expect(await workspace.environment.inputValue()).toBe('local');
    await workspace.notice.getByText('Created ferry.workspace.json').waitFor();
    expect(existsSync(join(root, 'ferry.workspace.json'))).toBe(true);
    const saved = readFileSync(join(root, 'environments', 'local.ferry-env.json'), 'utf8');
    expect(JSON.parse(saved).variables).toContainEqual({ name: 'size', value: 5 });
    expect(saved).not.toContain('e2e-secret-value');

    await app.connection.target.fill('{{host}}');
    await app.connection.connectButton.click();
    await app.explorer.service(BENCH_SERVICE).waitFor();
    await app.explorer.openMethod('Echo');
    await app.request.addMetadata('x-code', '{{code}}-{{token}}');
    // A whole-value variable is not JSON until it is substituted: the editor must not flag it.
    await app.request.pasteBody('Echo', '{\n  "message": "{{code}}",\n  "payloadSize": {{size}},\n  "unknownField": 1\n}');
    // Monaco has checked this text (the unknown field is underlined as a warning) and underlines no error.
    const squiggles = async () => ({ warnings: await app.page.locator('.request .squiggly-warning').count(), errors: await app.page.locator('.request .squiggly-error').count() });
    await waitUntil(squiggles, (seen) => seen.warnings > 0 && seen.errors === 0, { what: "Monaco's check with a warning and no error" });
    expect(await app.request.editorProblem()).toBeUndefined();
    await app.request.pasteBody('Echo', '{"message": "{{code}}", "payloadSize": {{size}}}');
    await app.request.send();

    await app.response.waitForStatus('OK');
    const text = await app.response.waitForResponseText('"message": "abc-123"');
    // Five payload bytes: {{size}} went in as the number 5.
    expect(text).toMatch(/"payload": "[A-Za-z0-9+/]{7}="/);
    expect(await app.response.viewText('Headers')).toContain('abc-123-e2e-secret-value');
    await saveScreenshot(app.page, 'variables resolved on send');
    t.assertNoPageErrors();
  });

  it('offers {{variables}} after {{ in the target and metadata boxes, by keyboard and by mouse', async () => {
    const { t, app, bench, workspace } = await openWithWorkspace();
    await workspace.createManifestButton.click();
    await workspace.notice.getByText('Created ferry.workspace.json').waitFor();
    await workspace.createEnvironment('local', [{ name: 'host', value: bench.target }, { name: 'code', value: 'abc-123' }, { name: 'token', secret: true }]);

    const target = app.connection.target;
    await target.fill('');
    await target.pressSequentially('{{ho');
    const listbox = app.page.getByRole('listbox', { name: 'Variables' });
    const option = (name: string) => listbox.getByRole('option', { name: new RegExp(`^${name.replace('$', '\\$')},`) });
    await option('host').waitFor();
    expect(await listbox.getByRole('option').count()).toBe(1);
    expect(await option('host').getAttribute('aria-label')).toBe(`host, environment local, ${bench.target}`);
    expect(await target.getAttribute('aria-expanded')).toBe('true');
    // Enter takes the variable, and does not connect.
    await target.press('Enter');
    expect(await target.inputValue()).toBe('{{host}}');
    expect(await target.getAttribute('aria-expanded')).toBe('false');
    expect(await app.connection.connectButton.isEnabled()).toBe(true);
    await app.connection.connectButton.click();
    await app.explorer.service(BENCH_SERVICE).waitFor();

    await app.explorer.openMethod('Echo');
    const value = await app.request.addMetadata('x-code');
    await value.pressSequentially('{{');
    // Every variable, built-ins last; a secret never shows its value.
    await option('$uuid').waitFor();
    expect(await option('token').getAttribute('aria-label')).toBe('token, environment local, *** (a secret: its value stays with Ferry)');
    expect(await listbox.getByRole('option').count()).toBe(7);
    await saveScreenshot(app.page, 'variable completion in metadata');
    await value.pressSequentially('co');
    await value.press('ArrowDown');
    await value.press('ArrowUp');
    await value.press('Tab');
    expect(await value.inputValue()).toBe('{{code}}');
    await value.pressSequentially('-{{');
    await option('token').click();
    expect(await value.inputValue()).toBe('{{code}}-{{token}}');
    // Escape closes the list and leaves the text as typed.
    await value.pressSequentially('-{{c');
    await option('code').waitFor();
    await value.press('Escape');
    await listbox.waitFor({ state: 'hidden' });
    expect(await value.inputValue()).toBe('{{code}}-{{token}}-{{c');
    await value.fill('{{code}}-{{token}}');

    await app.request.setBody('Echo', '{"message": "hi"}');
    await app.request.send();
    await app.response.waitForStatus('OK');
    expect(await app.response.viewText('Headers')).toContain('abc-123-e2e-secret-value');
    t.assertNoPageErrors();
  });

  it('edits an environment and uses the new value on the next Send', async () => {
    const { t, app, bench, root, workspace } = await openWithWorkspace();
    await workspace.createManifestButton.click();
    await workspace.notice.getByText('Created ferry.workspace.json').waitFor();
    await workspace.createEnvironment('local', [{ name: 'greeting', value: 'first' }]);

    await app.connectByReflection(bench.target, BENCH_SERVICE);
    await app.call('Echo', '{"message": "{{greeting}}"}');
    await app.response.waitForResponseText('"message": "first"');

    await workspace.editEnvironmentButton.click();
    await workspace.environmentEditor.variableValue(1).fill('second');
    await workspace.environmentEditor.save();
    await waitUntil(() => readFileSync(join(root, 'environments', 'local.ferry-env.json'), 'utf8'), (text) => text.includes('"second"'), { what: 'the edited environment on disk' });
    await app.request.send();
    await app.response.waitForResponseText('"message": "second"');

    // An unknown variable is named before anything is sent.
    const calls = bench.stats.calls;
    await app.request.setBody('Echo', '{"message": "{{missing}}"}');
    await app.request.send();
    await app.request.sendError.getByText('unknown variable {{missing}} in body').waitFor();
    expect(bench.stats.calls).toBe(calls);
    t.assertNoPageErrors();
  });

  it('sends an OAuth 2.0 token as metadata of the environment, both made in the editor, and keeps them when it is edited', async () => {
    const auth = await startOAuth2Server({ 'ferry-e2e': 'e2e-secret-value' });
    onTestFinished(() => auth.close());
    const { t, app, bench, root, workspace } = await openWithWorkspace();
    const envFile = join(root, 'environments', 'auth.ferry-env.json');
    await workspace.newEnvironmentButton.click();
    const editor = workspace.environmentEditor;
    await editor.name.fill('auth');
    await editor.fill([{ name: 'greeting', value: 'first' }, { name: 'token', secret: true }]);
    await editor.dialog.getByRole('button', { name: 'Add OAuth 2.0 token' }).click();
    await editor.variableName(3).fill('accessToken');
    const grantField = (label: string) => editor.dialog.getByRole('combobox', { name: `${label} of accessToken` });
    await grantField('Token URL').fill(auth.tokenUrl);
    await grantField('Client ID').fill('ferry-e2e');
    // The grant's fields offer the environment's other variables, as edited: the secret one for the secret.
    await grantField('Client secret').pressSequentially('{{to');
    await editor.dialog.getByRole('option', { name: 'token, this environment, *** (from FERRY_VAR_TOKEN)' }).waitFor();
    await grantField('Client secret').press('Enter');
    expect(await grantField('Client secret').inputValue()).toBe('{{token}}');
    // Every request of the environment sends the token: metadata of the environment.
    await editor.dialog.getByRole('button', { name: 'Add environment metadata' }).click();
    await editor.dialog.getByRole('textbox', { name: 'Environment metadata key 1' }).fill('Authorization');
    await editor.dialog.getByRole('combobox', { name: 'Environment metadata value 1' }).fill('Bearer {{accessToken}}');
    await saveScreenshot(app.page, 'environment with an OAuth 2.0 token');
    await editor.save();
    const grant = { tokenUrl: auth.tokenUrl, clientId: 'ferry-e2e', clientSecret: '{{token}}' };
    const saved = JSON.parse(readFileSync(envFile, 'utf8'));
    expect(saved.variables[2]).toEqual({ name: 'accessToken', oauth2: grant });
    expect(saved.metadata).toEqual([{ key: 'authorization', value: 'Bearer {{accessToken}}', enabled: true }]);
    expect(await workspace.environment.inputValue()).toBe('auth');

    await app.connectByReflection(bench.target, BENCH_SERVICE);
    await app.explorer.openMethod('Echo');
    await app.request.metadataButton.click();
    expect(await app.page.getByRole('list', { name: 'Metadata from environment auth' }).innerText()).toBe('authorization: Bearer {{accessToken}}');
    await app.request.setBody('Echo', '{"message": "{{greeting}}"}');
    await app.request.send();
    await app.response.waitForResponseText('"message": "first"');
    expect(await app.response.viewText('Headers')).toMatch(/echo-authorization\s*Bearer token-1/);
    expect(auth.seen).toEqual([{ clientId: 'ferry-e2e', via: 'basic', form: { grant_type: 'client_credentials' } }]);

    // The editor shows the token variable for what it is, and saving an edit keeps its grant.
    await workspace.editEnvironmentButton.click();
    expect(await grantField('Token URL').inputValue()).toBe(auth.tokenUrl);
    expect(await editor.variableValue(3).getAttribute('placeholder')).toBe(`OAuth 2.0 token from ${auth.tokenUrl}`);
    expect(await editor.variableValue(3).isDisabled()).toBe(true);
    // The grant can be checked from the editor: the endpoint asked, the token not shown.
    await editor.dialog.getByRole('button', { name: 'Get a token now' }).click();
    await editor.dialog.getByRole('status', { name: 'Token check of accessToken' }).getByText('The endpoint gave a token for 3600 s.').waitFor();
    expect(auth.seen).toHaveLength(2);
    await grantField('Client secret').fill('wrong');
    await editor.dialog.getByRole('button', { name: 'Get a token now' }).click();
    await editor.dialog.getByRole('status', { name: 'Token check of accessToken' }).getByText(/answered 401: invalid_client/).waitFor();
    await grantField('Client secret').fill('{{token}}');
    await editor.variableValue(1).fill('second');
    await editor.save();
    await waitUntil(() => readFileSync(envFile, 'utf8'), (text) => text.includes('"second"'), { what: 'the edited environment on disk' });
    const edited = JSON.parse(readFileSync(envFile, 'utf8'));
    expect(edited.variables[2]).toEqual({ name: 'accessToken', oauth2: grant });
    expect(edited.metadata).toEqual(saved.metadata);
    await app.request.send();
    await app.response.waitForResponseText('"message": "second"');
    // The token lasts an hour: the second call asked for no other (the checks' tokens are not the calls').
    expect(auth.seen).toHaveLength(3);

    // A request can go without the environment's metadata: nothing of it is sent.
    await app.page.getByRole('checkbox', { name: 'Send the metadata of environment auth' }).uncheck();
    await app.request.send();
    await app.response.waitForResponseText('"message": "second"');
    // The previous call's headers had it: they are replaced by the new call's, which do not.
    await waitUntil(() => app.response.viewText('Headers'), (text) => /content-type/.test(text) && !/echo-authorization/.test(text), { what: 'the headers of the call without the environment\'s metadata' });
    expect(auth.seen).toHaveLength(3);
    t.assertNoPageErrors();
  });
});
