/**
 * A collection run in a real Chromium over `ferry serve` and the bench server: the Run button of a folder
 * of saved requests runs them in order as `ferry run` does, the second using what the first captured, and
 * each row says whether it passed and why not. Needs `dist/renderer` (`npx vite build`) and /usr/bin/chromium.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { insomniaV4Export } from '../../electron/engine/testing/insomnia-export';
import { WorkspacePage } from './pages/workspace-page';
import { launchBrowser, openFerry, saveScreenshot } from './support';
import { tempDir } from '../kit/temp-dir';
import { waitUntil } from '../kit/until';

const ECHO = 'ferry.testing.v1.Bench/Echo';

function write(root: string, path: string, value: unknown): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), `${JSON.stringify(value, null, 2)}\n`);
}

function saved(name: string, order: number, message: string, extra: Record<string, unknown> = {}) {
  return { formatVersion: 3, name, order, target: '{{host}}', tls: { mode: 'plaintext' }, schema: { kind: 'reflection' }, method: ECHO, metadata: [], messages: [{ message }], assertions: [], ...extra };
}

describe('collection runs in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('runs a folder in order, passing a captured value on, and shows each verdict', async () => {
    const t = await openFerry(browser);
    onTestFinished(() => t.close());
    const root = tempDir('ferry-e2e-run-');
    write(root, 'ferry.workspace.json', { formatVersion: 1, name: 'Runs', defaultEnvironment: 'local' });
    write(root, 'environments/local.ferry-env.json', { formatVersion: 1, variables: [{ name: 'host', value: t.bench.target }] });
    write(root, 'orders/create.ferry.json', saved('Create order', 1, 'order-7', { captures: [{ variable: 'orderId', jsonPath: '$.message' }] }));
    write(root, 'orders/get.ferry.json', saved('Get order', 2, 'got {{orderId}}', { assertions: [{ jsonPath: '$.message', equals: 'got order-7' }] }));
    write(root, 'orders/wrong.ferry.json', saved('Wrong expectation', 3, 'x', { assertions: [{ jsonPath: '$.message', equals: 'y' }] }));

    const workspace = new WorkspacePage(t.app.page);
    await workspace.open(root);
    await workspace.runButton('orders').click();
    await waitUntil(() => workspace.runSummary.textContent(), (text) => /^orders: 2 passed, 1 failed/.test(text ?? ''), { what: 'the run to finish' });
    expect(await workspace.runRow('orders/create.ferry.json').getAttribute('aria-label')).toBe('orders/create.ferry.json: passed');
    expect(await workspace.runRow('orders/get.ferry.json').getAttribute('aria-label')).toBe('orders/get.ferry.json: passed');
    const wrong = workspace.runRow('orders/wrong.ferry.json');
    expect(await wrong.getAttribute('aria-label')).toBe('orders/wrong.ferry.json: failed');
    expect(await wrong.innerText()).toContain('$.message equals "y": got "x"');
    await wrong.getByText('Response', { exact: true }).click();
    expect(await wrong.locator('pre').innerText()).toBe('{\n  "message": "x"\n}');
    expect(await t.app.page.getByRole('group', { name: 'Page variables' }).innerText()).toContain('{{orderId}} = order-7');
    await saveScreenshot(t.app.page, 'collection run');

    // A verdict's name opens its request in a tab.
    await workspace.panel.getByRole('button', { name: 'Open orders/wrong.ferry.json (run result)' }).click();
    await t.app.page.getByRole('tab', { name: /Wrong expectation/ }).waitFor();

    await workspace.panel.getByRole('button', { name: 'Close run' }).click();
    await workspace.heading('Run').waitFor({ state: 'detached' });
    t.assertNoPageErrors();
  });

  it('runs a folder once per row of a picked data file, then a number of times over its rows', async () => {
    const t = await openFerry(browser);
    onTestFinished(() => t.close());
    const root = tempDir('ferry-e2e-run-data-');
    write(root, 'ferry.workspace.json', { formatVersion: 1, name: 'Runs', defaultEnvironment: 'local' });
    write(root, 'environments/local.ferry-env.json', { formatVersion: 1, variables: [{ name: 'host', value: t.bench.target }] });
    write(root, 'greet/hello.ferry.json', saved('Hello', 1, 'hi {{who}}', { captures: [{ variable: 'said', jsonPath: '$.message' }] }));

    const workspace = new WorkspacePage(t.app.page);
    await workspace.open(root);
    const picker = workspace.panel.getByLabel('Choose a data file for runs');
    // A file that does not read is named with its line, and nothing is kept.
    await picker.setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from('who,n\nada\n') });
    await workspace.panel.getByText('Could not use people.csv as run data: people.csv:2: 1 values, but the header names 2 variables').waitFor();
    await picker.setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from('who\nada\ngrace\n') });
    await workspace.panel.getByRole('status', { name: 'Run data' }).getByText('Runs go once per row of people.csv (2 rows)').waitFor();

    await workspace.runButton('greet').click();
    await waitUntil(() => workspace.runSummary.textContent(), (text) => /^greet × 2 rows of people\.csv: 2 passed, 0 failed/.test(text ?? ''), { what: 'the run to finish' });
    const results = workspace.panel.getByRole('list', { name: 'Run results' });
    expect(await results.getByRole('listitem', { name: /^row \d/ }).evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label')))).toEqual([
      'row 1, greet/hello.ferry.json: passed',
      'row 2, greet/hello.ferry.json: passed',
    ]);
    await results.getByText('Row 2 of 2').waitFor();
    expect(await t.app.page.getByRole('group', { name: 'Page variables' }).innerText()).toContain('{{said}} = hi grace');
    await saveScreenshot(t.app.page, 'collection run with data');

    // Iterations by count, each taking the next row; a box that holds no valid number says so.
    const iterations = workspace.panel.getByRole('textbox', { name: 'Iterations' });
    await iterations.fill('0');
    await workspace.panel.getByRole('alert').getByText('Iterations: a whole number from 1 to 1000.').waitFor();
    await iterations.fill('3');
    await workspace.panel.getByRole('textbox', { name: 'Delay between requests (ms)' }).fill('10');
    await workspace.panel.getByRole('button', { name: 'Run again' }).click();
    await waitUntil(() => workspace.runSummary.textContent(), (text) => /^greet × 3 iterations over 2 rows of people\.csv: 3 passed, 0 failed/.test(text ?? ''), { what: 'the repeated run to finish' });
    expect(await results.getByRole('listitem', { name: /^iteration \d/ }).evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label')))).toEqual([
      'iteration 1, greet/hello.ferry.json: passed',
      'iteration 2, greet/hello.ferry.json: passed',
      'iteration 3, greet/hello.ferry.json: passed',
    ]);
    await results.getByText('Iteration 3 of 3').waitFor();
    // The third iteration took the first row again.
    expect(await t.app.page.getByRole('group', { name: 'Page variables' }).innerText()).toContain('{{said}} = hi ada');

    await workspace.panel.getByRole('button', { name: 'Clear data file' }).click();
    await workspace.panel.getByLabel('Choose a data file for runs').waitFor();

    t.assertNoPageErrors();
  });

  it('imports an Insomnia export into the workspace and runs what came in', async () => {
    const t = await openFerry(browser);
    onTestFinished(() => t.close());
    process.env.FERRY_VAR_AUTHORIZATION = 'Bearer e2e';
    onTestFinished(() => void delete process.env.FERRY_VAR_AUTHORIZATION);
    const root = tempDir('ferry-e2e-insomnia-');
    const workspace = new WorkspacePage(t.app.page);
    await workspace.open(root);
    const protoText = 'syntax = "proto3";\npackage ferry.testing.v1;\nmessage EchoRequest { string message = 1; }\nmessage EchoResponse { string message = 1; }\nservice Bench { rpc Echo(EchoRequest) returns (EchoResponse); }\n';
    const exported = insomniaV4Export({ protoText, method: '/ferry.testing.v1.Bench/Echo', body: '{"message": "hi"}', staging: { host: t.bench.target } });
    await workspace.panel.getByLabel('Import from Insomnia').setInputFiles({ name: 'orders.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
    await workspace.notice.getByText(/^Imported 1 request and 1 environment from orders\.json/).waitFor();
    expect(await workspace.notice.innerText()).toContain('the value of authorization is a secret and was not written');
    expect(readFileSync(join(root, 'protos', 'proto', 'users.proto'), 'utf8')).toBe(protoText);

    await workspace.environment.selectOption('staging');
    await workspace.runButton('').click();
    await waitUntil(() => workspace.runSummary.textContent(), (text) => /^All saved requests: 1 passed, 0 failed/.test(text ?? ''), { what: 'the imported request to run' });
    t.assertNoPageErrors();
  });

  it('imports BloomRPC\'s tabs and environments into the workspace, and says what it needs when given other files', async () => {
    const t = await openFerry(browser);
    onTestFinished(() => t.close());
    const root = tempDir('ferry-e2e-bloomrpc-');
    const workspace = new WorkspacePage(t.app.page);
    await workspace.open(root);
    const picker = workspace.panel.getByLabel('Import from BloomRPC');
    await picker.setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{}') });
    await workspace.panel.getByText("pick BloomRPC's editor.json or environments.json (or both), from its data folder; got notes.json").waitFor();

    const editor = {
      tabs: { activeKey: 'a', tabs: [{ tabKey: 'a', serviceName: 'ferry.testing.v1.Bench', methodName: 'Echo', protoPath: '' }] },
      requests: [{ id: 'a', url: t.bench.target, data: '{"message": "from bloomrpc"}', metadata: '{"authorization": "Bearer s3cret"}', environment: 'local' }],
    };
    const environments = { environments: [{ name: 'local', url: t.bench.target, metadata: '{}' }] };
    await picker.setInputFiles([
      { name: 'editor.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(editor)) },
      { name: 'environments.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(environments)) },
    ]);
    await workspace.notice.getByText(/^Imported 1 request and 1 environment from BloomRPC/).waitFor();
    await workspace.savedRequest('bloomrpc/bench-echo.ferry.json').waitFor();
    await saveScreenshot(t.app.page, 'workspace after a BloomRPC import');
    expect(readFileSync(join(root, 'bloomrpc', 'bench-echo.ferry.json'), 'utf8')).not.toContain('s3cret');
    t.assertNoPageErrors();
  });
});
