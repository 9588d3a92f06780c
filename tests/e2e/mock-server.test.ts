/**
 * The Mock server section in a real Chromium over `ferry serve`: the connection's schema served with an
 * example and typed responses, called by the same page through the mock's own reflection, each call listed, the responses kept over a reload.
 * Needs `dist/renderer` and /usr/bin/chromium.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MockPanel } from './pages/mock-panel';
import { WorkspacePage } from './pages/workspace-page';
import { tempDir } from '../kit/temp-dir';
import { launchBrowser, openFerry, saveScreenshot } from './support';
import { waitUntil } from '../kit/until';

const BENCH = 'ferry.testing.v1.Bench';

describe('the mock server in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("serves the connection's schema, answers what the responses say, and lists the calls", async () => {
    const t = await openFerry(browser);
    onTestFinished(() => t.close());
    const { app } = t;
    await app.connectByReflection(t.bench.target, BENCH);
    await app.explorer.openMethod('Echo');
    const mock = new MockPanel(app.page);
    await mock.exampleButton('Echo').click();
    await waitUntil(() => mock.responses.inputValue(), (text) => text.includes(`"${BENCH}/Echo": {\n    "response": {`), { what: "Echo's example in the responses" });
    await mock.responses.fill(JSON.stringify({ [`${BENCH}/Echo`]: [{ when: { message: 'boom' }, status: { code: 'RESOURCE_EXHAUSTED', message: 'mocked quota' } }, { response: { message: 'mocked {{request.message}}' } }] }, null, 2));
    await mock.startButton.click();
    const address = await mock.address();
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(await mock.status.textContent()).toContain(`from ${t.bench.target} on ${address}`);
    await saveScreenshot(app.page, 'mock server');

    // The page itself is the client: it connects to the mock by the mock's reflection and calls it.
    const before = t.bench.stats.calls;
    await app.connectByReflection(address, BENCH);
    await app.call('Echo', '{ "message": "hello" }');
    await app.response.waitForStatus('OK');
    await app.response.waitForResponseText('"mocked hello"');
    await app.request.setBody('Echo', '{ "message": "boom" }');
    await app.request.send();
    await app.response.waitForStatus('RESOURCE_EXHAUSTED');
    expect(t.bench.stats.calls).toBe(before);
    await waitUntil(() => mock.calls.count(), (count) => count === 2, { what: 'both calls to be listed' });
    const summaries = await mock.calls.locator('summary').evaluateAll((items) => items.map((item) => item.getAttribute('aria-label')));
    expect(summaries.map((label) => label!.replace(/ at .*$/, ''))).toEqual([`${BENCH}/Echo answered RESOURCE_EXHAUSTED`, `${BENCH}/Echo answered OK`]);
    await mock.calls.last().locator('summary').click();
    expect(JSON.parse(await mock.calls.last().getByLabel('Requests received').innerText())).toEqual({ message: 'hello' });

    // A change that does not fit is refused with its line, and the mock answers as before.
    await mock.responses.fill(`{\n  "${BENCH}/Echo": {\n    "response": { "mesage": "x" }\n  }\n}`);
    await mock.applyButton.click();
    await waitUntil(() => mock.error.textContent(), (text) => /^responses:3: mesage: unknown field/.test(text ?? ''), { what: 'the refusal with its line' });
    await mock.stopButton.click();
    await mock.startButton.waitFor();

    // The responses as typed survive a reload (the mock does not start again by itself).
    await mock.port.fill('0');
    await waitUntil(() => app.page.evaluate<string | null>("localStorage.getItem('ferry.session')"), (text) => text?.includes('mesage') === true && text.includes('"port":"0"'), { what: 'the responses written' });
    await app.page.reload();
    await mock.startButton.waitFor();
    expect(await mock.responses.inputValue()).toContain('"mesage": "x"');
    expect(await mock.port.inputValue()).toBe('0');
    t.assertNoPageErrors();
  });

  it('records a real call into the mock: Add to mock answers a request like it with its response', async () => {
    const t = await openFerry(browser);
    onTestFinished(() => t.close());
    const { app } = t;
    await app.connectByReflection(t.bench.target, BENCH);
    await app.call('Echo', '{ "message": "recorded", "payloadSize": 3 }');
    await app.response.waitForStatus('OK');
    await app.response.region.getByRole('toolbar', { name: 'Response actions' }).getByRole('button', { name: 'Add to mock' }).click();
    await app.response.region.getByRole('status', { name: 'Add to mock' }).getByText(`Added to the mock's responses for ${BENCH}/Echo`, { exact: false }).waitFor();
    const mock = new MockPanel(app.page);
    const recorded = JSON.parse(await mock.responses.inputValue()) as Record<string, Array<{ when: unknown; response: { message: string; payload: string } }>>;
    expect(recorded[`${BENCH}/Echo`]).toEqual([{ when: { message: 'recorded', payloadSize: 3 }, response: { message: 'recorded', payload: expect.any(String) } }]);
    await mock.startButton.click();
    const address = await mock.address();
    await app.connectByReflection(address, BENCH);
    await app.request.send();
    await app.response.waitForStatus('OK');
    await app.response.waitForResponseText('"recorded"');
    t.assertNoPageErrors();
  });

  it("keeps the responses in the workspace's mocks folder, as the file ferry mock reads, opens it again after a reload, and records into it", async () => {
    const t = await openFerry(browser);
    onTestFinished(() => t.close());
    const { app } = t;
    const dir = tempDir('ferry-e2e-mock-files-');
    await new WorkspacePage(app.page).open(dir);
    const mock = new MockPanel(app.page);
    const responses = `{\n  "${BENCH}/Echo": { "response": { "message": "kept in git" } }\n}\n`;
    await mock.responses.fill(responses);
    await mock.saveAs.fill('orders');
    await mock.saveButton.click();
    await mock.section.getByRole('status', { name: 'Mock file' }).getByText('Saved mocks/orders.ferry-mock.json.').waitFor();
    expect(readFileSync(join(dir, 'mocks', 'orders.ferry-mock.json'), 'utf8')).toBe(responses);
    await waitUntil(() => mock.file.locator('option').allTextContents(), (names) => names.includes('orders'), { what: 'the file among the workspace mocks' });
    expect(await mock.file.inputValue()).toBe('orders');
    // The same mock as the command a CI job runs from the workspace root, naming the file.
    await app.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await mock.section.getByRole('button', { name: 'Copy as ferry mock' }).click();
    await mock.section.getByRole('status', { name: 'Copy as ferry mock' }).getByText('Copied.').waitFor();
    expect(await app.page.evaluate(() => navigator.clipboard.readText())).toBe('ferry mock --plaintext localhost:50051 --responses mocks/orders.ferry-mock.json');
    await waitUntil(() => app.page.evaluate<string | null>("localStorage.getItem('ferry.session')"), (text) => text?.includes('"file":"orders"') === true, { what: 'the mock file written to the session' });
    await app.page.reload();
    await waitUntil(() => mock.file.inputValue(), (value) => value === 'orders', { what: 'the file chosen again after the reload' });
    expect(await mock.responses.inputValue()).toBe(responses);
    expect(await mock.saveButton.isDisabled()).toBe(true);

    // Passed to the server and recorded into the file: the second identical call is the mock's alone.
    await mock.responses.fill('{}\n');
    await mock.saveButton.click();
    await waitUntil(() => Promise.resolve(readFileSync(join(dir, 'mocks', 'orders.ferry-mock.json'), 'utf8')), (text) => text === '{}\n', { what: 'the emptied file saved' });
    await app.connectByReflection(t.bench.target, BENCH);
    await mock.section.getByRole('checkbox', { name: 'Pass the rest to the server' }).check();
    await mock.section.getByRole('checkbox', { name: 'Record them into mocks/orders.ferry-mock.json' }).check();
    await mock.startButton.click();
    const address = await mock.address();
    const before = t.bench.stats.calls;
    await app.connectByReflection(address, BENCH);
    await app.call('Echo', '{ "message": "record me" }');
    await app.response.waitForStatus('OK');
    await waitUntil(() => Promise.resolve(readFileSync(join(dir, 'mocks', 'orders.ferry-mock.json'), 'utf8')), (text) => text.includes('record me'), { what: 'the call recorded into the file' });
    await app.request.send();
    await app.response.waitForStatus('OK');
    expect(t.bench.stats.calls - before).toBe(1);
    await waitUntil(() => mock.responses.inputValue(), (text) => text.includes('record me'), { what: 'the box to follow the recorded file' });
    await mock.stopButton.click();

    // Deleted after a question; the responses stay in the box.
    await mock.section.getByRole('button', { name: 'Delete file' }).click();
    await mock.section.getByRole('alertdialog', { name: 'Delete the mock file?' }).getByRole('button', { name: 'Delete', exact: true }).click();
    await waitUntil(() => Promise.resolve(existsSync(join(dir, 'mocks', 'orders.ferry-mock.json'))), (exists) => !exists, { what: 'the file to be deleted' });
    expect(await mock.responses.inputValue()).toContain('record me');
    t.assertNoPageErrors();
  });

  it('serves browsers over Connect and gRPC-Web too when asked, passes what no case answers to the server, and lists those calls', async () => {
    const t = await openFerry(browser);
    onTestFinished(() => t.close());
    const { app } = t;
    await app.connectByReflection(t.bench.target, BENCH);
    const mock = new MockPanel(app.page);
    await mock.webToggle.check();
    // Nothing in the responses, and the rest passed to the server: a browser's call reaches the real one.
    await mock.section.getByRole('checkbox', { name: 'Pass the rest to the server' }).check();
    await mock.startButton.click();
    await mock.status.waitFor();
    const webUrl = (await mock.status.getByRole('code').nth(1).textContent()) ?? '';
    expect(webUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // The call a front end's page makes with connect-es, from another origin in the same Chromium: a JSON
    // POST, which the browser sends only after a CORS preflight the mock must answer.
    const page = await app.page.context().newPage();
    const answer = await page.evaluate(async (url) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'connect-protocol-version': '1', 'x-team': 'web' }, body: '{"message": "from a page"}' });
      return { status: response.status, body: await response.text() };
    }, `${webUrl}/${BENCH}/Echo`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ message: 'from a page' });
    expect(await mock.status.textContent()).toContain(`the calls no case answers go to ${t.bench.target}`);
    await waitUntil(() => mock.calls.count(), (count) => count === 1, { what: 'the Connect call to be listed' });
    expect(await mock.calls.first().locator('summary').getAttribute('aria-label')).toMatch(new RegExp(`^${BENCH}/Echo over connect passed to the server, which answered OK at `));
    await mock.calls.first().locator('summary').click();
    expect(await mock.calls.first().getByLabel('Metadata received').innerText()).toContain('x-team');
    await mock.stopButton.click();
    t.assertNoPageErrors();
  });
});
