/** Load tests through the engine and a client hub, against the bench server: what they send, keep and report. */
import { connect, createServer, type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FerryEvent, LoadTestRequest } from '../../../shared/api';
import { unwrap } from '../../../shared/errors';
import { createClientHub } from '../clients';
import { createEngine, type Engine } from '../create-engine';
import { startBenchServer, type BenchServer } from '../testing/bench-server';
import { until } from '../../../tests/kit/until';
import { tempDir } from '../../../tests/kit/temp-dir';

const BENCH = 'ferry.testing.v1.Bench';

let server: BenchServer;
let engine: Engine;
beforeAll(async () => {
  server = await startBenchServer();
});
afterAll(() => server.close());
afterEach(() => engine?.dispose());

/** A TCP proxy in front of the bench server that counts the sockets opened through it. */
async function countingProxy(): Promise<{ target: string; sockets: () => number; close(): void }> {
  let sockets = 0;
  const proxy = createServer((socket) => {
    sockets++;
    const upstream = connect(server.port, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return { target: `127.0.0.1:${(proxy.address() as AddressInfo).port}`, sockets: () => sockets, close: () => void proxy.close() };
}

/** An engine recording history in a data folder, as the app's does, with a connection by reflection. */
async function openEngine(target = server.target) {
  engine = createEngine({ dataDir: tempDir('ferry-load-data-') });
  const hub = createClientHub(engine);
  const client = hub.open();
  const info = unwrap(await client.openConnection({ target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } }));
  const request = (overrides: Partial<LoadTestRequest>): LoadTestRequest => ({ loadId: 'load-1', connectionId: info.connectionId, method: `${BENCH}/Echo`, metadata: [], messages: ['{"message": "hi"}'], plan: { concurrency: 4, total: 20 }, ...overrides });
  return { hub, client, request };
}

describe('runLoadTest', () => {
  it('makes the calls, counts them, and keeps none: no event reaches the client, nothing goes to the history', async () => {
    const { client, request } = await openEngine();
    const events: FerryEvent[] = [];
    client.onEvent((event) => events.push(event));
    const before = server.stats.calls;
    const summary = unwrap(await client.runLoadTest(request({ channels: 2 })));
    expect(summary).toMatchObject({ calls: 20, ok: 20, failed: 0, ended: 'count', statuses: [{ status: 'OK', count: 20 }] });
    expect(server.stats.calls - before).toBe(20);
    expect(events).toEqual([]);
    // One call made the usual way goes to the history, and is all there is of it.
    unwrap(await client.startCall({ connectionId: request({}).connectionId, method: `${BENCH}/Inspect`, metadata: [], body: '{}' }));
    await until(async () => unwrap(await client.listHistory({})).length > 0, 'the call to reach the history');
    expect(unwrap(await client.listHistory({})).map((entry) => entry.method)).toEqual([`${BENCH}/Inspect`]);
  });

  it('spreads the calls over as many sockets as channels asked for', async () => {
    const proxy = await countingProxy();
    try {
      const { client, request } = await openEngine(proxy.target);
      expect(unwrap(await client.runLoadTest(request({ channels: 3, plan: { concurrency: 6, total: 30 } })))).toMatchObject({ calls: 30, ok: 30 });
      // The connection's own socket (reflection went over it) and two more.
      expect(proxy.sockets()).toBe(3);
    } finally {
      proxy.close();
    }
  });

  it('sends every message of a client stream, and fills variables in for each call, a data row each', async () => {
    const { client, request } = await openEngine();
    const streamed = unwrap(await client.runLoadTest(request({ method: `${BENCH}/ClientStream`, messages: ['{"message": "a"}', '{"message": "b"}'], plan: { concurrency: 2, total: 4 } })));
    expect(streamed).toMatchObject({ calls: 4, ok: 4 });
    const rows = [[{ name: 'code', value: 5, secret: false }], [{ name: 'code', value: 7, secret: false }]];
    const failing = unwrap(await client.runLoadTest(request({ method: `${BENCH}/Fail`, messages: ['{"code": {{code}}, "message": "{{$uuid}}"}'], variables: {}, rows, plan: { concurrency: 1, total: 4 } })));
    expect(failing.statuses).toEqual([
      { status: 'NOT_FOUND', count: 2 },
      { status: 'PERMISSION_DENIED', count: 2 },
    ]);
    // A fresh UUID in every call: four distinct messages.
    expect(failing.errors).toHaveLength(4);
  });

  it('fails on a body that does not fit, before anything is counted, and on a second message for a unary method', async () => {
    const { client, request } = await openEngine();
    const bad = await client.runLoadTest(request({ messages: ['{"mesage": "x"}'] }));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('unknown field "mesage"') });
    const two = await client.runLoadTest(request({ messages: ['{}', '{}'] }));
    expect(!two.ok && two.error.message).toBe(`${BENCH}/Echo is a unary method and takes one request message, but 2 were given`);
    const unknown = await client.runLoadTest(request({ method: `${BENCH}/Nope` }));
    expect(!unknown.ok && unknown.error.code).toBe('SYMBOL_NOT_FOUND');
  });

  it('reports progress while it runs, and stops when asked: only by the client that started it', async () => {
    const { hub, client, request } = await openEngine();
    const other = hub.open();
    const running = client.runLoadTest(request({ method: `${BENCH}/Slow`, messages: ['{"delayMs": 5}'], plan: { concurrency: 2, durationMs: 60_000 } }));
    await until(async () => {
      const progress = await client.loadTestProgress('load-1');
      return progress.ok && progress.value.calls >= 2;
    }, 'two calls to end');
    expect((await client.runLoadTest(request({}))).ok).toBe(false);
    expect(await other.stopLoadTest('load-1')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await other.loadTestProgress('load-1')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    unwrap(await client.stopLoadTest('load-1'));
    const summary = unwrap(await running);
    expect(summary.ended).toBe('interrupted');
    expect(summary.ok).toBe(summary.calls);
    expect(await client.loadTestProgress('load-1')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('stops the load tests of a client that goes away', async () => {
    const { client, request } = await openEngine();
    const running = client.runLoadTest(request({ method: `${BENCH}/Slow`, messages: ['{"delayMs": 5}'], plan: { concurrency: 1, durationMs: 60_000 } }));
    await until(async () => (await client.loadTestProgress('load-1')).ok, 'the load test to start');
    client.close();
    expect(unwrap(await running).ended).toBe('interrupted');
  });
});
