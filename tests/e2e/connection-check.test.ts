/**
 * Check connection in Chromium over `ferry serve`: the steps for a plaintext server by reflection, a closed
 * port (TCP failed, the rest skipped), and a TLS server whose CA is not set (TLS failed with the advice, the
 * chain the server sent shown). The servers are the tests' own, on 127.0.0.1.
 * Needs `dist/renderer` (`npx vite build`) and /usr/bin/chromium.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startBenchServer } from '../../electron/engine/testing/bench-server';
import { makeTestCertificates } from '../../electron/engine/testing/make-certs';
import { launchBrowser, openFerry, saveScreenshot } from './support';

describe('Check connection in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists every step for a server that answers, and where one that does not fails', async () => {
    const t = await openFerry(browser);
    onTestFinished(() => t.close());
    const { app, bench } = t;
    const { page } = app;
    const report = page.getByRole('region', { name: 'Connection check' });
    const step = (name: string) => report.getByRole('listitem', { name: new RegExp(`^${name}: `) });

    await app.connection.target.fill(bench.target);
    await page.getByRole('button', { name: 'Check connection' }).click();
    await report.getByRole('status', { name: 'Check verdict' }).getByText(`${bench.target}: every check passed`).waitFor();
    expect(await step('TCP').getAttribute('aria-label')).toBe('TCP: OK');
    expect(await step('TLS').getAttribute('aria-label')).toBe('TLS: Skipped');
    expect(await step('HTTP/2').getAttribute('aria-label')).toBe('HTTP/2: OK');
    expect(await step('Reflection').getAttribute('aria-label')).toBe('Reflection: OK');
    // Checking connects nothing the page keeps.
    expect(await app.connection.connectivityText()).toBe('NOT CONNECTED');
    // The same check as a command, for another machine.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await report.getByRole('button', { name: 'Copy as ferry check' }).click();
    await report.getByRole('status', { name: 'Copy as ferry check' }).getByText('Copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`ferry check --plaintext ${bench.target}`);

    // A Connect that fails offers the check, which says where.
    await app.connection.connectByReflection('127.0.0.1:1');
    await app.connection.connectionError.getByRole('button', { name: 'See which step fails' }).click();
    await report.getByRole('status', { name: 'Check verdict' }).getByText('127.0.0.1:1: failed').waitFor();
    expect(await step('TCP').getAttribute('aria-label')).toBe('TCP: Failed');
    expect(await step('Reflection').getAttribute('aria-label')).toBe('Reflection: Skipped');
    await report.getByRole('button', { name: 'Close check' }).click();
    await report.waitFor({ state: 'detached' });
    t.assertNoPageErrors();
  });

  it('shows the chain a TLS server sent, and says to set the CA when it is not trusted', async () => {
    const certs = makeTestCertificates();
    onTestFinished(() => certs.dispose());
    const server = await startBenchServer({ tls: { cert: certs.serverCert, key: certs.serverKey } });
    onTestFinished(() => server.close());
    const t = await openFerry(browser);
    onTestFinished(() => t.close());
    const { app } = t;
    const { page } = app;
    const report = page.getByRole('region', { name: 'Connection check' });

    await app.connection.target.fill(`localhost:${server.port}`);
    await app.connection.security.selectOption({ label: 'TLS' });
    await page.getByRole('button', { name: 'Check connection' }).click();
    await report.getByRole('status', { name: 'Check verdict' }).getByText(/: failed$/).waitFor();
    const tls = report.getByRole('listitem', { name: 'TLS: Failed' });
    expect(await tls.innerText()).toMatch(/CA certificate path/);
    await report.getByText(/^Certificate chain/).click();
    const chain = report.getByRole('list', { name: 'Certificate chain' });
    expect(await chain.innerText()).toMatch(/Server: CN=localhost[\s\S]*issued by CN=Ferry Test CA/);
    await saveScreenshot(page, 'connection check of an untrusted TLS server');
    t.assertNoPageErrors();
  });
});
