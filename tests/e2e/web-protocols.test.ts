/**
 * gRPC-Web and Connect through the UI: a @connectrpc/connect-node server (it answers gRPC, gRPC-Web and
 * Connect), the protocol picked in the connection bar, one unary and one server-stream call each, and the
 * response facts naming the protocol that answered.
 * Needs `dist/renderer` (`npx vite build`) and /usr/bin/chromium.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../../electron/engine/testing/bench-server';
import { startConnectBenchServer, type ConnectBenchServer } from '../../electron/engine/testing/connect-bench-server';
import type { HttpVersionLabel, ProtocolLabel } from './pages/connection-bar';
import { StreamTimeline } from './pages/stream-timeline';
import { BENCH_SERVICE, launchBrowser, openFerry, saveScreenshot } from './support';

const CASES: Array<{ protocol: ProtocolLabel; http: HttpVersionLabel; version: '1.1' | '2'; schema: 'reflection' | 'files' }> = [
  // connect-node serves reflection (a bidi method) only over HTTP/2; over HTTP/1.1 the schema comes from files.
  { protocol: 'gRPC-Web', http: 'HTTP/1.1', version: '1.1', schema: 'files' },
  { protocol: 'Connect', http: 'HTTP/2', version: '2', schema: 'reflection' },
];

describe('web protocols in the UI', () => {
  let browser: Browser;
  let server: ConnectBenchServer;
  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startConnectBenchServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each(CASES)('$protocol over $http: a unary call and a server stream, answered over that protocol', async ({ protocol, http, version, schema }) => {
    const t = await openFerry(browser);
    onTestFinished(() => t.close());
    const { app } = t;
    await app.connection.chooseProtocol(protocol, http);
    if (schema === 'files') await app.connection.connectWithProtoFiles(server.url(version), [`${BENCH_PROTO_ROOT}/${BENCH_PROTO_FILE}`], [BENCH_PROTO_ROOT]);
    else await app.connection.connectByReflection(server.url(version));
    await app.explorer.service(BENCH_SERVICE).waitFor();

    await app.call('Echo', '{ "message": "over the web" }');
    await app.response.waitForStatus('OK');
    await app.response.waitForResponseText('"message": "over the web"');
    expect(await app.response.fact('Protocol')).toBe(`${protocol} over HTTP/${version}`);
    await saveScreenshot(app.page, `${protocol} unary`);

    await app.call('ServerStream', '{ "message": "tick", "count": 3 }');
    await app.response.waitForStatus('OK');
    const rows = await app.timeline.waitForEnd('OK');
    expect(StreamTimeline.receivedMessages(rows).map((r) => r.summary)).toEqual([
      'message 0  {"message":"tick"}',
      'message 1  {"message":"tick","index":1}',
      'message 2  {"message":"tick","index":2}',
    ]);
    expect(await app.response.fact('Protocol')).toBe(`${protocol} over HTTP/${version}`);
    t.assertNoPageErrors();
  });
});
