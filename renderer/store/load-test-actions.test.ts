import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchCommand, loadPlanOf, DEFAULT_LOAD_SETTINGS } from './load-test';
import { BENCH, startRealApi, type RealApi } from './testing/real-api';
import { until } from '../../tests/kit/until';

let real: RealApi;
beforeAll(async () => {
  real = await startRealApi();
});
afterAll(() => real.close());

describe('loadPlanOf', () => {
  it('reads the boxes as ferry bench reads its flags, and names the first that does not read', () => {
    expect(loadPlanOf(DEFAULT_LOAD_SETTINGS)).toEqual({ ok: true, plan: { concurrency: 10, total: 200 }, channels: 1 });
    expect(loadPlanOf({ total: '5', concurrency: '50', durationSec: '1.5', rate: '20', connections: '2' })).toEqual({ ok: true, plan: { concurrency: 5, total: 5, durationMs: 1500, rate: 20 }, channels: 2 });
    expect(loadPlanOf({ ...DEFAULT_LOAD_SETTINGS, total: '', durationSec: '3' })).toEqual({ ok: true, plan: { concurrency: 10, durationMs: 3000 }, channels: 1 });
    expect(loadPlanOf({ ...DEFAULT_LOAD_SETTINGS, concurrency: '0' })).toEqual({ ok: false, message: 'At a time: a whole number from 1 to 1000.' });
    expect(loadPlanOf({ ...DEFAULT_LOAD_SETTINGS, rate: 'fast' })).toEqual({ ok: false, message: 'Calls a second: a number above 0, at most 1000000.' });
    expect(loadPlanOf({ ...DEFAULT_LOAD_SETTINGS, total: '' })).toMatchObject({ ok: false, message: expect.stringContaining('Give a number of calls, a duration, or both') });
  });
});

describe('benchCommand', () => {
  it('writes the ferry bench command of a saved request\'s load test as the boxes say, quoted for a shell', () => {
    expect(benchCommand('orders/get.ferry.json', DEFAULT_LOAD_SETTINGS, 'staging')).toBe('ferry bench orders/get.ferry.json --env staging -n 200 -c 10');
    expect(benchCommand('my orders/get.ferry.json', { total: '', concurrency: '4', durationSec: '30', rate: '50', connections: '2' }, undefined)).toBe(
      "ferry bench 'my orders/get.ferry.json' -c 4 -z 30 --rps 50 --connections 2",
    );
    expect(benchCommand('a.ferry.json', { ...DEFAULT_LOAD_SETTINGS, concurrency: 'x' }, undefined)).toBeUndefined();
    expect(benchCommand('a.ferry.json', DEFAULT_LOAD_SETTINGS, undefined, 'ids 1.csv')).toBe("ferry bench a.ferry.json -n 200 -c 10 --iteration-data 'ids 1.csv'");
  });
});

describe('load tests of a tab', () => {
  it('makes the tab\'s request many times with its metadata, and keeps none of the calls', async () => {
    const store = await real.connectedStore();
    const s = () => store.getState();
    s().openMethod(`${BENCH}.Echo`);
    const tabId = s().activeTabId!;
    s().setBody(tabId, '{"message": "{{$uuid}}"}');
    s().setLoadSettings(tabId, { ...DEFAULT_LOAD_SETTINGS, total: '30', concurrency: '3' });
    const before = real.bench.stats.calls;
    await s().startLoadTest(tabId);
    const view = s().tabs[0]!.loadTest!;
    expect(view.status).toBe('done');
    expect(view.summary).toMatchObject({ calls: 30, ok: 30, failed: 0, ended: 'count' });
    expect(real.bench.stats.calls - before).toBe(30);
    expect(s().tabs[0]!.callId).toBeUndefined();
  });

  it('fills each call from the next row of a data file, starting over after the last', async () => {
    const store = await real.connectedStore();
    const s = () => store.getState();
    s().openMethod(`${BENCH}.Fail`);
    const tabId = s().activeTabId!;
    s().setBody(tabId, '{"code": {{code}}, "message": "{{why}}"}');
    s().setLoadData(tabId, 'codes.csv', 'code,why\n5,gone\n7,not yours\n');
    expect(s().tabs[0]!.loadData?.rows).toHaveLength(2);
    s().setLoadSettings(tabId, { ...DEFAULT_LOAD_SETTINGS, total: '10', concurrency: '2' });
    await s().startLoadTest(tabId);
    const summary = s().tabs[0]!.loadTest!.summary!;
    expect(summary.statuses).toEqual(expect.arrayContaining([{ status: 'NOT_FOUND', count: 5 }, { status: 'PERMISSION_DENIED', count: 5 }]));
    expect(summary.errors.map((error) => error.message).sort()).toEqual(['gone', 'not yours']);

    // Without the file, the body's variables are unknown again: the test does not start.
    s().clearLoadData(tabId);
    await s().startLoadTest(tabId);
    expect(s().tabs[0]!.loadTest).toMatchObject({ status: 'failed', error: expect.stringContaining('code') });
  });

  it('names a data file that does not read, and keeps the one it had', async () => {
    const store = await real.connectedStore();
    const s = () => store.getState();
    s().openMethod(`${BENCH}.Echo`);
    const tabId = s().activeTabId!;
    s().setLoadData(tabId, 'ok.json', '[{"name": "a"}]');
    s().setLoadData(tabId, 'broken.json', '[{"name": "a"},');
    expect(s().tabs[0]!.loadTest).toMatchObject({ status: 'failed', error: expect.stringMatching(/^Could not use broken\.json as load test data: broken\.json/) });
    expect(s().tabs[0]!.loadData?.name).toBe('ok.json');
  });

  it('follows a running test and stops it', async () => {
    const store = await real.connectedStore();
    const s = () => store.getState();
    s().openMethod(`${BENCH}.Slow`);
    const tabId = s().activeTabId!;
    s().setBody(tabId, '{"delayMs": 20}');
    s().setLoadSettings(tabId, { ...DEFAULT_LOAD_SETTINGS, total: '', durationSec: '60', concurrency: '2' });
    const running = s().startLoadTest(tabId);
    await until(() => (s().tabs[0]!.loadTest?.progress?.calls ?? 0) >= 2, 'the progress to show two calls');
    await s().stopLoadTest(tabId);
    await running;
    expect(s().tabs[0]!.loadTest).toMatchObject({ status: 'done', summary: { ended: 'interrupted' } });
  });

  it('says why it cannot start: a body that does not fit, a box that does not read', async () => {
    const store = await real.connectedStore();
    const s = () => store.getState();
    s().openMethod(`${BENCH}.Echo`);
    const tabId = s().activeTabId!;
    s().setBody(tabId, '{"mesage": "x"}');
    await s().startLoadTest(tabId);
    expect(s().tabs[0]!.loadTest).toMatchObject({ status: 'failed', error: expect.stringContaining('unknown field "mesage"') });
    s().setBody(tabId, '{}');
    s().setLoadSettings(tabId, { ...DEFAULT_LOAD_SETTINGS, connections: '99' });
    await s().startLoadTest(tabId);
    expect(s().tabs[0]!.loadTest).toMatchObject({ status: 'failed', error: 'Connections: a whole number from 1 to 64.' });
  });
});
