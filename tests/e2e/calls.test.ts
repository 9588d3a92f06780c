/**
 * Unary calls through the UI against the bench server: a response, a rich error, a deadline, and bodies
 * that are not JSON or repeat a key (refused before anything is sent).
 * Needs `dist/renderer` (`npx vite build`) and /usr/bin/chromium.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../kit/until';
import { launchBrowser, openConnectedFerry, saveScreenshot, saveTourScreenshot } from './support';

describe('unary calls', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('calls Echo and shows the response JSON, status OK and the echoed metadata', async () => {
    const { app, bench, assertNoPageErrors } = await openConnectedFerry(browser);
    const { request, response } = app;
    await app.explorer.openMethod('Echo');
    await request.setBody('Echo', '{ "message": "hello ferry" }');
    await request.addMetadata('x-e2e-run', 'unary');
    await request.send();

    await response.waitForStatus('OK');
    await response.waitForResponseText('"message": "hello ferry"');
    expect(bench.stats.calls).toBe(1);

    // The response as a file, and on the clipboard, exactly as shown.
    const actions = response.region.getByRole('toolbar', { name: 'Response actions' });
    const [download] = await Promise.all([app.page.waitForEvent('download'), actions.getByRole('button', { name: 'Save response' }).click()]);
    expect(download.suggestedFilename()).toBe('Echo-response.json');
    const saved = readFileSync((await download.path())!, 'utf8');
    expect(saved).toBe('{\n  "message": "hello ferry"\n}\n');
    await app.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await actions.getByRole('button', { name: 'Copy response' }).click();
    await actions.getByRole('status').getByText('Copied the response.').waitFor();
    expect(await app.page.evaluate(() => navigator.clipboard.readText())).toBe(saved.trimEnd());
    await saveScreenshot(app.page, 'unary response');
    expect(await response.viewText('Headers')).toContain('echo-x-e2e-run');
    expect(await response.viewText('Trailers')).toContain('trailer-echo-x-e2e-run');
    assertNoPageErrors();
  });

  it('compares a response with the one the tab showed before', async () => {
    const { app, assertNoPageErrors } = await openConnectedFerry(browser);
    const { request, response } = app;
    await app.call('Echo', '{ "message": "first answer" }');
    await response.waitForResponseText('"message": "first answer"');
    const compare = response.region.getByRole('button', { name: 'Compare with previous response' });
    expect(await compare.count()).toBe(0);
    await request.setBody('Echo', '{ "message": "second answer" }');
    await request.send();
    await response.waitForResponseText('"message": "second answer"');
    await compare.click();
    expect(await compare.getAttribute('aria-pressed')).toBe('true');
    const diff = response.region.getByTestId('json-diff');
    // One view: the previous response's changed line shown removed, the new one's added.
    const removed = diff.locator('.editor.modified .view-lines.line-delete');
    const shown = diff.locator('.editor.modified .view-lines:not(.line-delete)');
    const text = async (lines: typeof removed) => (await lines.innerText()).replace(/\u00a0/g, ' ');
    await waitUntil(async () => [await text(removed), await text(shown)], ([before, now]) => before!.includes('first answer') && !before!.includes('second') && now!.includes('second answer'), {
      what: 'the diff of the two responses',
    });
    await response.region.getByText("Lines of the previous response that changed are shown removed, this response's added.").waitFor();
    await saveScreenshot(app.page, 'response compared with the previous one');
    await compare.click();
    await diff.waitFor({ state: 'detached' });
    assertNoPageErrors();
  });

  it('shows a rich error: status INVALID_ARGUMENT with the decoded details', async () => {
    const { app, assertNoPageErrors } = await openConnectedFerry(browser);
    await app.call('Fail', '{ "message": "refused on purpose" }');

    await app.response.waitForStatus('INVALID_ARGUMENT');
    expect(await app.response.statusMessage()).toBe('refused on purpose');
    await app.response.errorDetails.waitFor();
    const details = await app.response.errorDetails.innerText();
    for (const expected of ['google.rpc.ErrorInfo', 'BENCH_FAILURE', 'bench.ferry.test', 'google.rpc.BadRequest', 'must not be empty', 'google.rpc.RetryInfo', 'ferry.testing.v1.Node', 'custom-detail']) {
      expect(details).toContain(expected);
    }
    await saveScreenshot(app.page, 'error details');
    await saveTourScreenshot(app.page, 'error state');
    assertNoPageErrors();
  });

  it('ends a call that outlives its deadline with DEADLINE_EXCEEDED', async () => {
    const { app, assertNoPageErrors } = await openConnectedFerry(browser);
    // The server would answer OK after 30 s, so DEADLINE_EXCEEDED can only come from the 0.3 s deadline.
    await app.call('Slow', '{ "delayMs": 30000 }', { deadlineSeconds: '0.3' });
    await app.response.waitForStatus('DEADLINE_EXCEEDED');
    assertNoPageErrors();
  });

  it('refuses a body that is not JSON, naming line and column, and sends nothing', async () => {
    const { app, bench, assertNoPageErrors } = await openConnectedFerry(browser);
    const { request, response } = app;
    await app.explorer.openMethod('Echo');
    // No leading spaces: Monaco indents typed lines itself, and this line follows an unindented one.
    await request.setBody('Echo', '{"message": "hi",\n"payloadSize": 3,}');
    const callsBefore = bench.stats.calls;
    await request.send();

    await request.sendError.waitFor();
    expect(await request.sendError.innerText()).toBe('Invalid JSON at line 2, column 17: trailing comma');
    expect(await response.statusName()).toBe('NOT SENT');
    expect(bench.stats.calls).toBe(callsBefore);
    // The editor's status line names the same place, and the editor marks it.
    expect(await request.editorProblem()).toBe('Invalid JSON at line 2, column 17: trailing comma');
    await waitUntil(() => request.errorMarks.count(), (marks) => marks > 0, { what: 'an error mark in the editor' });
    await saveScreenshot(app.page, 'invalid json');

    // Fixed, the same request goes out at once: Monaco's marker for the old text must not hold it back.
    await request.setBody('Echo', '{"message": "hi",\n"payloadSize": 3}');
    await request.send();
    await response.waitForStatus('OK');
    await request.sendError.waitFor({ state: 'detached' });
    expect(bench.stats.calls).toBe(callsBefore + 1);
    // Monaco's JSON worker revalidates the fixed text on its own schedule: a CI run once finished the call
    // before the worker's marker for the old text was gone. The line must clear, not hold a stale problem.
    await waitUntil(() => request.editorProblem(), (problem) => problem === undefined, { what: 'the editor problem cleared' });
    assertNoPageErrors();
  });

  it('refuses a body with a duplicate key, marking it in the editor, and sends nothing', async () => {
    const { app, bench, assertNoPageErrors } = await openConnectedFerry(browser);
    const { request, response } = app;
    await app.explorer.openMethod('Echo');
    await request.setBody('Echo', '{"message": "a",\n"message": "b"}');
    const expected = 'Invalid JSON at line 2, column 1: duplicate key "message" (first at line 1, column 2)';
    expect(await waitUntil(() => request.editorProblem(), (problem) => problem !== undefined, { what: 'the body problem' })).toBe(expected);
    await waitUntil(() => request.errorMarks.count(), (marks) => marks > 0, { what: 'an error mark in the editor' });
    const callsBefore = bench.stats.calls;
    await request.send();

    await request.sendError.waitFor();
    expect(await request.sendError.innerText()).toBe(expected);
    expect(await response.statusName()).toBe('NOT SENT');
    expect(bench.stats.calls).toBe(callsBefore);
    await saveScreenshot(app.page, 'duplicate key');

    await request.setBody('Echo', '{"message": "a"}');
    await waitUntil(() => request.errorMarks.count(), (marks) => marks === 0, { what: 'the error mark to go' });
    assertNoPageErrors();
  });
});
