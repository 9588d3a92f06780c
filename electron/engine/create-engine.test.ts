import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../../shared/model';
import { createEngine, type Engine } from './create-engine';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT, startBenchServer, type BenchServer } from './testing/bench-server';
import { unwrap } from '../../shared/errors';
import { collectCall } from './testing/engine-test-kit';

describe('createEngine (the FerryApi every front end holds)', () => {
  let server: BenchServer;
  let engine: Engine;
  beforeAll(async () => {
    server = await startBenchServer();
  });
  afterAll(() => server.close());
  afterEach(() => engine?.dispose());

  const reflection = (): ConnectionConfig => ({ target: server.target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } });

  it('answers ping, then opens a connection by reflection and lists services with call kinds', async () => {
    engine = createEngine();
    expect(await engine.ping()).toEqual({ ok: true, value: undefined });
    const info = unwrap(await engine.openConnection(reflection()));
    const bench = info.services.find((s) => s.fullName === 'ferry.testing.v1.Bench');
    expect(bench?.methods.map((m) => [m.name, m.kind])).toContainEqual(['Bidi', 'bidi']);
  });

  it('runs a unary call from JSON text and serves the response on demand', async () => {
    engine = createEngine();
    const { connectionId } = unwrap(await engine.openConnection(reflection()));
    const { callId } = unwrap(await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Echo', metadata: [], body: '{"message":"hi"}' }));
    const events = await collectCall(engine, callId);
    const ended = events.at(-1);
    expect(ended?.type === 'call.ended' && ended.status.name).toBe('OK');
    const message = unwrap(await engine.getMessage(callId, 'received', 0));
    expect(JSON.parse(message.json)).toEqual({ message: 'hi' });
    expect(message.size).toBeGreaterThan(0);
  });

  it('runs a bidi call message by message, then exports it as NDJSON', async () => {
    engine = createEngine();
    const { connectionId } = unwrap(await engine.openConnection(reflection()));
    const { callId } = unwrap(await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench.Bidi', metadata: [] }));
    const done = collectCall(engine, callId);
    for (const text of ['a', 'b', 'c']) unwrap(await engine.sendMessage(callId, JSON.stringify({ message: text })));
    unwrap(await engine.halfClose(callId));
    const events = await done;
    expect(events.filter((e) => e.type === 'call.message-received')).toHaveLength(3);
    const chunk = unwrap(await engine.exportSession(callId, { fromSeq: 1, limit: 1000 }));
    expect(chunk.done).toBe(true);
    const lines = chunk.ndjson.trim().split('\n').map((line) => JSON.parse(line) as { type: string; message: { message: string } });
    expect(lines.filter((l) => l.type === 'call.message-received').map((l) => l.message.message)).toEqual(['a', 'b', 'c']);
  });

  it('answers a bad message body with an error value and keeps the stream', async () => {
    engine = createEngine();
    const { connectionId } = unwrap(await engine.openConnection(reflection()));
    const { callId } = unwrap(await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Bidi', metadata: [] }));
    const bad = await engine.sendMessage(callId, '{"mesage": 1}');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.code).toBe('BAD_INPUT');
    unwrap(await engine.sendMessage(callId, '{"message":"still here"}'));
    unwrap(await engine.cancelCall(callId));
  });

  it('refuses a body with a duplicate key, naming line and column, and sends nothing', async () => {
    engine = createEngine();
    const { connectionId } = unwrap(await engine.openConnection(reflection()));
    const callsBefore = server.stats.calls;
    const refused = await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Echo', metadata: [], body: '{"message": "a",\n "message": "b"}' });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'BAD_INPUT',
        message: 'invalid JSON at line 2, column 2: duplicate key "message" (first at line 1, column 2)',
        details: { file: 'request body', line: 2, column: 2, expected: 'each key at most once in an object' },
      },
    });
    expect(server.stats.calls).toBe(callsBefore);
    const { callId } = unwrap(await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Bidi', metadata: [] }));
    const bad = await engine.sendMessage(callId, '{"message":"a","message":"b"}');
    expect(!bad.ok && bad.error.message).toBe('invalid JSON at line 1, column 16: duplicate key "message" (first at line 1, column 2)');
    unwrap(await engine.cancelCall(callId));
  });

  it('gives an example, a JSON Schema and .proto text for a message type', async () => {
    engine = createEngine();
    const { connectionId } = unwrap(await engine.openConnection({
      target: server.target, tls: { mode: 'plaintext' },
      schema: { kind: 'proto-files', files: [join(BENCH_PROTO_ROOT, BENCH_PROTO_FILE)], importPaths: [BENCH_PROTO_ROOT] },
    }));
    const template = unwrap(await engine.getMessageTemplate(connectionId, 'ferry.testing.v1.StreamRequest'));
    expect(JSON.parse(template.example)).toMatchObject({ count: 0, intervalMs: 0 });
    expect(template.protoText).toContain('message StreamRequest');
    expect(JSON.stringify(template.jsonSchema)).toContain('intervalMs');
  });

  it('reports failures as values, never throws', async () => {
    engine = createEngine();
    const missing = await engine.startCall({ connectionId: 'nope', method: 'x', metadata: [] });
    expect(!missing.ok && missing.error.code).toBe('NOT_FOUND');
    const noReflection = await startBenchServer({ reflection: 'none' });
    try {
      const result = await engine.openConnection({ target: noReflection.target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } });
      expect(!result.ok && result.error.code).toBe('NO_REFLECTION');
    } finally {
      await noReflection.close();
    }
  });
});
