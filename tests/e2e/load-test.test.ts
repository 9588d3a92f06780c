/**
 * A request's Load test in a real Chromium over `ferry serve` and the bench server: the summary of many
 * calls, none of them in the history; a box that does not read; Stop. Needs `dist/renderer` and /usr/bin/chromium.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { LoadTestPanel } from './pages/load-test-panel';
import { WorkspacePage } from './pages/workspace-page';
import { launchBrowser, openFerry, saveScreenshot } from './support';
import { waitUntil } from '../kit/until';
import { tempDir } from '../kit/temp-dir';

describe('load tests in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('makes the request many times and shows latency, histogram and statuses, with nothing in the history', async () => {
    // A data folder, so the history is kept.
    const t = await openFerry(browser, { dataDir: tempDir('ferry-e2e-load-') });
    onTestFinished(() => t.close());
    const { app } = t;
    const workspace = new WorkspacePage(app.page);
    await app.connectByReflection(t.bench.target, 'ferry.testing.v1.Bench');
    await app.explorer.openMethod('Echo');
    await app.request.setBody('Echo', '{ "message": "{{$uuid}}" }');

    const load = new LoadTestPanel(app.page);
    await load.open();
    await load.field('At a time').fill('0');
    await load.group.getByRole('alert').getByText('At a time: a whole number from 1 to 1000.').waitFor();
    expect(await load.startButton.isDisabled()).toBe(true);
    await load.field('At a time').fill('4');
    await load.field('Calls').fill('60');
    const before = t.bench.stats.calls;
    await load.startButton.click();
    await waitUntil(() => load.result.textContent(), (text) => /^60 calls in \d+\.\d\d s: \d+\.\d calls\/s, 0 failed$/.test(text ?? ''), { what: 'the load test to end' });
    expect(t.bench.stats.calls - before).toBe(60);
    expect(await load.summary.getByRole('list', { name: 'Statuses' }).innerText()).toBe('OK: 60');
    const latency = await load.summary.getByRole('table', { name: 'Latency' }).getByRole('rowheader').allTextContents();
    expect(latency).toEqual(['Fastest', 'p50', 'p90', 'p95', 'p99', 'Slowest', 'Average']);
    const buckets = await load.summary.getByRole('list', { name: 'Latency histogram' }).getByRole('listitem').evaluateAll((items) => items.map((item) => Number(item.getAttribute('aria-label')!.split(': ')[1])));
    expect(buckets.reduce((sum, count) => sum + count, 0)).toBe(60);
    await saveScreenshot(app.page, 'load test');

    // The load test's calls are in neither the history nor the timeline: one Send is the history's only entry.
    await app.request.send();
    await app.response.waitForStatus('OK');
    await waitUntil(() => workspace.historyEntries.count(), (count) => count === 1, { what: 'the Send to reach the history' });
    t.assertNoPageErrors();
  });

  it('fills each call from the next row of a picked data file', async () => {
    const t = await openFerry(browser);
    onTestFinished(() => t.close());
    const { app } = t;
    await app.connectByReflection(t.bench.target, 'ferry.testing.v1.Bench');
    await app.explorer.openMethod('Fail');
    await app.request.setBody('Fail', '{ "code": {{code}}, "message": "{{why}}" }');
    const load = new LoadTestPanel(app.page);
    await load.open();
    const picker = load.group.getByLabel(/^Choose (a|another) data file/);
    await picker.setInputFiles({ name: 'codes.csv', mimeType: 'text/csv', buffer: Buffer.from('code,why\n5\n') });
    await load.group.getByRole('alert').getByText('Could not use codes.csv as load test data: codes.csv:2: 1 values, but the header names 2 variables').waitFor();
    await picker.setInputFiles({ name: 'codes.csv', mimeType: 'text/csv', buffer: Buffer.from('code,why\n5,gone\n7,not yours\n') });
    await load.group.getByRole('status', { name: 'Load test data' }).getByText('Each call takes the next row of codes.csv (2 rows), starting over after the last').waitFor();
    await load.field('Calls').fill('10');
    await load.startButton.click();
    await waitUntil(() => load.result.textContent(), (text) => /^10 calls in .*, 10 failed$/.test(text ?? ''), { what: 'the load test to end' });
    expect(await load.summary.getByRole('list', { name: 'Statuses' }).innerText()).toBe('NOT_FOUND: 5\nPERMISSION_DENIED: 5');
    expect(await load.summary.getByRole('list', { name: 'Errors' }).innerText()).toMatch(/5 × NOT_FOUND: gone\n5 × PERMISSION_DENIED: not yours/);
    await saveScreenshot(app.page, 'load test with a data file');
    t.assertNoPageErrors();
  });

  it('follows a running test and stops it', async () => {
    const t = await openFerry(browser);
    onTestFinished(() => t.close());
    const { app } = t;
    await app.connectByReflection(t.bench.target, 'ferry.testing.v1.Bench');
    await app.explorer.openMethod('Slow');
    await app.request.setBody('Slow', '{ "delayMs": 20 }');
    const load = new LoadTestPanel(app.page);
    await load.open();
    await load.field('Calls').fill('');
    await load.field('Duration (s)').fill('60');
    await load.field('At a time').fill('2');
    await load.startButton.click();
    await waitUntil(() => load.progress.textContent(), (text) => /^[1-9][\d,]* calls · 0 failed · /.test(text ?? ''), { what: 'the progress line to count calls' });
    await load.stopButton.click();
    await waitUntil(() => load.result.textContent(), (text) => / calls\/s, 0 failed \(stopped\)$/.test(text ?? ''), { what: 'the stopped summary' });
    t.assertNoPageErrors();
  });
});
