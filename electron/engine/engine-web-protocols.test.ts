import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../tests/kit/until';
import type { CallEvent, ConnectionConfig, ProtocolChoice } from '../../shared/model';
import { createEngine, type Engine } from './create-engine';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from './testing/bench-server';
import { startConnectBenchServer, type ConnectBenchServer } from './testing/connect-bench-server';
import { unwrap } from '../../shared/errors';
import { collectCall } from './testing/engine-test-kit';

/** Call events without times, so runs over different protocols compare equal. */
type Shape = Record<string, unknown>;

/** The parts of a session that must not depend on the protocol: event kinds in order, sizes, status, details. */
function shapeOf(events: CallEvent[]): Shape[] {
  return events.map((event) => {
    if (event.type === 'call.message-sent' || event.type === 'call.message-received') return { type: event.type, index: event.index, size: event.size };
    if (event.type === 'call.ended') return { type: event.type, status: event.status };
    return { type: event.type };
  });
}

const PROTOCOLS: Array<{ name: string; choice: ProtocolChoice }> = [
  { name: 'grpc', choice: {} },
  { name: 'grpc-web over HTTP/1.1', choice: { protocol: 'grpc-web', httpVersion: '1.1' } },
  { name: 'grpc-web over HTTP/2', choice: { protocol: 'grpc-web', httpVersion: '2' } },
  { name: 'connect over HTTP/1.1', choice: { protocol: 'connect', httpVersion: '1.1' } },
  { name: 'connect+json over HTTP/2', choice: { protocol: 'connect', httpVersion: '2', codec: 'json' } },
];

describe('web protocols through the engine: one call session for every protocol', () => {
  let server: ConnectBenchServer;
  let engine: Engine;
  beforeAll(async () => {
    server = await startConnectBenchServer();
  });
  afterAll(() => server.close());
  afterEach(() => engine?.dispose());

  // connect-node serves reflection (a bidi method) only over HTTP/2: over HTTP/1.1 the schema comes from files.
  const config = (choice: ProtocolChoice): ConnectionConfig => ({
    target: choice.protocol ? server.url(choice.httpVersion ?? '2') : server.grpcTarget,
    ...choice,
    tls: { mode: 'plaintext' },
    schema: choice.httpVersion === '1.1' ? { kind: 'proto-files', files: [join(BENCH_PROTO_ROOT, BENCH_PROTO_FILE)], importPaths: [BENCH_PROTO_ROOT] } : { kind: 'reflection' },
  });

  async function run(choice: ProtocolChoice, method: string, body: string): Promise<{ events: CallEvent[]; json: unknown[] }> {
    engine = createEngine();
    const { connectionId } = unwrap(await engine.openConnection(config(choice)));
    const { callId } = unwrap(await engine.startCall({ connectionId, method: `ferry.testing.v1.Bench/${method}`, metadata: [{ key: 'x-run', value: '1' }], body }));
    const events = await collectCall(engine, callId);
    const received = events.filter((e) => e.type === 'call.message-received').length;
    const json: unknown[] = [];
    for (let i = 0; i < received; i++) json.push(JSON.parse((unwrap(await engine.getMessage(callId, 'received', i))).json));
    engine.dispose();
    return { events, json };
  }

  it.each(PROTOCOLS)('$name: the schema, then the same events, sizes, JSON and rich errors as plain gRPC', async ({ choice }) => {
    const reference = {
      echo: await run({}, 'Echo', '{"message":"same","payloadSize":5}'),
      stream: await run({}, 'ServerStream', '{"message":"s","count":3}'),
      fail: await run({}, 'Fail', '{"code":5,"message":"gone"}'),
    };
    const echo = await run(choice, 'Echo', '{"message":"same","payloadSize":5}');
    const stream = await run(choice, 'ServerStream', '{"message":"s","count":3}');
    const fail = await run(choice, 'Fail', '{"code":5,"message":"gone"}');
    expect(shapeOf(echo.events)).toEqual(shapeOf(reference.echo.events));
    expect(echo.json).toEqual(reference.echo.json);
    expect(shapeOf(stream.events)).toEqual(shapeOf(reference.stream.events));
    expect(stream.json).toEqual(reference.stream.json);
    const ended = fail.events.at(-1) as Extract<CallEvent, { type: 'call.ended' }>;
    expect(ended.status).toEqual((reference.fail.events.at(-1) as Extract<CallEvent, { type: 'call.ended' }>).status);
    expect(ended.status.details.length).toBeGreaterThan(3);
  });

  it('the end of the call says which protocol answered, over which HTTP version', async () => {
    for (const { choice } of PROTOCOLS) {
      const { events } = await run(choice, 'Echo', '{"message":"who"}');
      expect(events.at(-1)).toMatchObject({ type: 'call.ended', protocol: choice.protocol ?? 'grpc', httpVersion: choice.httpVersion ?? '2' });
    }
  });

  it('refuses a bidi call over HTTP/1.1 before anything is sent, naming what would work', async () => {
    engine = createEngine();
    const { connectionId } = unwrap(await engine.openConnection(config({ protocol: 'connect', httpVersion: '1.1' })));
    const calls = server.stats.calls;
    const started = await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Bidi', metadata: [] });
    expect(started).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });
    expect(!started.ok && started.error.message).toContain('connect cannot carry client or bidi streams over HTTP/1.1; use HTTP/2 (--http2), or call it with --protocol grpc');
    expect(server.stats.calls).toBe(calls);
  });

  it('refuses settings that mean nothing for the protocol', async () => {
    engine = createEngine();
    const result = await engine.openConnection({ ...config({}), httpVersion: '1.1' });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('records the protocol in the call history, so reopening a past call uses it again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ferry-history-'));
    try {
      engine = createEngine({ dataDir });
      const { connectionId } = unwrap(await engine.openConnection(config({ protocol: 'connect', httpVersion: '2', codec: 'json' })));
      const { callId } = unwrap(await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Echo', metadata: [], body: '{"message":"remember"}' }));
      await collectCall(engine, callId);
      const history = async () => unwrap(await engine.listHistory({ limit: 10 }));
      await until(async () => (await history()).length === 1, 'the call in history');
      expect(await history()).toMatchObject([{ method: 'ferry.testing.v1.Bench/Echo', protocol: 'connect', httpVersion: '2', codec: 'json' }]);
    } finally {
      engine.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
