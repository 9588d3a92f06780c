/**
 * A client certificate as a PKCS#12 bundle with its passphrase, in Chromium over `ferry serve`: the paths and
 * the passphrase typed in Advanced settings, reflection and a Send to a server that wants a client
 * certificate, and a typed passphrase not kept in the page's storage.
 * Needs `dist/renderer` (`npx vite build`) and /usr/bin/chromium.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startBenchServer } from '../../electron/engine/testing/bench-server';
import { makeTestCertificates, TEST_PASSPHRASE } from '../../electron/engine/testing/make-certs';
import { waitUntil } from '../kit/until';
import { BENCH_SERVICE, launchBrowser, openFerry } from './support';

describe('a PKCS#12 client bundle in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('connects and sends to an mTLS server with the bundle and its passphrase, keeping the passphrase out of storage', async () => {
    const certs = makeTestCertificates();
    onTestFinished(() => certs.dispose());
    const server = await startBenchServer({ tls: { cert: certs.serverCert, key: certs.serverKey, clientCa: certs.caCert } });
    onTestFinished(() => server.close());
    const t = await openFerry(browser);
    onTestFinished(() => t.close());
    const { app } = t;
    const settings = app.page.getByRole('region', { name: 'Advanced settings' });

    await app.connection.target.fill(`localhost:${server.port}`);
    await app.connection.security.selectOption({ label: 'TLS' });
    await app.connection.openAdvancedSettings();
    await settings.getByRole('textbox', { name: 'CA certificate path' }).fill(certs.path('ca-cert'));
    await settings.getByRole('textbox', { name: 'Client bundle path' }).fill(certs.path('client-bundle'));
    await app.connection.connectButton.click();
    await app.connection.connectionError.getByText(/is protected by a passphrase; set Key passphrase/).waitFor();

    await settings.getByRole('combobox', { name: 'Key passphrase' }).fill(TEST_PASSPHRASE);
    await app.connection.connectButton.click();
    await app.explorer.service(BENCH_SERVICE).waitFor();
    await app.call('Echo', '{"message": "from a bundle"}');
    await app.response.waitForResponseText('"message": "from a bundle"');

    const stored = await waitUntil(() => app.page.evaluate<string | null>("localStorage.getItem('ferry.session')"), (text) => text?.includes('client-bundle') === true, { what: 'the bundle path written to the session' });
    expect(stored).not.toContain(TEST_PASSPHRASE);
    t.assertNoPageErrors();
  });
});
