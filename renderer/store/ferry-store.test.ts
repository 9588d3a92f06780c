import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../shared/model';
import { createFerryStore } from './ferry-store';
import { createFakeApi, helloTemplate } from './testing/fake-api';

async function connected() {
  const api = createFakeApi();
  const store = createFerryStore(api, { now: () => 1000 });
  await store.getState().connect();
  return { api, store, s: () => store.getState() };
}

const flushPromises = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('tabs', () => {
  it('opens a method in the blank tab, reuses its tab, and opens others in new tabs', async () => {
    const { s } = await connected();
    s().openMethod('demo.Greeter.SayHello');
    expect(s().tabs).toHaveLength(1);
    await flushPromises();
    expect(s().tabs[0]?.body).toBe(helloTemplate().example);
    s().openMethod('demo.Greeter.Chat');
    expect(s().tabs).toHaveLength(2);
    s().openMethod('demo.Greeter.SayHello');
    expect(s().tabs).toHaveLength(2);
    expect(s().activeTabId).toBe(s().tabs[0]?.id);
  });

  it('closes tabs, activating a neighbour, and never leaves zero tabs', () => {
    const store = createFerryStore(createFakeApi());
    const s = () => store.getState();
    s().newTab();
    s().newTab();
    const [a, b, c] = s().tabs;
    s().activateTab(b!.id);
    s().closeTab(b!.id);
    expect(s().activeTabId).toBe(c!.id);
    s().closeTab(c!.id);
    expect(s().activeTabId).toBe(a!.id);
    s().closeTab(a!.id);
    expect(s().tabs).toHaveLength(1);
    expect(s().tabs[0]?.id).not.toBe(a!.id);
  });

  it('cycles through tabs in both directions', () => {
    const store = createFerryStore(createFakeApi());
    store.getState().newTab();
    const [a, b] = store.getState().tabs;
    store.getState().cycleTab(1);
    expect(store.getState().activeTabId).toBe(a!.id);
    store.getState().cycleTab(-1);
    expect(store.getState().activeTabId).toBe(b!.id);
  });
});

describe('schema reload', () => {
  it('keeps every body and marks one that no longer fits', async () => {
    const { api, s } = await connected();
    s().openMethod('demo.Greeter.SayHello');
    await flushPromises();
    const tabId = s().activeTabId;
    s().setBody(tabId, '{ "name": "x", "nickname": "y" }');
    api.template = helloTemplate(['name']);
    await s().reloadSchema();
    expect(s().tabs[0]?.body).toBe('{ "name": "x", "nickname": "y" }');
    expect(s().tabs[0]?.bodyMark).toContain('nickname is not a field any more');
    api.template = helloTemplate(['name', 'nickname']);
    await s().reloadSchema();
    expect(s().tabs[0]?.bodyMark).toBeUndefined();
  });

  it('marks a tab whose method left the schema, keeping its body', async () => {
    const { api, s } = await connected();
    s().openMethod('demo.Greeter.Chat');
    s().setBody(s().activeTabId, '{"name":"keep me"}');
    api.services = [];
    await s().reloadSchema();
    expect(s().tabs[0]?.body).toBe('{"name":"keep me"}');
    expect(s().tabs[0]?.bodyMark).toContain('not in the schema any more');
  });
});

describe('send', () => {
  it('sends the body text as typed (no JSON round trip), with metadata and deadline', async () => {
    const { api, s } = await connected();
    s().openMethod('demo.Greeter.SayHello');
    const tabId = s().activeTabId;
    s().setBody(tabId, '{"id": 9007199254740993}');
    s().addMetadataRow(tabId);
    const row = s().tabs[0]!.metadata[0]!;
    s().updateMetadataRow(tabId, row.id, { key: 'X-Trace', value: 'abc' });
    s().setDeadline(tabId, '1.5');
    await s().send(tabId);
    expect(api.started[0]).toEqual({
      connectionId: 'conn-1',
      method: 'demo.Greeter.SayHello',
      metadata: [{ key: 'x-trace', value: 'abc' }],
      deadlineMs: 1500,
      body: '{"id": 9007199254740993}',
    });
    expect(s().tabs[0]?.callId).toBe('call-1');
  });

  it('blocks invalid JSON with line and column, and a bad deadline', async () => {
    const { api, s } = await connected();
    s().openMethod('demo.Greeter.SayHello');
    const tabId = s().activeTabId;
    s().setBody(tabId, '{\n  "name": "x",\n}');
    await s().send(tabId);
    expect(api.started).toHaveLength(0);
    expect(s().tabs[0]?.sendError).toMatch(/^Invalid JSON at line 2, column 14: trailing comma/);
    s().setBody(tabId, '{}');
    s().setDeadline(tabId, 'soon');
    await s().send(tabId);
    expect(s().tabs[0]?.sendError).toMatch(/Deadline/);
  });

  it('starts a bidi stream without a first message when the body is empty', async () => {
    const { api, s } = await connected();
    s().openMethod('demo.Greeter.Chat');
    const tabId = s().activeTabId;
    s().setBody(tabId, '');
    await s().send(tabId);
    expect(api.started[0]?.body).toBeUndefined();
    s().setBody(tabId, '{"name":"next"}');
    await s().sendStreamMessage(tabId);
    expect(api.sent).toEqual([{ callId: 'call-1', body: '{"name":"next"}' }]);
  });
});

describe('applyEvents', () => {
  const message = (seq: number, index: number): CallEvent => ({ type: 'call.message-received', seq, timeMs: seq, index, size: 10 });

  it('appends batches to the session and derives counts, headers and status', () => {
    const store = createFerryStore(createFakeApi());
    store.getState().applyEvents([
      { type: 'call.events', callId: 'c', events: [{ type: 'call.started', seq: 1, timeMs: 0, method: 'm', target: 't' }, message(2, 0)] },
      { type: 'call.events', callId: 'c', events: [message(3, 1), { type: 'call.headers-received', seq: 4, timeMs: 4, metadata: [{ key: 'a', value: 'b' }] }] },
    ]);
    const before = store.getState().sessions['c']!;
    expect(before.events).toHaveLength(4);
    expect(before.receivedCount).toBe(2);
    expect(before.receivedBytes).toBe(20);
    expect(before.headers).toEqual([{ key: 'a', value: 'b' }]);
    store.getState().applyEvents([
      { type: 'call.events', callId: 'c', events: [{ type: 'call.ended', seq: 5, timeMs: 5, status: { code: 0, name: 'OK', message: '', details: [] }, timings: { totalMs: 5 } }] },
    ]);
    const after = store.getState().sessions['c']!;
    expect(after).not.toBe(before);
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.ended).toBe(true);
  });

  it('updates connectivity of the current connection only, in one state change per batch', async () => {
    const { store } = await connected();
    let changes = 0;
    store.subscribe(() => changes++);
    store.getState().applyEvents([
      { type: 'connectivity.changed', connectionId: 'other', state: 'SHUTDOWN' },
      { type: 'connectivity.changed', connectionId: 'conn-1', state: 'TRANSIENT_FAILURE' },
      { type: 'call.events', callId: 'x', events: [message(1, 0)] },
    ]);
    expect(changes).toBe(1);
    expect(store.getState().connection.connectivity).toBe('TRANSIENT_FAILURE');
  });

  it('ignores late events of a call whose tab was closed', async () => {
    const { s } = await connected();
    s().openMethod('demo.Greeter.SayHello');
    await flushPromises();
    const tabId = s().activeTabId;
    await s().send(tabId);
    expect(s().tabs[0]?.callId).toBe('call-1');
    s().closeTab(tabId);
    s().applyEvents([{ type: 'call.events', callId: 'call-1', events: [message(1, 0)] }]);
    expect(s().sessions['call-1']).toBeUndefined();
  });
});

describe('live timings', () => {
  it('fills headers and first-message times from events until the call ends', () => {
    const store = createFerryStore(createFakeApi());
    store.getState().applyEvents([
      {
        type: 'call.events',
        callId: 'c',
        events: [
          { type: 'call.headers-received', seq: 1, timeMs: 2, metadata: [] },
          { type: 'call.message-received', seq: 2, timeMs: 3, index: 0, size: 1 },
          { type: 'call.message-received', seq: 3, timeMs: 9, index: 1, size: 1 },
        ],
      },
    ]);
    expect(store.getState().sessions['c']?.timings).toEqual({ headersMs: 2, firstMessageMs: 3 });
  });
});
