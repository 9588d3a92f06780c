/** Mock servers through the engine and a client hub: a connection's schema served, called, logged, changed and stopped. */
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../shared/errors';
import { createClientHub, type EngineClient } from '../clients';
import { createEngine, type Engine } from '../create-engine';
import { collectCall } from '../testing/engine-test-kit';
import { startBenchServer, type BenchServer } from '../testing/bench-server';
import { startConnectBenchServer } from '../testing/connect-bench-server';

const ECHO = 'ferry.testing.v1.Bench/Echo';

let server: BenchServer;
let engine: Engine;
beforeAll(async () => {
  server = await startBenchServer();
});
afterAll(() => server.close());
afterEach(() => engine?.dispose());

async function openClient() {
  engine = createEngine();
  const hub = createClientHub(engine);
  const client = hub.open();
  const info = unwrap(await client.openConnection({ target: server.target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } }));
  return { hub, client, connectionId: info.connectionId };
}

/** Calls Echo on a mock by its own reflection, as another client would; answers the response and the status. */
async function echo(client: EngineClient, target: string, body: string, metadata: Array<{ key: string; value: string }> = []) {
  const info = unwrap(await client.openConnection({ target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } }));
  const { callId } = unwrap(await client.startCall({ connectionId: info.connectionId, method: ECHO, metadata, body, inlineMessageBytes: 4096, emitDefaults: true }));
  const events = await collectCall(client, callId);
  unwrap(await client.closeConnection(info.connectionId));
  const response = events.find((event) => event.type === 'call.message-received');
  const ended = events.at(-1);
  return { response: response?.type === 'call.message-received' ? response.message : undefined, status: ended?.type === 'call.ended' ? ended.status : undefined };
}

describe('startMock', () => {
  it("serves the connection's schema on the loopback address, answers from the responses, and logs each call", async () => {
    const { client, connectionId } = await openClient();
    const responses = JSON.stringify({ [ECHO]: [{ when: { message: 'missing' }, status: { code: 'NOT_FOUND', message: 'no such thing' } }, { response: { message: 'mocked {{request.message}}' } }] });
    const started = unwrap(await client.startMock({ mockId: 'm1', connectionId, responses }));
    expect(started).toMatchObject({ address: `127.0.0.1:${started.port}`, services: 1 });
    expect(started.methods).toBeGreaterThan(5);
    const before = server.stats.calls;
    expect(await echo(client, started.address, '{"message": "hi"}', [{ key: 'x-team', value: 'payments' }])).toMatchObject({ response: { message: 'mocked hi' }, status: { code: 0 } });
    expect((await echo(client, started.address, '{"message": "missing"}')).status).toMatchObject({ code: 5, message: 'no such thing' });
    // The mock stands in for the server: nothing reached it.
    expect(server.stats.calls).toBe(before);
    const page = unwrap(await client.mockCalls('m1', 0));
    expect(page.missed).toBe(0);
    expect(page.calls.map((call) => [call.seq, call.method, call.status])).toEqual([
      [1, ECHO, 'OK'],
      [2, ECHO, 'NOT_FOUND'],
    ]);
    expect(page.calls[0]).toMatchObject({ requests: [{ message: 'hi' }], metadata: { 'x-team': 'payments' } });
    expect(Date.parse(page.calls[0]!.at)).not.toBeNaN();
    expect(unwrap(await client.mockCalls('m1', 1)).calls.map((call) => call.seq)).toEqual([2]);
  });

  it('serves gRPC-Web and Connect too when asked, on a port of its own, and lists those calls with their protocol', async () => {
    const { client, connectionId } = await openClient();
    const responses = JSON.stringify({ [ECHO]: { response: { message: 'web {{request.message}}' } } });
    const started = unwrap(await client.startMock({ mockId: 'm1', connectionId, web: true, responses }));
    expect(started.webUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.webUrl).not.toBe(`http://${started.address}`);
    const answer = await fetch(`${started.webUrl}/${ECHO}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost:5173' }, body: '{"message": "browser"}' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(await answer.json()).toEqual({ message: 'web browser' });
    await expect.poll(async () => unwrap(await client.mockCalls('m1', 0)).calls.map((call) => [call.protocol, call.requests])).toEqual([['connect', [{ message: 'browser' }]]]);
    // Without asking, there is no web port.
    expect(unwrap(await client.startMock({ mockId: 'm2', connectionId })).webUrl).toBeUndefined();
  });

  it("passes the calls no case answers to the connection's server when asked, and lists them as passed through", async () => {
    const { client, connectionId } = await openClient();
    const responses = JSON.stringify({ [ECHO]: [{ when: { message: 'mocked' }, response: { message: 'from the mock' } }] });
    const started = unwrap(await client.startMock({ mockId: 'm1', connectionId, passthrough: true, responses }));
    expect(started.passthroughTo).toBe(server.target);
    const recordAlone = await client.startMock({ mockId: 'm2', connectionId, record: 'orders' });
    expect(!recordAlone.ok && recordAlone.error.message).toBe('recording writes the calls passed to the server: ask for passthrough too');
    const noWorkspace = await client.startMock({ mockId: 'm2', connectionId, passthrough: true, record: 'orders' });
    expect(!noWorkspace.ok && noWorkspace.error.message).toContain('no workspace is open');
    const before = server.stats.calls;
    expect((await echo(client, started.address, '{"message": "mocked"}')).response).toMatchObject({ message: 'from the mock' });
    expect(server.stats.calls).toBe(before);
    expect((await echo(client, started.address, '{"message": "real"}')).response).toMatchObject({ message: 'real' });
    expect(server.stats.calls).toBe(before + 1);
    await expect.poll(async () => unwrap(await client.mockCalls('m1', 0)).calls.map((call) => [call.status, call.passthrough ?? false])).toEqual([
      ['OK', false],
      ['OK', true],
    ]);
  });

  it('refuses passthrough for a connection that speaks a web protocol', async () => {
    const connect = await startConnectBenchServer();
    try {
      const { client } = await openClient();
      const info = unwrap(await client.openConnection({ target: connect.url('2'), protocol: 'connect', httpVersion: '2', tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } }));
      const refused = await client.startMock({ mockId: 'm1', connectionId: info.connectionId, passthrough: true });
      expect(!refused.ok && refused.error).toMatchObject({ code: 'FAILED_PRECONDITION', message: `passthrough forwards calls over gRPC; this connection to ${connect.url('2')} speaks a web protocol` });
      // Without passthrough a web connection's schema is served as any other.
      expect(unwrap(await client.startMock({ mockId: 'm1', connectionId: info.connectionId })).methods).toBeGreaterThan(0);
    } finally {
      await connect.close();
    }
  });

  it('answers new responses once set, and keeps the answers it had when a text does not fit, naming its line', async () => {
    const { client, connectionId } = await openClient();
    const { address } = unwrap(await client.startMock({ mockId: 'm1', connectionId }));
    // Without responses: the response type's example.
    expect((await echo(client, address, '{}')).response).toEqual({ message: '', index: 0, payload: '' });
    unwrap(await client.setMockResponses('m1', JSON.stringify({ [ECHO]: { response: { message: 'second' } } })));
    expect((await echo(client, address, '{}')).response).toMatchObject({ message: 'second' });
    const refused = await client.setMockResponses('m1', `{\n  "${ECHO}": {\n    "response": { "colour": "red" }\n  }\n}`);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/^responses:3: .*colour/);
    expect((await echo(client, address, '{}')).response).toMatchObject({ message: 'second' });
  });

  it('refuses responses that do not fit before serving, and a port in use with the reason', async () => {
    const { client, connectionId } = await openClient();
    const bad = await client.startMock({ mockId: 'm1', connectionId, responses: '{"nope.Service/Method": {}}' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toContain('nope.Service/Method');
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const busy = await client.startMock({ mockId: 'm1', connectionId, port: (taken.address() as AddressInfo).port });
      expect(busy.ok).toBe(false);
      if (!busy.ok) expect(busy.error).toMatchObject({ code: 'IO_ERROR', message: expect.stringContaining('EADDRINUSE') });
    } finally {
      taken.close();
    }
    // A failed start leaves the name free.
    expect(unwrap(await client.startMock({ mockId: 'm1', connectionId })).port).toBeGreaterThan(0);
    const twice = await client.startMock({ mockId: 'm1', connectionId });
    expect(twice.ok).toBe(false);
  });

  it("keeps only the latest calls, counting the ones it let go", async () => {
    const { client, connectionId } = await openClient();
    const { address } = unwrap(await client.startMock({ mockId: 'm1', connectionId }));
    const info = unwrap(await client.openConnection({ target: address, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } }));
    for (let i = 0; i < 205; i++) {
      const { callId } = unwrap(await client.startCall({ connectionId: info.connectionId, method: ECHO, metadata: [], body: `{"message": "${i}"}`, keepSession: false }));
      await collectCall(client, callId);
    }
    const page = unwrap(await client.mockCalls('m1', 0));
    expect(page.missed).toBe(5);
    expect(page.calls).toHaveLength(200);
    expect(page.calls[0]).toMatchObject({ seq: 6, requests: [{ message: '5' }] });
    expect(unwrap(await client.mockCalls('m1', 203)).calls.map((call) => call.seq)).toEqual([204, 205]);
  });

  it("is its client's: another client's ids are NOT_FOUND, and closing the client stops it", async () => {
    const { hub, client, connectionId } = await openClient();
    const { address } = unwrap(await client.startMock({ mockId: 'm1', connectionId }));
    const other = hub.open();
    const foreign = await other.mockCalls('m1', 0);
    expect(foreign.ok).toBe(false);
    if (!foreign.ok) expect(foreign.error.code).toBe('NOT_FOUND');
    client.close();
    await expect.poll(async () => (await echo(other, address, '{}').catch(() => undefined))?.status?.code ?? 'refused', { timeout: 5000 }).not.toBe(0);
  });

  it('stops even while a client holds a stream open, which ends', async () => {
    const { client, connectionId } = await openClient();
    const { address } = unwrap(await client.startMock({ mockId: 'm1', connectionId }));
    const info = unwrap(await client.openConnection({ target: address, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } }));
    const { callId } = unwrap(await client.startCall({ connectionId: info.connectionId, method: 'ferry.testing.v1.Bench/Bidi', metadata: [], body: '{"message": "a"}' }));
    const events = collectCall(client, callId);
    let answered = false;
    client.onEvent((event) => void (answered ||= event.type === 'call.events' && event.callId === callId && event.events.some((e) => e.type === 'call.message-received')));
    await expect.poll(() => answered, { timeout: 5000 }).toBe(true);
    unwrap(await client.stopMock('m1'));
    const ended = (await events).at(-1);
    expect(ended?.type === 'call.ended' && ended.status.code).not.toBe(0);
  });

  it('stops when asked, and the port is free again', async () => {
    const { client, connectionId } = await openClient();
    const { port, address } = unwrap(await client.startMock({ mockId: 'm1', connectionId }));
    expect((await echo(client, address, '{}')).status?.code).toBe(0);
    unwrap(await client.stopMock('m1'));
    expect((await client.mockCalls('m1', 0)).ok).toBe(false);
    expect(unwrap(await client.startMock({ mockId: 'm2', connectionId, port })).port).toBe(port);
  });
});
