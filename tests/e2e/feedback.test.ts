/**
 * What the UI says when things go wrong or change, in Chromium: a failed connect keeps the working connection
 * and says why; client streams open without sending; a refused body's alert follows the edits and goes once
 * the body is fixed; the docs never stay on "Loading…" and name their regions apart from Request and Response.
 * Needs `dist/renderer` (`npx vite build`) and /usr/bin/chromium.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../kit/until';
import { BENCH_SERVICE, launchBrowser, openConnectedFerry, saveScreenshot } from './support';

describe('feedback in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('keeps the working connection when a new one fails, says why, and still sends', async () => {
    const { app, bench, assertNoPageErrors } = await openConnectedFerry(browser);
    await app.explorer.openMethod('Echo');
    await app.request.waitForEditor('Echo');
    await app.connection.target.fill('127.0.0.1:1');
    await app.connection.connectButton.click();
    await app.connection.connectionError.waitFor();
    const said = await app.connection.connectionError.innerText();
    expect(said).toMatch(/^Could not connect to 127\.0\.0\.1:1: UNAVAILABLE /);
    expect(said).toContain(`Still connected to ${bench.target}: its services stay listed and Send goes there.`);
    await saveScreenshot(app.page, 'failed connect keeps the working connection');
    expect(await app.explorer.service(BENCH_SERVICE).isVisible()).toBe(true);
    await app.request.pasteBody('Echo', '{"message": "still here"}');
    await app.request.send();
    await app.response.waitForResponseText('"message": "still here"');
    assertNoPageErrors();
  });

  it('opens a client stream without sending the body, then sends each message with Send message', async () => {
    const { app, assertNoPageErrors } = await openConnectedFerry(browser);
    const { request, response } = app;
    await app.explorer.openMethod('ClientStream');
    await request.pasteBody('ClientStream', '{"message": "one"}');
    expect(await request.sendButton.count()).toBe(0);
    await request.openStream();
    await response.waitForStatus('RUNNING');
    expect(await response.fact('Sent')).toBe('0 B in 0 msg');
    await request.sendMessage();
    await waitUntil(() => response.fact('Sent'), (sent) => sent?.endsWith('in 1 msg') === true, { what: 'one message sent' });
    await request.pasteBody('ClientStream', '{"message": "two"}');
    await request.sendMessage();
    await request.endStream();
    await response.waitForStatus('OK');
    await response.waitForResponseText('"message": "one,two"');
    assertNoPageErrors();
  });

  it('updates a refused body alert as the body is edited, and drops it once the body is fixed', async () => {
    const { app, bench, assertNoPageErrors } = await openConnectedFerry(browser);
    const { request } = app;
    await app.explorer.openMethod('Echo');
    await request.pasteBody('Echo', '{"message": }');
    await request.send();
    await request.sendError.getByText('Invalid JSON at line 1, column 13').waitFor();
    await request.pasteBody('Echo', '{"message": "x",}');
    await request.sendError.getByText('trailing comma').waitFor();
    await request.pasteBody('Echo', '{"message": "x"}');
    await request.sendError.waitFor({ state: 'detached' });
    expect(bench.stats.calls).toBe(0);
    assertNoPageErrors();
  });

  it('shows the docs after a schema reload instead of staying on Loading, in regions of their own', async () => {
    const { app, assertNoPageErrors } = await openConnectedFerry(browser);
    const { page } = app;
    await app.explorer.openMethod('Echo');
    const docs = page.getByRole('region', { name: 'Request type' });
    await docs.getByText('message EchoRequest').waitFor();
    expect(await page.getByRole('region', { name: 'Request', exact: true }).count()).toBe(1);
    expect(await page.getByRole('region', { name: 'Response', exact: true }).count()).toBe(1);
    await app.connection.reloadSchemaButton.click();
    await waitUntil(() => app.connection.reloadSchemaButton.isEnabled(), (enabled) => enabled, { what: 'the reload to finish' });
    await docs.getByText('message EchoRequest').waitFor();
    expect(await docs.getByText('Loading…').count()).toBe(0);
    await page.getByRole('region', { name: 'Response type' }).getByText('message EchoResponse').waitFor();
    assertNoPageErrors();
  });
});
