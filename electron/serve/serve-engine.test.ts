import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FerryApi } from '../../shared/api';
import { createEngine } from '../engine/create-engine';
import type { BenchServer } from '../engine/testing/bench-server';
import { answerValue, openRawSocket } from './testing/raw-http';
import { startServeFixture, type ServeFixture } from './testing/serve-fixture';
import { until } from '../../tests/kit/until';

type Frame = Record<string, unknown>;
const answerTo = (id: number) => (frame: Frame) => frame.id === id;
const endOf = (callId: string) => (frame: Frame) => {
  const event = frame.event as { type?: string; callId?: string; events?: { type: string }[] } | undefined;
  return event?.type === 'call.events' && event.callId === callId && (event.events ?? []).some((e) => e.type === 'call.ended');
};

// The transport over the real engine and a real gRPC server: what a browser tab does, minus the UI.
describe('ferry serve over the engine', () => {
  let bench: BenchServer;
  let fx: ServeFixture<FerryApi>;
  beforeAll(async () => {
    fx = await startServeFixture({ api: createEngine() });
    bench = fx.bench;
  });
  afterAll(() => fx.close());

  async function openConnection() {
    const client = await openRawSocket(`${fx.apiUrl}?token=${fx.serve.token}`);
    const config = { target: bench.target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } };
    client.socket.send(JSON.stringify({ id: 1, command: 'openConnection', args: [config] }));
    const { connectionId } = answerValue<{ connectionId: string }>(await client.next(answerTo(1)));
    return { ...client, connectionId };
  }

  it('runs a unary call and pushes its events', async () => {
    const { socket, next, connectionId } = await openConnection();
    const request = { connectionId, method: 'ferry.testing.v1.Bench/Echo', metadata: [], body: '{"message":"hi"}' };
    socket.send(JSON.stringify({ id: 2, command: 'startCall', args: [request] }));
    const { callId } = answerValue<{ callId: string }>(await next(answerTo(2)));
    await next(endOf(callId));
    socket.send(JSON.stringify({ id: 3, command: 'getMessage', args: [callId, 'received', 0] }));
    expect(JSON.parse(answerValue<{ json: string }>(await next(answerTo(3))).json)).toEqual({ message: 'hi' });
    socket.close();
  });

  it('cancels a running call on the server when its socket closes', async () => {
    const { socket, next, connectionId } = await openConnection();
    const before = bench.stats.cancelled;
    const request = { connectionId, method: 'ferry.testing.v1.Bench/Slow', metadata: [], body: '{"delayMs":30000}' };
    socket.send(JSON.stringify({ id: 2, command: 'startCall', args: [request] }));
    answerValue<{ callId: string }>(await next(answerTo(2)));
    socket.close();
    await until(() => bench.stats.cancelled === before + 1, 'the server to see the call cancelled');
  });
});
