import { describe, expect, it } from 'vitest';
import type { FerryEvent } from '../../shared/api';
import type { Assertion } from '../../shared/model';
import { defaultAssertion, expectedText, parseCount, parseExpected, resultFor, statusNameOf } from './assertions';
import { createFerryStore } from './ferry-store';
import { createFakeApi } from './testing/fake-api';

const ended = (callId: string): FerryEvent => ({
  type: 'call.events',
  callId,
  events: [{ type: 'call.ended', seq: 1, timeMs: 5, status: { code: 0, name: 'OK', message: '', details: [] }, timings: { totalMs: 5 } }],
});

async function sentStore(assertions: Assertion[]) {
  const api = createFakeApi();
  const store = createFerryStore(api);
  await store.getState().connect();
  store.getState().openMethod('demo.Greeter.SayHello');
  const tabId = store.getState().activeTabId;
  store.getState().setBody(tabId, '{"name": "Ada"}');
  store.getState().setAssertions(tabId, assertions);
  await store.getState().send(tabId);
  const tab = () => store.getState().tabs.find((t) => t.id === tabId)!;
  return { api, store, tabId, tab };
}

describe('assertion helpers', () => {
  it('round-trips expected values through the field text', () => {
    for (const value of ['hello', '42', 'true', '"quoted"', '', 42, true, null, { a: [1] }]) {
      expect(parseExpected(expectedText(value))).toEqual(value);
    }
    expect(expectedText('hello')).toBe('hello');
    expect(expectedText('42')).toBe('"42"');
    expect(expectedText(undefined)).toBe('');
    expect(parseExpected('{"a": 1}')).toEqual({ a: 1 });
    expect(parseExpected('not json')).toBe('not json');
  });

  it('parses counts and names statuses', () => {
    expect(parseCount(' 500 ')).toBe(500);
    expect(parseCount('')).toBeUndefined();
    expect(parseCount('-1')).toBeUndefined();
    expect(parseCount('1.5')).toBeUndefined();
    expect(statusNameOf(5)).toBe('NOT_FOUND');
    expect(statusNameOf('OK')).toBe('OK');
  });

  it('makes a default of every kind', () => {
    expect(defaultAssertion('status')).toEqual({ type: 'status', status: 'OK' });
    expect(defaultAssertion('jsonPath')).toMatchObject({ type: 'jsonPath', op: 'equals' });
    expect(defaultAssertion('maxTime').type).toBe('maxTime');
    expect(defaultAssertion('messageCount').type).toBe('messageCount');
  });

  it('shows a result only beside the assertion that was checked', () => {
    const a: Assertion = { type: 'status', status: 'OK' };
    const check = { callId: 'c', results: { status: 'ok' as const, value: [{ assertion: a, passed: true, description: 'status is OK' }] } };
    expect(resultFor(check, 0, a)?.passed).toBe(true);
    expect(resultFor(check, 0, { type: 'status', status: 'NOT_FOUND' })).toBeUndefined();
    expect(resultFor(check, 1, a)).toBeUndefined();
    expect(resultFor(undefined, 0, a)).toBeUndefined();
  });
});

describe('checking assertions after a call', () => {
  it('checks the tab assertions when its call ends, against that call', async () => {
    const assertions: Assertion[] = [defaultAssertion('status'), { type: 'jsonPath', path: '$.message', op: 'equals', expected: 'fail' }];
    const { api, store, tab } = await sentStore(assertions);
    const callId = tab().callId!;
    expect(api.checked).toEqual([]);
    store.getState().applyEvents([ended(callId)]);
    await expect.poll(() => tab().assertionCheck?.results.status).toBe('ok');
    expect(api.checked).toEqual([{ callId, assertions }]);
    const check = tab().assertionCheck;
    expect(assertions.map((a, i) => resultFor(check, i, a)?.passed)).toEqual([true, false]);
  });

  it('does not ask the engine when the tab has no assertions or its call is still running', async () => {
    const { api, store, tabId, tab } = await sentStore([]);
    store.getState().applyEvents([ended(tab().callId!)]);
    await store.getState().checkAssertions(tabId);
    expect(api.checked).toEqual([]);

    const running = await sentStore([defaultAssertion('status')]);
    await running.store.getState().checkAssertions(running.tabId);
    expect(running.api.checked).toEqual([]);
  });

  it('checks again on request, and saves assertions into the request file', async () => {
    const { api, store, tabId, tab } = await sentStore([]);
    store.getState().applyEvents([ended(tab().callId!)]);
    const edited: Assertion[] = [{ type: 'maxTime', ms: 250 }];
    store.getState().setAssertions(tabId, edited);
    await store.getState().checkAssertions(tabId);
    expect(api.checked.map((c) => c.assertions)).toEqual([edited]);
    store.getState().setWorkspaceDir('/ws');
    await store.getState().openWorkspace();
    await store.getState().saveActiveTabAs('timed');
    expect(api.files.get('timed.ferry.json')?.file.assertions).toEqual(edited);
  });
});
