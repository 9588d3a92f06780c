/**
 * The Mock server section in a real Chromium over `ferry serve`: the connection's schema served with an
 * example and typed responses, called by the same page through the mock's own reflection, each call listed.
 * Needs `dist/renderer` and /usr/bin/chromium.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { MockPanel } from './pages/mock-panel';
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
    t.assertNoPageErrors();
  });
});
