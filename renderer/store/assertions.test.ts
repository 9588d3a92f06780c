import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FerryEvent } from '../../shared/api';
import type { Assertion } from '../../shared/model';
import { defaultAssertion, expectedText, parseCount, parseExpected, resultFor, statusNameOf } from './assertions';
import { BENCH, startRealApi, type RealApi } from './testing/real-api';
import { unwrap } from '../../shared/errors';
import { until } from '../../tests/kit/until';

let real: RealApi;
beforeAll(async () => {
  real = await startRealApi();
});
afterAll(() => real.close());

const endedIn = (events: readonly FerryEvent[], callId: string) =>
  events.some((e) => e.type === 'call.events' && e.callId === callId && e.events.some((c) => c.type === 'call.ended'));

/** A real call to `method` from a tab with these assertions; its events are held back until `deliver`. */
async function sentStore(assertions: Assertion[], method = 'Echo', body = '{"message": "Ada"}') {
  const store = await real.connectedStore();
  const held: FerryEvent[] = [];
  const stop = real.api.onEvent((event) => held.push(event));
  store.getState().openMethod(`${BENCH}.${method}`);
  const tabId = store.getState().activeTabId;
  store.getState().setBody(tabId, body);
  store.getState().setAssertions(tabId, assertions);
  await store.getState().send(tabId);
  const tab = () => store.getState().tabs.find((t) => t.id === tabId)!;
  const callId = tab().callId!;
  expect(callId).toBeDefined();
  /** Waits for the real end of the call, then hands the store everything the engine sent. */
  const deliver = async () => {
    await until(() => endedIn(held, callId));
    stop();
    store.getState().applyEvents(held.splice(0));
  };
  return { store, tabId, tab, callId, held, deliver, stop };
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
    const { store, tab, callId, held, deliver } = await sentStore(assertions);
    await until(() => endedIn(held, callId));
    // The engine has finished the call, but the store has not heard: nothing is checked yet.
    expect(tab().assertionCheck).toBeUndefined();
    await deliver();
    expect(store.getState().sessions[callId]?.ended).toBe(true);
    await until(() => tab().assertionCheck?.results.status === 'ok', 'the assertion results');
    const check = tab().assertionCheck;
    expect(check?.callId).toBe(callId);
    expect(assertions.map((a, i) => resultFor(check, i, a)?.passed)).toEqual([true, false]);
    // Checked against this call's response.
    expect(resultFor(check, 1, assertions[1]!)?.failure).toContain('Ada');
  });

  it('does not ask the engine when the tab has no assertions or its call is still running', async () => {
    const { store, tabId, tab, deliver } = await sentStore([]);
    await deliver();
    await store.getState().checkAssertions(tabId);
    expect(tab().assertionCheck).toBeUndefined();

    const running = await sentStore([defaultAssertion('status')], 'Slow', '{"delayMs": 5000}');
    await running.store.getState().checkAssertions(running.tabId);
    // Asked now, the engine would answer FAILED_PRECONDITION; the store does not ask at all.
    expect(running.tab().assertionCheck).toBeUndefined();
    expect(await real.api.checkAssertions([defaultAssertion('status')], running.callId)).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });
    running.stop();
    await real.api.cancelCall(running.callId);
  });

  it('checks again on request, and saves assertions into the request file', async () => {
    const { store, tabId, tab, callId, deliver } = await sentStore([]);
    await deliver();
    const edited: Assertion[] = [{ type: 'maxTime', ms: 5000 }];
    store.getState().setAssertions(tabId, edited);
    await store.getState().checkAssertions(tabId);
    expect(tab().assertionCheck).toMatchObject({ callId, results: { status: 'ok', value: [{ assertion: edited[0], passed: true }] } });
    const dir = await real.tempDir();
    store.getState().setWorkspaceDir(dir);
    await store.getState().openWorkspace();
    await store.getState().saveActiveTabAs('timed');
    const saved = unwrap(await real.api.openWorkspace(dir)).requests.find((r) => r.relativePath === 'timed.ferry.json');
    expect(saved?.file.assertions).toEqual(edited);
  });
});
