/**
 * A connection through a company's HTTP proxy, in Chromium over `ferry serve`: the Proxy setting under
 * Advanced settings, a proxy that wants a user and password refusing without them (the error says so), then
 * reflection and a Send through it with them. The proxy is the tests' own, tunneling for real on 127.0.0.1.
 * Needs `dist/renderer` (`npx vite build`) and /usr/bin/chromium.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startConnectProxy } from '../../electron/engine/testing/connect-proxy';
import { waitUntil } from '../kit/until';
import { BENCH_SERVICE, launchBrowser, openFerry, saveScreenshot } from './support';

const PASSWORD = 'pr0xy-pa55';

describe('a proxy in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('connects and sends through an authenticating proxy, saying why it refused before', async () => {
    const proxy = await startConnectProxy({ credentials: `ada:${PASSWORD}` });
    onTestFinished(() => proxy.close());
    const t = await openFerry(browser);
    onTestFinished(() => t.close());
    const { app, bench } = t;
    const bar = app.connection;

    await bar.openAdvancedSettings();
    await bar.proxy.fill(`http://127.0.0.1:${proxy.port}`);
    await bar.connectByReflection(bench.target);
    await bar.connectionError.getByText(/407 Proxy Authentication Required; it wants a user name and password/).waitFor();
    expect(proxy.tunnels).toEqual([]);
    await saveScreenshot(app.page, 'a proxy that wants a password');

    await bar.proxy.fill(`http://ada:${PASSWORD}@127.0.0.1:${proxy.port}`);
    await app.connectByReflection(bench.target, BENCH_SERVICE);
    await app.call('Echo', '{"message": "through the proxy"}');
    await app.response.waitForResponseText('"message": "through the proxy"');
    expect(proxy.tunnels).toContain(bench.target);

    // The page keeps the setting across reloads, without the password.
    const stored = await waitUntil(() => app.page.evaluate<string | null>("localStorage.getItem('ferry.session')"), (text) => text?.includes(`http://ada@127.0.0.1:${proxy.port}`) === true, {
      what: 'the proxy setting written to the session',
    });
    expect(stored).not.toContain(PASSWORD);
    t.assertNoPageErrors();
  });
});
