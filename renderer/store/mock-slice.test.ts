import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { CallEvent } from '../../shared/model';
import { unwrap } from '../../shared/errors';
import { BENCH, startRealApi, type RealApi } from './testing/real-api';
import { until } from '../../tests/kit/until';

let real: RealApi;
beforeAll(async () => {
  real = await startRealApi();
});
afterAll(() => real.close());

/** Calls Echo on `address` by its reflection through the page's own FerryApi; answers the response and the status code. */
async function echoAt(address: string, body: string): Promise<{ response?: unknown; code?: number }> {
  const { api } = real;
  const connection = await api.openConnection({ target: address, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } });
  if (!connection.ok) return {};
  const events: CallEvent[] = [];
  let callId = '';
  const unsubscribe = api.onEvent((event) => {
    if (event.type === 'call.events' && event.callId === callId) events.push(...event.events);
  });
  try {
    callId = unwrap(await api.startCall({ connectionId: connection.value.connectionId, method: `${BENCH}/Echo`, metadata: [{ key: 'x-team', value: 'web' }], body, inlineMessageBytes: 4096 })).callId;
    await until(() => events.at(-1)?.type === 'call.ended', 'the call to the mock to end');
  } finally {
    unsubscribe();
    void api.closeConnection(connection.value.connectionId);
  }
  const received = events.find((event) => event.type === 'call.message-received');
  const ended = events.at(-1);
  return { response: received?.type === 'call.message-received' ? received.message : undefined, code: ended?.type === 'call.ended' ? ended.status.code : undefined };
}

describe('the mock server of a page', () => {
  it("serves the connection's schema with the responses typed, lists each call, and stops", async () => {
    const store = await real.connectedStore();
    const s = () => store.getState();
    await s().addMockExample(`${BENCH}.Echo`);
    expect(JSON.parse(s().mock.responses)).toEqual({ [`${BENCH}/Echo`]: { response: expect.any(Object) } });
    s().setMockResponses(JSON.stringify({ [`${BENCH}/Echo`]: { response: { message: 'from the mock: {{request.message}}' } } }));
    await s().startMock();
    expect(s().mock).toMatchObject({ status: 'running', serving: real.target, started: { services: 1 } });
    const { address } = s().mock.started!;
    const before = real.bench.stats.calls;
    expect(await echoAt(address, '{"message": "hi"}')).toEqual({ response: { message: 'from the mock: hi' }, code: 0 });
    expect(real.bench.stats.calls).toBe(before);
    await until(() => s().mock.calls.length === 1, 'the call to be listed');
    expect(s().mock.calls[0]).toMatchObject({ seq: 1, method: `${BENCH}/Echo`, status: 'OK', requests: [{ message: 'hi' }], metadata: { 'x-team': 'web' } });
    await s().stopMock();
    expect(s().mock).toMatchObject({ status: 'stopped', calls: [{ seq: 1 }] });
    expect((await echoAt(address, '{}')).code).toBeUndefined();
  });

  it('applies new responses to a running mock, and keeps the old ones when the new do not fit, saying where', async () => {
    const store = await real.connectedStore();
    const s = () => store.getState();
    await s().startMock();
    const { address } = s().mock.started!;
    s().setMockResponses(`{\n  "${BENCH}/Echo": { "status": { "code": "UNAVAILABLE", "message": "down for the test" } }\n}`);
    await s().applyMockResponses();
    expect(s().mock.applied).toBe(s().mock.responses);
    expect((await echoAt(address, '{}')).code).toBe(14);
    s().setMockResponses(`{\n  "${BENCH}/Echo": {\n    "response": { "mesage": "x" }\n  }\n}`);
    await s().applyMockResponses();
    expect(s().mock.error).toBe(`responses:3: mesage: unknown field "mesage" in ferry.testing.v1.EchoResponse (did you mean "message"?); expected one of its fields: message, index, payload (the mock answers as before)`);
    expect((await echoAt(address, '{}')).code).toBe(14);
    await until(() => s().mock.calls.length === 2, 'both calls to be listed');
    s().clearMockCalls();
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(s().mock.calls).toEqual([]);
    await s().stopMock();
  });

  it('says why it cannot start: no connection, a port that does not read, responses that do not fit', async () => {
    const unconnected = real.store();
    await unconnected.getState().startMock();
    expect(unconnected.getState().mock).toMatchObject({ status: 'stopped', error: 'Connect first: the mock serves the schema of the open connection.' });
    const store = await real.connectedStore();
    const s = () => store.getState();
    s().setMockPort('70000');
    await s().startMock();
    expect(s().mock.error).toBe('Port: a whole number from 0 to 65535, or empty for any free port.');
    s().setMockPort('');
    s().setMockResponses('{"ferry.testing.v1.Bench/Nope": {}}');
    await s().startMock();
    expect(s().mock).toMatchObject({ status: 'stopped', error: expect.stringContaining('ferry.testing.v1.Bench/Nope') });
  });

  it("opens, saves and deletes the workspace's mock files, follows one changed on disk, and loses no typed text", async () => {
    const dir = await real.tempDir();
    const orders = `{\n  "${BENCH}/Echo": { "response": { "message": "from the file" } }\n}\n`;
    await real.files.writeFiles(dir, { 'mocks/orders.ferry-mock.json': orders, 'mocks/empty.ferry-mock.json': '{}' });
    const store = await real.connectedStore();
    const s = () => store.getState();
    s().setWorkspaceDir(dir);
    await s().openWorkspace();
    expect(s().workspace.snapshot?.mocks.map((mock) => mock.name)).toEqual(['empty', 'orders']);
    s().openMockFile('orders');
    expect(s().mock).toMatchObject({ responses: orders, file: { name: 'orders' }, saveName: 'orders' });

    // Typed changes are no file's: opening another file is refused until they are saved.
    const edited = orders.replace('from the file', 'edited in the page');
    s().setMockResponses(edited);
    s().openMockFile('empty');
    expect(s().mock.error).toBe('The responses have changes no file holds: save them (or clear the box) before opening mocks/empty.ferry-mock.json.');
    expect(s().mock.responses).toBe(edited);
    await s().saveMockFile();
    expect((await real.files.readFiles(dir))['mocks/orders.ferry-mock.json']).toBe(edited);
    expect(s().mock).toMatchObject({ fileNotice: 'Saved mocks/orders.ferry-mock.json.', file: { text: edited } });

    // Changed on disk (a git pull): taken while the box has no changes, and a running mock answers from it.
    await s().startMock();
    const pulled = orders.replace('from the file', 'after the pull');
    await real.files.writeFiles(dir, { 'mocks/orders.ferry-mock.json': pulled });
    s().setWorkspaceDir(dir);
    await s().openWorkspace();
    await s().mockFilesChanged(s().workspace.snapshot!.mocks);
    expect(s().mock).toMatchObject({ responses: pulled, applied: pulled, fileNotice: 'mocks/orders.ferry-mock.json changed on disk: read again.' });
    await s().stopMock();

    // A save over a file changed since it was read is refused, then made when asked.
    s().setMockResponses('{}');
    await real.files.writeFiles(dir, { 'mocks/orders.ferry-mock.json': orders });
    await s().saveMockFile();
    expect(s().mock).toMatchObject({ saveConflict: true, error: expect.stringContaining('changed on disk since it was read') });
    await s().saveMockFile(true);
    expect((await real.files.readFiles(dir))['mocks/orders.ferry-mock.json']).toBe('{}');

    // Saved under a new name; then deleted, the text staying in the box.
    s().setMockSaveName('copy');
    await s().saveMockFile();
    expect(Object.keys(await real.files.readFiles(dir)).filter((path) => path.startsWith('mocks/')).sort()).toEqual(['mocks/copy.ferry-mock.json', 'mocks/empty.ferry-mock.json', 'mocks/orders.ferry-mock.json']);
    await s().deleteMockFile();
    expect(Object.keys(await real.files.readFiles(dir))).not.toContain('mocks/copy.ferry-mock.json');
    expect(s().mock).toMatchObject({ file: undefined, responses: '{}' });
  });

  it("adds a unary call's response as a case for requests like it, which a running mock answers at once", async () => {
    const store = await real.connectedStore();
    const s = () => store.getState();
    const stop = real.api.onEvent((event) => s().applyEvents([event]));
    onTestFinished(stop);
    await s().startMock();
    const { address } = s().mock.started!;
    s().openMethod(`${BENCH}.Echo`);
    const tabId = s().activeTabId;
    s().setBody(tabId, '{"message": "recorded"}');
    await s().send(tabId);
    await until(() => s().sessions[s().tabs[0]!.callId!]?.status?.code === 0, 'the call to end');
    const received = unwrap(await real.api.getMessage(s().tabs[0]!.callId!, 'received', 0)).json;
    expect(await s().recordToMock(tabId, received)).toEqual({ ok: true, text: `Added to the mock's responses for ${BENCH}/Echo, which the running mock now answers: Mock server, in the workspace panel.` });
    expect(JSON.parse(s().mock.responses)).toEqual({ [`${BENCH}/Echo`]: [{ when: { message: 'recorded' }, response: JSON.parse(received) }] });
    expect(await echoAt(s().mock.started!.address, '{"message": "recorded"}')).toEqual({ response: { message: 'recorded' }, code: 0 });
    // Only requests like the recorded one: any other gets UNIMPLEMENTED, saying so.
    expect((await echoAt(address, '{"message": "other"}')).code).toBe(12);

    // A failed call is recorded as its status, rich details and all, and the mock fails alike.
    s().openMethod(`${BENCH}.Fail`);
    const failTab = s().activeTabId;
    s().setBody(failTab, '{"code": 5, "message": "no such order"}');
    await s().send(failTab);
    const failed = () => s().tabs.find((tab) => tab.id === failTab)!;
    await until(() => s().sessions[failed().callId!]?.status?.code === 5, 'the failing call to end');
    expect(await s().recordToMock(failTab)).toMatchObject({ ok: true });
    const recorded = (JSON.parse(s().mock.responses) as Record<string, Array<{ when: unknown; status: { code: string; details: Array<Record<string, unknown>> } }>>)[`${BENCH}/Fail`]!;
    expect(recorded[0]).toMatchObject({ when: { code: 5, message: 'no such order' }, status: { code: 'NOT_FOUND', message: 'no such order' } });
    expect(recorded[0]!.status.details.map((detail) => detail['@type'])).toContain('type.googleapis.com/google.rpc.ErrorInfo');
    const info = unwrap(await real.api.openConnection({ target: address, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } }));
    const { callId } = unwrap(await real.api.startCall({ connectionId: info.connectionId, method: `${BENCH}/Fail`, metadata: [], body: '{"code": 5, "message": "no such order"}' }));
    await until(() => s().mock.calls.some((call) => call.method === `${BENCH}/Fail`), 'the mock to answer the failing call');
    expect(s().mock.calls.at(-1)!.status).toBe('NOT_FOUND');
    void real.api.releaseCall(callId);
    void real.api.closeConnection(info.connectionId);

    // A server stream is recorded with every message it received.
    s().openMethod(`${BENCH}.ServerStream`);
    const streamTab = s().activeTabId;
    s().setBody(streamTab, '{"message": "tick", "count": 3}');
    await s().send(streamTab);
    const streamed = () => s().tabs.find((tab) => tab.id === streamTab)!;
    await until(() => s().sessions[streamed().callId!]?.status?.code === 0, 'the stream to end');
    expect(await s().recordToMock(streamTab)).toMatchObject({ ok: true });
    const stream = (JSON.parse(s().mock.responses) as Record<string, Array<{ when: unknown; responses: Array<{ index?: number }> }>>)[`${BENCH}/ServerStream`]!;
    expect(stream[0]!.when).toEqual({ message: 'tick', count: 3 });
    expect(stream[0]!.responses.map((message) => message.index ?? 0)).toEqual([0, 1, 2]);
    s().openMethod(`${BENCH}.Bidi`);
    expect(await s().recordToMock(s().activeTabId)).toEqual({ ok: false, text: 'Add to mock takes a finished call.' });
    await s().stopMock();
  });

  it('records the calls it passes to the server into the open mock file, then answers them itself', async () => {
    const dir = await real.tempDir();
    await real.files.writeFiles(dir, { 'mocks/recorded.ferry-mock.json': '{}\n' });
    const store = await real.connectedStore();
    const s = () => store.getState();
    s().setMockPassthrough(true);
    s().setMockRecord(true);
    await s().startMock();
    expect(s().mock.error).toBe('Recording writes into the responses file: save the responses to one first (Save responses), then start.');
    s().setWorkspaceDir(dir);
    await s().openWorkspace();
    s().openMockFile('recorded');
    await s().startMock();
    expect(s().mock.status).toBe('running');
    const { address } = s().mock.started!;
    const before = real.bench.stats.calls;
    expect(await echoAt(address, '{"message": "first time"}')).toMatchObject({ response: { message: 'first time' }, code: 0 });
    expect(real.bench.stats.calls).toBe(before + 1);
    await until(async () => (await real.files.readFiles(dir))['mocks/recorded.ferry-mock.json']!.includes('first time'), 'the call to be recorded into the file');
    // The same call again: the mock's own answer now, the server not asked.
    expect(await echoAt(address, '{"message": "first time"}')).toMatchObject({ response: { message: 'first time' }, code: 0 });
    expect(real.bench.stats.calls).toBe(before + 1);
    await until(() => s().mock.calls.length === 2, 'both calls to be listed');
    expect(s().mock.calls.map((call) => [call.passthrough ?? false, call.recorded ?? false])).toEqual([
      [true, true],
      [false, false],
    ]);
    // The box follows the file the recorder wrote.
    await s().openWorkspace();
    await s().mockFilesChanged(s().workspace.snapshot!.mocks);
    expect(JSON.parse(s().mock.responses)).toEqual({ [`${BENCH}/Echo`]: [expect.objectContaining({ when: { message: 'first time' } })] });
    await s().stopMock();
  });
});
