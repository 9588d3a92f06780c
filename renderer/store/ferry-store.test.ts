import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FerryEvent } from '../../shared/api';
import type { CallEvent } from '../../shared/model';
import { createFerryStore, type FerryStore } from './ferry-store';
import { BENCH, startRealApi, type RealApi } from './testing/real-api';
import { unwrap } from '../../shared/errors';
import { until, waitUntil } from '../../tests/kit/until';

let real: RealApi;
beforeAll(async () => {
  real = await startRealApi();
});
afterAll(() => real.close());

async function connected() {
  const store = await real.connectedStore({ now: () => 1000 });
  return { store, s: () => store.getState() };
}

/** Waits until the tab's template has loaded, then returns the real engine's example for the type. */
async function exampleOf(store: FerryStore, typeName: string): Promise<string> {
  await until(() => store.getState().tabs.every((t) => t.template?.status !== 'loading'));
  return unwrap(await real.api.getMessageTemplate(store.getState().connection.info!.connectionId, typeName)).example;
}

/** Applies the real call's events to the store until the call has ended. */
async function untilEnded(store: FerryStore, callId: string): Promise<void> {
  const stop = real.api.onEvent((event) => store.getState().applyEvents([event]));
  try {
    await until(() => store.getState().sessions[callId]?.ended === true);
  } finally {
    stop();
  }
}

describe('tabs', () => {
  it('opens a method in the blank tab, reuses its tab, and opens others in new tabs', async () => {
    const { store, s } = await connected();
    s().openMethod(`${BENCH}.Echo`);
    expect(s().tabs).toHaveLength(1);
    const example = await exampleOf(store, 'ferry.testing.v1.EchoRequest');
    expect(example).toContain('"message"');
    expect(s().tabs[0]?.body).toBe(example);
    s().openMethod(`${BENCH}.Bidi`);
    expect(s().tabs).toHaveLength(2);
    s().openMethod(`${BENCH}.Echo`);
    expect(s().tabs).toHaveLength(2);
    expect(s().activeTabId).toBe(s().tabs[0]?.id);
  });

  it('closes tabs, activating a neighbour, and never leaves zero tabs', () => {
    const store = real.store();
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
    const store = real.store();
    store.getState().newTab();
    const [a, b] = store.getState().tabs;
    store.getState().cycleTab(1);
    expect(store.getState().activeTabId).toBe(a!.id);
    store.getState().cycleTab(-1);
    expect(store.getState().activeTabId).toBe(b!.id);
  });
});

describe('schema reload', () => {
  /** The bench's Echo and Bidi as a .proto file the test edits between reloads (the server is the real bench). */
  const benchProto = (options: { requestFields: string[]; bidi: boolean }) =>
    [
      'syntax = "proto3";',
      'package ferry.testing.v1;',
      `message EchoRequest { ${options.requestFields.map((f, i) => `string ${f} = ${i + 1};`).join(' ')} }`,
      'message EchoResponse { string message = 1; }',
      'service Bench {',
      '  rpc Echo(EchoRequest) returns (EchoResponse);',
      options.bidi ? '  rpc Bidi(stream EchoRequest) returns (stream EchoResponse);' : '',
      '}',
      '',
    ].join('\n');

  /** Connected with the schema from a .proto file in a temp folder; `edit` rewrites it. */
  async function fromProtoFile() {
    const dir = await real.tempDir();
    const edit = (options: { requestFields: string[]; bidi: boolean }) => real.files.writeFiles(dir, { 'bench.proto': benchProto(options) });
    await edit({ requestFields: ['message'], bidi: true });
    const store = real.store();
    store.getState().setConnectionForm({ schemaSource: 'proto-files', protoFiles: `${dir}/bench.proto`, importPaths: dir });
    await store.getState().connect();
    expect(store.getState().connection.status).toBe('connected');
    return { store, s: () => store.getState(), edit };
  }

  it('keeps every body and marks one that no longer fits', async () => {
    const { store, s, edit } = await fromProtoFile();
    s().openMethod(`${BENCH}.Echo`);
    await exampleOf(store, 'ferry.testing.v1.EchoRequest');
    const tabId = s().activeTabId;
    s().setBody(tabId, '{ "message": "x", "nickname": "y" }');
    await s().reloadSchema();
    expect(s().tabs[0]?.body).toBe('{ "message": "x", "nickname": "y" }');
    expect(s().tabs[0]?.bodyMark).toContain('nickname is not a field any more');
    await edit({ requestFields: ['message', 'nickname'], bidi: true });
    await s().reloadSchema();
    expect(s().tabs[0]?.bodyMark).toBeUndefined();
    expect(s().tabs[0]?.body).toBe('{ "message": "x", "nickname": "y" }');
  });

  it('marks a tab whose method left the schema, keeping its body', async () => {
    const { s, edit } = await fromProtoFile();
    s().openMethod(`${BENCH}.Bidi`);
    s().setBody(s().activeTabId, '{"message":"keep me"}');
    await edit({ requestFields: ['message'], bidi: false });
    await s().reloadSchema();
    expect(s().tabs[0]?.body).toBe('{"message":"keep me"}');
    expect(s().tabs[0]?.bodyMark).toContain('not in the schema any more');
  });
});

describe('send', () => {
  it('sends the body text as typed (no JSON round trip), with metadata and deadline', async () => {
    const { store, s } = await connected();
    s().openMethod(`${BENCH}.Inspect`);
    const tabId = s().activeTabId;
    s().setBody(tabId, '{"int64Value": 9007199254740993}');
    s().addMetadataRow(tabId);
    const row = s().tabs[0]!.metadata[0]!;
    s().updateMetadataRow(tabId, row.id, { key: 'X-Trace', value: 'abc' });
    s().setDeadline(tabId, '1.5');
    await s().send(tabId);
    const callId = s().tabs[0]?.callId;
    expect(callId).toBeDefined();
    await untilEnded(store, callId!);
    // The server got the exact value (a JSON number round trip would have made it ...992).
    expect(JSON.parse(unwrap(await real.api.getMessage(callId!, 'received', 0)).json)).toMatchObject({ int64Value: '9007199254740993' });
    // What the engine was asked to run, as it recorded the call.
    const [recorded] = await waitUntil(async () => unwrap(await real.api.listHistory({ query: '9007199254740993' })), (entries) => entries.length > 0, { what: 'the call in the history' });
    expect(recorded).toMatchObject({
      method: `${BENCH}/Inspect`,
      target: real.target,
      request: { metadata: [{ key: 'x-trace', value: 'abc' }], deadlineMs: 1500, messages: ['{"int64Value": 9007199254740993}'] },
    });
  });

  it('blocks invalid JSON with line and column, and a bad deadline', async () => {
    const { s } = await connected();
    s().openMethod(`${BENCH}.Echo`);
    const tabId = s().activeTabId;
    s().setBody(tabId, '{\n  "name": "x",\n}');
    await s().send(tabId);
    expect(s().tabs[0]?.callId).toBeUndefined();
    expect(s().sessions).toEqual({});
    expect(s().tabs[0]?.sendError).toMatch(/^Invalid JSON at line 2, column 14: trailing comma/);
    s().setBody(tabId, '{\n  "message": "x",\n  "message": "y"\n}');
    await s().send(tabId);
    expect(s().tabs[0]?.callId).toBeUndefined();
    expect(s().tabs[0]?.sendError).toBe('Invalid JSON at line 3, column 3: duplicate key "message" (first at line 2, column 3)');
    s().setBody(tabId, '{}');
    s().setDeadline(tabId, 'soon');
    await s().send(tabId);
    expect(s().tabs[0]?.callId).toBeUndefined();
    expect(s().tabs[0]?.sendError).toMatch(/Deadline/);
  });

  it('sends a fixed body at once, though Monaco still flags the text it had before', async () => {
    const { store, s } = await connected();
    s().openMethod(`${BENCH}.Echo`);
    const tabId = s().activeTabId;
    const broken = '{\n  "message": "x",\n}';
    s().setBody(tabId, broken);
    s().setEditorProblem(tabId, { message: 'Trailing comma', line: 2, column: 17, text: broken });
    s().setBody(tabId, '{\n  "message": "x"\n}');
    await s().send(tabId);
    expect(s().tabs[0]?.sendError).toBeUndefined();
    const callId = s().tabs[0]?.callId;
    expect(callId).toBeDefined();
    await untilEnded(store, callId!);
  });

  it('opens a bidi stream without sending the body, then sends each message on Send message', async () => {
    const { store, s } = await connected();
    const heard: CallEvent[] = [];
    const stop = real.api.onEvent((event) => {
      if (event.type === 'call.events') heard.push(...event.events);
      store.getState().applyEvents([event]);
    });
    s().openMethod(`${BENCH}.Bidi`);
    const tabId = s().activeTabId;
    // Opening a stream sends nothing, whatever the editor holds.
    s().setBody(tabId, '{"message":"not sent on open"}');
    await s().send(tabId);
    const callId = s().tabs[0]!.callId!;
    await until(() => heard.some((e) => e.type === 'call.started'));
    expect(heard.filter((e) => e.type === 'call.message-sent')).toEqual([]);
    s().setBody(tabId, '{"message":"next"}');
    await s().sendStreamMessage(tabId);
    await until(() => heard.some((e) => e.type === 'call.message-received'));
    expect(heard.filter((e) => e.type === 'call.message-sent').map((e) => e.type === 'call.message-sent' && e.index)).toEqual([0]);
    expect(JSON.parse(unwrap(await real.api.getMessage(callId, 'sent', 0)).json)).toEqual({ message: 'next' });
    expect(JSON.parse(unwrap(await real.api.getMessage(callId, 'received', 0)).json)).toEqual({ message: 'next' });
    stop();
    await real.api.cancelCall(callId);
  });
});

describe('applyEvents', () => {
  const message = (seq: number, index: number): CallEvent => ({ type: 'call.message-received', seq, timeMs: seq, index, size: 10 });

  it('appends batches to the session and derives counts, headers and status', () => {
    const store = real.store();
    store.getState().applyEvents([
      { type: 'call.events', callId: 'c', events: [{ type: 'call.started', seq: 1, timeMs: 0, method: 'm', target: 't' }, message(2, 0)] },
      { type: 'call.events', callId: 'c', events: [message(3, 1), { type: 'call.headers-received', seq: 4, timeMs: 4, metadata: [{ key: 'a', value: 'b' }] }] },
    ]);
    const before = store.getState().sessions['c']!;
    expect(before.lastSeq).toBe(4);
    expect(before.recent.get(3)).toMatchObject({ type: 'call.message-received', index: 1 });
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
    const connectionId = store.getState().connection.info!.connectionId;
    let changes = 0;
    store.subscribe(() => changes++);
    store.getState().applyEvents([
      { type: 'connectivity.changed', connectionId: 'other', state: 'SHUTDOWN' },
      { type: 'connectivity.changed', connectionId, state: 'TRANSIENT_FAILURE' },
      { type: 'call.events', callId: 'x', events: [message(1, 0)] },
    ]);
    expect(changes).toBe(1);
    expect(store.getState().connection.connectivity).toBe('TRANSIENT_FAILURE');
  });

  it('ignores late events of a call whose tab was closed', async () => {
    const { store, s } = await connected();
    s().openMethod(`${BENCH}.Echo`);
    await exampleOf(store, 'ferry.testing.v1.EchoRequest');
    const tabId = s().activeTabId;
    const held: FerryEvent[] = [];
    const stop = real.api.onEvent((event) => held.push(event));
    await s().send(tabId);
    const callId = s().tabs[0]!.callId!;
    await until(() => held.some((e) => e.type === 'call.events' && e.callId === callId && e.events.some((c) => c.type === 'call.ended')));
    stop();
    s().closeTab(tabId);
    // The call's real events, held back until after its tab is gone.
    s().applyEvents(held);
    expect(s().sessions[callId]).toBeUndefined();
  });
});

describe('live timings', () => {
  it('fills headers and first-message times from events until the call ends', () => {
    const store = createFerryStore(real.api);
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
