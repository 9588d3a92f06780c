/**
 * The connection's Network settings in Chromium over `ferry serve`: a response over Max message size ends
 * RESOURCE_EXHAUSTED saying which setting raises the limit; raised, the same call answers. The server is the
 * tests' own bench server, its schema from the .proto file (reflection's own answer is larger than the tiny
 * limit the test sets).
 * Needs `dist/renderer` (`npx vite build`) and /usr/bin/chromium.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../../electron/engine/testing/bench-server';
import { BENCH_SERVICE, launchBrowser, openFerry } from './support';

describe('Network settings in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('names Max message size when a response is over it, and answers once it is raised', async () => {
    const t = await openFerry(browser);
    onTestFinished(() => t.close());
    const { app, bench } = t;
    const settings = app.page.getByRole('region', { name: 'Advanced settings' });
    const maxSize = settings.getByRole('textbox', { name: 'Max message size (MiB)' });

    await app.connection.openAdvancedSettings();
    await maxSize.fill('0.01');
    await app.connection.connectWithProtoFiles(bench.target, [join(BENCH_PROTO_ROOT, BENCH_PROTO_FILE)], [BENCH_PROTO_ROOT]);
    await app.explorer.service(BENCH_SERVICE).waitFor();
    await app.call('Echo', '{"message": "big", "payloadSize": 20000}');
    await app.response.waitForStatus('RESOURCE_EXHAUSTED');
    expect(await app.response.statusMessage()).toMatch(/larger than max \(\d+ vs 10485\): raise Max message size \(the connection's Advanced settings; 4 MiB unless set\)/);

    // The first connection is READY after its call; the new one, with the raised limit, starts IDLE.
    await app.connection.waitForConnectivity('READY');
    await maxSize.fill('1');
    await app.connection.connectButton.click();
    await app.connection.waitForConnectivity('IDLE');
    await app.request.send();
    await app.response.waitForStatus('OK');
    t.assertNoPageErrors();
  });
});
