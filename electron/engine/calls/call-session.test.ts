import * as grpc from '@grpc/grpc-js';
import type protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../../shared/model';
import { startBenchServer, type BenchServer } from '../testing/bench-server';
import { benchMethod, loadBenchRoot, lookupOf, testCodec } from './call-test-kit';
import { createSessionStore, createSpillSpace } from '../sessions';
import { until } from '../../../tests/kit/until';
import { startCall, type CallSession, type StartCallOptions } from './call-session';
import { grpcTransport } from './grpc-transport';

const root = loadBenchRoot();
const types = lookupOf(root);

const space = createSpillSpace(1024 ** 3);
const keep = () => createSessionStore({ memoryEvents: 10_000, memoryBodyBytes: 1024 ** 2, segmentBytes: 1024 ** 2, space }, () => undefined);

function recorded(session: CallSession): CallEvent[] {
  return Array.from({ length: session.eventCount }, (_, i) => session.event(i + 1)!);
}

/** Wire length of a message as the bench encodes it (protobufjs binary, no framing). */
function wireSize(typeName: string, json: unknown): number {
  const type = root.lookupType(typeName) as protobuf.Type;
  return testCodec.encode(type, json).byteLength;
}

function eventTypes(session: CallSession): string[] {
  return recorded(session).map((event) => event.type);
}

function expectMonotonic(events: readonly CallEvent[]): void {
  events.forEach((event, i) => {
    expect(event.seq).toBe(i + 1);
    if (i > 0) expect(event.timeMs).toBeGreaterThanOrEqual(events[i - 1]!.timeMs);
  });
}

describe('call session against the bench', () => {
  let bench: BenchServer;
  let client: grpc.Client;
  const call = (name: string, extra: Partial<StartCallOptions> = {}) =>
    startCall({ transport: grpcTransport(client), method: benchMethod(root, name), codec: testCodec, types, store: keep(), ...extra });

  beforeAll(async () => {
    bench = await startBenchServer({ reflection: 'none' });
    client = new grpc.Client(bench.target, grpc.credentials.createInsecure());
  });
  afterAll(async () => {
    client.close();
    await bench.close();
  });

  it('makes a unary call and records its events in order', async () => {
    const batches: CallEvent[][] = [];
    const session = call('Echo', { request: { message: 'hi', payloadSize: 3 }, onEvents: (events) => batches.push(events) });
    const status = await session.done;
    expect(status).toMatchObject({ code: 0, name: 'OK', details: [] });
    expect(eventTypes(session)).toEqual([
      'call.started', 'call.message-sent', 'call.half-closed', 'call.headers-received',
      'call.message-received', 'call.trailers-received', 'call.ended',
    ]);
    expectMonotonic(recorded(session));
    expect(batches.flat()).toEqual(recorded(session));
    expect(batches.length).toBeLessThan(recorded(session).length);
    expect(session.messageJson('received', 0)).toEqual({ ok: true, value: { message: 'hi', payload: 'YWFh' } });
    expect(session.messageJson('sent', 0)).toEqual({ ok: true, value: { message: 'hi', payloadSize: 3 } });
    // The live event, history and the first getMessage share one decode of the response.
    expect(session.messageJson('received', 0)).toBe(session.messageJson('received', 0));
    const timings = session.timings;
    expect(timings.headersMs).toBeLessThanOrEqual(timings.firstMessageMs!);
    expect(timings.firstMessageMs).toBeLessThanOrEqual(timings.totalMs!);
  });

  it('records exact wire sizes and keeps copies of the bytes', async () => {
    const session = call('Echo', { request: { message: 'size', payloadSize: 70_000 } });
    await session.done;
    const sent = recorded(session).find((e) => e.type === 'call.message-sent');
    const received = recorded(session).find((e) => e.type === 'call.message-received');
    expect(sent).toMatchObject({ size: wireSize('ferry.testing.v1.EchoRequest', { message: 'size', payloadSize: 70_000 }) });
    const expected = wireSize('ferry.testing.v1.EchoResponse', { message: 'size', payload: Buffer.alloc(70_000, 0x61).toString('base64') });
    expect(received).toMatchObject({ size: expected });
    const bytes = session.messageBytes('received', 0)!;
    expect(bytes.byteLength).toBe(expected);
    // The body holds no larger read chunk: its own bytes and at most grpc-js's frame header beside them.
    expect(bytes.buffer.byteLength).toBeLessThanOrEqual(Math.max(expected + 64, 8192));
  });

  it('streams N server messages', async () => {
    const session = call('ServerStream', { request: { message: 'tick', count: 5 } });
    expect((await session.done).name).toBe('OK');
    const received = recorded(session).filter((e) => e.type === 'call.message-received');
    expect(received.map((e) => e.type === 'call.message-received' && e.index)).toEqual([0, 1, 2, 3, 4]);
    expect(session.messageJson('received', 4)).toEqual({ ok: true, value: { message: 'tick', index: 4 } });
    expectMonotonic(recorded(session));
  });

  it('batches events of a fast stream instead of one callback per message', async () => {
    const batches: CallEvent[][] = [];
    const session = call('ServerStream', { request: { count: 2000, payloadSize: 100 }, onEvents: (events) => batches.push(events) });
    await session.done;
    expect(recorded(session).filter((e) => e.type === 'call.message-received')).toHaveLength(2000);
    expect(batches.flat()).toEqual(recorded(session));
    expect(batches.length).toBeLessThan(200);
  });

  it('unpaced (the CLI), delivers a unary call in one batch and a server stream as its messages come', async () => {
    for (let i = 0; i < 20; i++) {
      const batches: CallEvent[][] = [];
      const unary = call('Echo', { request: { message: 'once' }, batchIntervalMs: 0, onEvents: (events) => batches.push(events) });
      await unary.done;
      expect(batches).toHaveLength(1);
      expect(batches[0]).toEqual(recorded(unary));
    }
    const streamed: CallEvent[][] = [];
    const stream = call('ServerStream', { request: { count: 3, intervalMs: 30 }, batchIntervalMs: 0, onEvents: (events) => streamed.push(events) });
    await until(() => streamed.flat().some((e) => e.type === 'call.message-received'), 'the first message, before the stream ends');
    expect(streamed.flat().some((e) => e.type === 'call.ended')).toBe(false);
    await stream.done;
    expect(streamed.flat()).toEqual(recorded(stream));
    // A fast stream of 800 KB comes in many reads: each brings its batch, none waits for the end.
    const fast: CallEvent[][] = [];
    const burst = call('ServerStream', { request: { count: 50, payloadSize: 16 * 1024 }, batchIntervalMs: 0, onEvents: (events) => fast.push(events) });
    await burst.done;
    expect(fast.length).toBeGreaterThan(2);
  });

  it('sends a client stream then half-closes', async () => {
    const session = call('ClientStream');
    for (const message of ['a', 'b', 'c']) expect(session.send({ message })).toEqual({ ok: true, value: undefined });
    session.halfClose();
    expect((await session.done).name).toBe('OK');
    expect(session.messageJson('received', 0)).toEqual({ ok: true, value: { message: 'a,b,c', index: 3 } });
    expect(eventTypes(session).slice(0, 5)).toEqual(['call.started', 'call.message-sent', 'call.message-sent', 'call.message-sent', 'call.half-closed']);
  });

  it('delivers every message sent before the channel has connected, in order', async () => {
    // grpc-js holds one pending message until the channel resolves its target: the rest must wait their turn.
    const fresh = new grpc.Client(bench.target, grpc.credentials.createInsecure());
    const session = startCall({ transport: grpcTransport(fresh), method: benchMethod(root, 'ClientStream'), codec: testCodec, types, store: keep() });
    const sent = Array.from({ length: 200 }, (_, i) => `m${i}`);
    for (const message of sent) session.send({ message });
    session.halfClose();
    expect((await session.done).name).toBe('OK');
    expect(session.messageJson('received', 0)).toEqual({ ok: true, value: { message: sent.join(','), index: 200 } });
    fresh.close();
  });

  it('talks bidi one message at a time', async () => {
    const session = call('Bidi');
    for (const [i, message] of ['x', 'y', 'z'].entries()) {
      session.send({ message });
      await until(() => recorded(session).filter((e) => e.type === 'call.message-received').length === i + 1);
    }
    session.halfClose();
    expect((await session.done).name).toBe('OK');
    const kinds = eventTypes(session).filter((t) => t.startsWith('call.message'));
    expect(kinds).toEqual(['call.message-sent', 'call.message-received', 'call.message-sent', 'call.message-received', 'call.message-sent', 'call.message-received']);
    expect(session.messageJson('received', 2)).toEqual({ ok: true, value: { message: 'z', index: 2 } });
    expectMonotonic(recorded(session));
  });

  it('returns an encode error for bad JSON and keeps the stream going', async () => {
    const session = call('Bidi');
    const bad = session.send({ messag: 'typo' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('BAD_INPUT');
    expect(session.send({ message: 'fine' }).ok).toBe(true);
    session.halfClose();
    expect((await session.done).name).toBe('OK');
    expect(session.messageJson('received', 0)).toMatchObject({ ok: true, value: { message: 'fine' } });
    expect(session.send({ message: 'late' }).ok).toBe(false);
  });

  it('refuses a unary request that does not encode, before any call', () => {
    const start = (request?: object) => () => startCall({ transport: grpcTransport(client), method: benchMethod(root, 'Echo'), codec: testCodec, types, ...(request && { request }) });
    expect(start({ payloadSize: 'many' })).toThrow(expect.objectContaining({ error: expect.objectContaining({ code: 'BAD_INPUT' }) }));
    expect(start()).toThrow(/needs a request/);
  });

  it('echoes metadata, -bin values included', async () => {
    const bin = Buffer.from([0, 1, 2, 254, 255]).toString('base64');
    const session = call('Echo', { request: { message: 'm' }, metadata: [{ key: 'x-probe', value: 'hello' }, { key: 'x-data-bin', value: bin }] });
    await session.done;
    const headers = recorded(session).find((e) => e.type === 'call.headers-received');
    const trailers = recorded(session).find((e) => e.type === 'call.trailers-received');
    expect(headers && headers.type === 'call.headers-received' && headers.metadata).toEqual(
      expect.arrayContaining([{ key: 'echo-x-probe', value: 'hello' }, { key: 'echo-x-data-bin', value: bin }]),
    );
    expect(trailers && trailers.type === 'call.trailers-received' && trailers.metadata).toEqual(
      expect.arrayContaining([{ key: 'trailer-echo-x-data-bin', value: bin }]),
    );
  });

  it('rejects bad metadata before starting', () => {
    const start = () => startCall({ transport: grpcTransport(client), method: benchMethod(root, 'Echo'), codec: testCodec, types, request: {}, metadata: [{ key: 'k-bin', value: '%%' }] });
    expect(start).toThrow(expect.objectContaining({ error: expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringContaining('"k-bin"') }) }));
  });

  it('decodes every rich error detail', async () => {
    const status = await call('Fail', { request: { message: 'nope' } }).done;
    expect(status).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, name: 'INVALID_ARGUMENT', message: 'nope' });
    const byType = Object.fromEntries(status.details.map((d) => [d.type, d]));
    expect(status.details).toHaveLength(10);
    expect(byType['google.rpc.ErrorInfo']?.value).toEqual({ reason: 'BENCH_FAILURE', domain: 'bench.ferry.test', metadata: { attempt: '1' } });
    expect(byType['google.rpc.BadRequest']?.value).toEqual({ fieldViolations: [{ field: 'message', description: 'must not be empty' }] });
    expect(byType['google.rpc.RetryInfo']?.value).toEqual({ retryDelay: '2.500s' });
    expect(byType['google.rpc.LocalizedMessage']?.value).toEqual({ locale: 'en-US', message: 'Something went wrong' });
    expect(byType['google.rpc.Help']?.typeUrl).toBe('type.googleapis.com/google.rpc.Help');
    expect(byType['ferry.testing.v1.Node']?.value).toEqual({ name: 'custom-detail' });
  });

  it('keeps a detail of an unknown type as raw base64', async () => {
    const hiding = lookupOf(root, ['ferry.testing.v1.Node']);
    const status = await call('Fail', { request: {}, types: hiding }).done;
    const node = status.details.find((d) => d.type === 'ferry.testing.v1.Node');
    expect(node?.value).toBeUndefined();
    expect(Buffer.from(node!.raw!, 'base64')).toEqual(Buffer.from([0x0a, 0x0d, ...Buffer.from('custom-detail')]));
  });

  it('ends with DEADLINE_EXCEEDED past the deadline', async () => {
    const status = await call('Slow', { request: { delayMs: 2000 }, deadlineMs: 100 }).done;
    expect(status.name).toBe('DEADLINE_EXCEEDED');
  });

  it('cancels a slow unary call and the server sees it', async () => {
    const before = bench.stats.cancelled;
    const callsBefore = bench.stats.calls;
    const session = call('Slow', { request: { delayMs: 5000 } });
    await until(() => bench.stats.calls > callsBefore, 'the slow call reached the server');
    session.cancel();
    expect((await session.done).name).toBe('CANCELLED');
    expect(eventTypes(session)).toContain('call.cancelled');
    await until(() => bench.stats.cancelled === before + 1);
  });

  it('cancels a server stream after some messages', async () => {
    const before = bench.stats.cancelled;
    const session = call('ServerStream', { request: { count: 1000, intervalMs: 10 } });
    await until(() => recorded(session).filter((e) => e.type === 'call.message-received').length >= 3);
    session.cancel();
    expect((await session.done).name).toBe('CANCELLED');
    await until(() => bench.stats.cancelled === before + 1);
    session.cancel(); // idempotent once ended
    expect(eventTypes(session).filter((t) => t === 'call.cancelled')).toHaveLength(1);
  });

  it('records the messages before a server stream fails', async () => {
    const session = call('ServerStream', { request: { count: 10, failAfter: 4 } });
    const status = await session.done;
    expect(status).toMatchObject({ name: 'INTERNAL', message: 'failed after 4 responses' });
    expect(recorded(session).filter((e) => e.type === 'call.message-received')).toHaveLength(4);
    expect(session.messageJson('received', 3)).toMatchObject({ ok: true, value: { index: 3 } });
  });

  it('reports an unreachable server as UNAVAILABLE without inventing trailers', async () => {
    const dead = new grpc.Client('127.0.0.1:1', grpc.credentials.createInsecure());
    const session = startCall({ transport: grpcTransport(dead), method: benchMethod(root, 'Echo'), codec: testCodec, types, request: {}, store: keep() });
    const status = await session.done;
    dead.close();
    expect(status.name).toBe('UNAVAILABLE');
    expect(status.message).toContain('127.0.0.1:1');
    expect(eventTypes(session)).not.toContain('call.trailers-received');
  });
});
