/**
 * Finding services: by server reflection, and from .proto files for a server without reflection; a .proto
 * file with a mistake in a folder of them is named with its line and column, and the folder loads once fixed.
 * Needs `dist/renderer` (`npx vite build`) and /usr/bin/chromium.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../../electron/engine/testing/bench-server';
import { launchBrowser, openFerry, saveScreenshot, type FerryUnderTest } from './support';
import { waitUntil } from '../kit/until';

const BENCH = 'ferry.testing.v1.Bench';

describe('service explorer', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(options: Parameters<typeof openFerry>[1] = {}): Promise<FerryUnderTest> {
    const t = await openFerry(browser, options);
    onTestFinished(() => t.close());
    return t;
  }

  it('discovers the Bench service and its seven methods by reflection', async () => {
    const { app, bench, assertNoPageErrors } = await open();
    await app.connectByReflection(bench.target, BENCH);

    expect(await app.explorer.methodRows(BENCH)).toEqual([
      { name: 'Echo', kind: 'unary' },
      { name: 'Fail', kind: 'unary' },
      { name: 'Slow', kind: 'unary' },
      { name: 'ServerStream', kind: 'server' },
      { name: 'ClientStream', kind: 'client' },
      { name: 'Bidi', kind: 'bidi' },
      { name: 'Inspect', kind: 'unary' },
    ]);
    await app.connection.waitForConnectivity('READY');

    await app.explorer.openMethod('Echo');
    await app.request.waitForEditor('Echo');
    await saveScreenshot(app.page, 'explorer');
    assertNoPageErrors();
  });

  it('loads the schema from .proto files with an import path, for a server without reflection, and calls Echo', async () => {
    const { app, bench, assertNoPageErrors } = await open({ benchOptions: { reflection: 'none' } });
    const { connectionError } = app.connection;

    // Reflection has nothing to offer here…
    await app.connection.connectByReflection(bench.target);
    await connectionError.waitFor();
    expect(await connectionError.innerText()).toMatch(new RegExp(`^Could not connect to ${bench.target}: NO_REFLECTION .*load \\.proto files.*\\. Not connected`));

    // …so the schema comes from the .proto file, its imports resolved through the import path.
    await app.connection.connectWithProtoFiles(bench.target, [BENCH_PROTO_FILE], [BENCH_PROTO_ROOT]);
    await app.explorer.service(BENCH).waitFor();
    await connectionError.waitFor({ state: 'detached' });
    expect((await app.explorer.methodRows(BENCH)).map((m) => m.name)).toEqual(['Echo', 'Fail', 'Slow', 'ServerStream', 'ClientStream', 'Bidi', 'Inspect']);

    await app.call('Echo', '{ "message": "schema from files" }');
    await app.response.waitForStatus('OK');
    await app.response.waitForResponseText('"message": "schema from files"');
    expect(bench.stats.calls).toBe(1);
    assertNoPageErrors();
  });

  it('starts a schema of many services with them closed: a click opens one, a filter opens what matches', async () => {
    const { app, bench, assertNoPageErrors } = await open({ benchOptions: { reflection: 'none' } });
    const dir = mkdtempSync(join(tmpdir(), 'ferry-e2e-many-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const services = Array.from({ length: 25 }, (_, i) => `service S${String(i).padStart(2, '0')} { rpc Get(M) returns (M); rpc Put(M) returns (M); }`);
    writeFileSync(join(dir, 'many.proto'), `syntax = "proto3";\npackage many;\nmessage M { string id = 1; }\n${services.join('\n')}\n`);

    await app.connection.connectWithProtoFiles(bench.target, [dir], []);
    await app.explorer.service('many.S00').waitFor();
    expect(await app.explorer.service('many.S00').getAttribute('aria-expanded')).toBe('false');
    expect(await app.explorer.tree.getByRole('treeitem', { name: 'Get', exact: true }).count()).toBe(0);

    await app.explorer.service('many.S03').click();
    expect(await app.explorer.service('many.S03').getAttribute('aria-expanded')).toBe('true');
    expect((await app.explorer.methodRows('many.S03')).map((m) => m.name)).toEqual(['Get', 'Put']);

    await app.explorer.filter.fill('S17');
    await waitUntil(() => app.explorer.tree.getByRole('treeitem').count(), (n) => n === 3, { what: 'S17 alone, open' });
    expect(await app.explorer.service('many.S17').getAttribute('aria-expanded')).toBe('true');
    expect((await app.explorer.methodRows('many.S17')).map((m) => m.name)).toEqual(['Get', 'Put']);
    assertNoPageErrors();
  });

  it('names the file, line and column of a mistake in a folder of .proto files, loads the folder once fixed, and says when a file in it changes', async () => {
    const { app, bench, assertNoPageErrors } = await open({ benchOptions: { reflection: 'none' } });
    const dir = mkdtempSync(join(tmpdir(), 'ferry-e2e-proto-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'shop.proto');
    const text = (response: string) => `syntax = "proto3";\npackage shop;\nmessage Order { string id = 1; }\nservice Orders {\n  rpc Get(Order) returns (${response});\n}\n`;
    writeFileSync(file, text('Ordr'));

    await app.connection.connectWithProtoFiles(bench.target, [dir], []);
    await app.connection.connectionError.waitFor();
    expect(await app.connection.connectionError.innerText()).toContain(`SCHEMA_ERROR ${file}:5:27: rpc shop.Orders.Get: unknown response type "Ordr"; did you mean shop.Order?`);
    await saveScreenshot(app.page, 'a mistake in a proto file');

    writeFileSync(file, text('Order'));
    writeFileSync(join(dir, 'stock.proto'), 'syntax = "proto3";\npackage stock;\nmessage Level { int32 units = 1; }\nservice Levels { rpc Get(Level) returns (Level); }\n');
    await app.connection.connectButton.click();
    await app.explorer.service('shop.Orders').waitFor();
    await app.explorer.service('stock.Levels').waitFor();
    await app.connection.connectionError.waitFor({ state: 'detached' });

    // Edited while the user was elsewhere: coming back to the page says so, and Reload schema reads it.
    writeFileSync(join(dir, 'stock.proto'), 'syntax = "proto3";\npackage stock;\nmessage Level { int32 units = 1; }\nservice Levels { rpc Get(Level) returns (Level); rpc Watch(Level) returns (stream Level); }\n');
    await app.page.evaluate('window.dispatchEvent(new Event("focus"))');
    await app.connection.schemaChanged.waitFor();
    expect(await app.connection.schemaChanged.innerText()).toBe('1 schema file changed on disk since the schema was loaded (stock.proto): Reload schema to use it.');
    await saveScreenshot(app.page, 'schema files changed on disk');
    await app.connection.reloadSchemaButton.click();
    await app.explorer.method('Watch').waitFor();
    await app.connection.schemaChanged.waitFor({ state: 'detached' });
    assertNoPageErrors();
  });
});
