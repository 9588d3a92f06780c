import { afterEach, describe, expect, it } from 'vitest';
import type { FerryApi, FerryEvent } from '../../shared/api';
import type { CallStatus } from '../../shared/model';
import { createEngine, type Engine } from '../engine/create-engine';
import { until } from '../../tests/kit/until';
import { answerValue, openRawSocket } from './testing/raw-http';
import { startServeFixture, type ServeFixture } from './testing/serve-fixture';

type Frame = Record<string, unknown>;
const SLOW = 'ferry.testing.v1.Bench/Slow';
const ECHO = 'ferry.testing.v1.Bench/Echo';

function isEndOf(frame: Frame, callId: string): boolean {
  const event = frame.event as { type?: string; callId?: string; events?: { type: string }[] } | undefined;
  return event?.type === 'call.events' && event.callId === callId && (event.events ?? []).some((e) => e.type === 'call.ended');
}
const isAnswer = (id: number | null) => (frame: Frame) => 'id' in frame && frame.id === id;

/** The final status of each call the engine ended, as its call.events reported it. */
function watchEnds(engine: FerryApi): Map<string, CallStatus> {
  const ends = new Map<string, CallStatus>();
  engine.onEvent((event: FerryEvent) => {
    if (event.type !== 'call.events') return;
    for (const e of event.events) if (e.type === 'call.ended') ends.set(event.callId, e.status);
  });
  return ends;
}

// The transport over the real engine, calling a real bench gRPC server on 127.0.0.1.
describe('the /api WebSocket', () => {
  let fx: ServeFixture<FerryApi> | undefined;
  afterEach(() => fx?.close());

  async function connect(options: { api?: FerryApi; maxFrameBytes?: number } = {}) {
    fx = await startServeFixture({ api: options.api ?? createEngine(), ...(options.maxFrameBytes !== undefined && { maxFrameBytes: options.maxFrameBytes }) });
    return openRawSocket(`${fx.apiUrl}?token=${fx.serve.token}`);
  }
  const config = () => ({ target: fx!.bench.target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } });

  it('answers a command with its Result and pushes events', async () => {
    const { socket, next } = await connect();
    socket.send(JSON.stringify({ id: 1, command: 'openConnection', args: [config()] }));
    const answer = await next(isAnswer(1));
    expect(answer).toMatchObject({ id: 1, result: { ok: true, value: { connectionId: expect.any(String), target: fx!.bench.target } } });
    const { connectionId } = answerValue<{ connectionId: string }>(answer);
    socket.send(JSON.stringify({ id: 2, command: 'startCall', args: [{ connectionId, method: ECHO, metadata: [], body: '{"message":"hi"}' }] }));
    const { callId } = answerValue<{ callId: string }>(await next(isAnswer(2)));
    const events: { type: string }[] = [];
    await next((f) => {
      const event = f.event as { callId?: string; events?: { type: string }[] } | undefined;
      if (event?.callId === callId) events.push(...(event.events ?? []));
      return isEndOf(f, callId);
    });
    expect(events.map((e) => e.type)).toEqual([
      'call.started', 'call.message-sent', 'call.half-closed', 'call.headers-received', 'call.message-received', 'call.trailers-received', 'call.ended',
    ]);
  });

  it('answers every kind of invalid frame with an error and stays usable', async () => {
    const { socket, next } = await connect({ maxFrameBytes: 1024 });
    const cases: [string | Buffer, number | null, RegExp][] = [
      ['{"id":1,"command":', 1, /^frame is not valid JSON$/],
      ['"just a string"', null, /^frame: expected an object$/],
      ['{"id":2,"command":"halfClose"}', 2, /^frame\.args: expected an array$/],
      ['{"id":3,"command":"dropTables","args":[]}', 3, /^unknown command "dropTables"$/],
      ['{"id":4,"command":"openConnection","args":[{"target":"h:1","tls":{"mode":"ssl"},"schema":{"kind":"reflection"}}]}', 4, /^args\[0\]\.tls\.mode: expected "plaintext" or "tls"$/],
      [`{"id":5,"command":"sendMessage","args":["c","${'x'.repeat(2000)}"]}`, 5, /^frame of \d+ bytes is larger than the limit of 1024 bytes$/],
      [Buffer.from([1, 2, 3]), null, /^binary frames are not accepted/],
    ];
    for (const [frame, id, message] of cases) {
      socket.send(frame);
      const answer = (await next(isAnswer(id))) as { result: { ok: boolean; error: { code: string; message: string } } };
      expect(answer.result.ok).toBe(false);
      expect(answer.result.error.code).toBe('BAD_INPUT');
      expect(answer.result.error.message).toMatch(message);
    }
    socket.send(JSON.stringify({ id: 6, command: 'openConnection', args: [config()] }));
    expect(await next(isAnswer(6))).toMatchObject({ result: { ok: true } });
  });

  it('turns an engine that throws or answers nonsense into INTERNAL_BUG values', async () => {
    // The real engine with two methods broken, to exercise the transport's defence.
    const engine = createEngine();
    const broken: Engine = {
      ...engine,
      describeSymbol: () => Promise.reject(new Error('boom')),
      reloadSchema: () => Promise.resolve('not a result' as never),
    };
    const { socket, next } = await connect({ api: broken });
    socket.send(JSON.stringify({ id: 0, command: 'openConnection', args: [config()] }));
    const { connectionId } = answerValue<{ connectionId: string }>(await next(isAnswer(0)));
    socket.send(JSON.stringify({ id: 1, command: 'describeSymbol', args: [connectionId, 's'] }));
    expect(await next(isAnswer(1))).toMatchObject({ result: { ok: false, error: { code: 'INTERNAL_BUG', message: 'internal error: boom' } } });
    socket.send(JSON.stringify({ id: 2, command: 'reloadSchema', args: [connectionId] }));
    expect(await next(isAnswer(2))).toMatchObject({ result: { ok: false, error: { code: 'INTERNAL_BUG' } } });
  });

  it('cancels the calls a socket started when it closes, and only those', async () => {
    const engine = createEngine();
    const ends = watchEnds(engine);
    const { socket, next } = await connect({ api: engine });
    const bench = fx!.bench;
    const other = await openRawSocket(`${fx!.apiUrl}?token=${fx!.serve.token}`);
    socket.send(JSON.stringify({ id: 1, command: 'openConnection', args: [config()] }));
    const { connectionId } = answerValue<{ connectionId: string }>(await next(isAnswer(1)));
    other.socket.send(JSON.stringify({ id: 0, command: 'openConnection', args: [config()] }));
    const otherConnection = answerValue<{ connectionId: string }>(await other.next(isAnswer(0))).connectionId;
    const start = (id: number, method: string, body: string, on = connectionId) => ({ id, command: 'startCall', args: [{ connectionId: on, method, metadata: [], body }] });
    socket.send(JSON.stringify(start(2, SLOW, '{"delayMs": 30000}')));
    socket.send(JSON.stringify(start(3, ECHO, '{"message": "hi"}')));
    other.socket.send(JSON.stringify(start(1, SLOW, '{"delayMs": 30000}', otherConnection)));
    const slow = answerValue<{ callId: string }>(await next(isAnswer(2))).callId;
    const echo = answerValue<{ callId: string }>(await next(isAnswer(3))).callId;
    const otherSlow = answerValue<{ callId: string }>(await other.next(isAnswer(1))).callId;
    // An ended call needs no cancelling: wait for the echo call's end before closing.
    await next((f) => isEndOf(f, echo));
    expect(ends.get(echo)?.name).toBe('OK');
    // Both slow calls must have reached the server before a cancellation can be counted there.
    await until(() => bench.stats.calls >= 3, 'the slow calls to reach the bench');
    expect(bench.stats.cancelled).toBe(0);
    socket.close();
    await until(() => bench.stats.cancelled > 0 && ends.has(slow), 'the cancellation');
    expect(ends.get(slow)?.name).toBe('CANCELLED');
    // A socket's calls are cancelled in one go when it closes: had the other socket's call been among them,
    // its cancellation would be recorded by now.
    other.socket.send(JSON.stringify({ id: 2, command: 'readEvents', args: [otherSlow, { fromSeq: 1, limit: 100 }] }));
    const otherEvents = answerValue<{ events: { type: string }[]; ended: boolean }>(await other.next(isAnswer(2)));
    expect(otherEvents.ended).toBe(false);
    expect(otherEvents.events.map((e) => e.type)).not.toContain('call.cancelled');
    expect(ends.get(echo)?.name).toBe('OK');
    other.socket.close();
    await until(() => bench.stats.cancelled === 2 && ends.has(otherSlow), 'the second cancellation');
    expect(ends.get(otherSlow)?.name).toBe('CANCELLED');
  });

  it('cancels a call whose start answers after its socket closed', async () => {
    const engine = createEngine();
    const ends = watchEnds(engine);
    const started: string[] = [];
    let answer: () => void = () => undefined;
    // The real engine, answering startCall only when the test says: the socket is gone by then.
    const slowStart: Engine = {
      ...engine,
      startCall: async (request) => {
        const result = await engine.startCall(request);
        if (result.ok) started.push(result.value.callId);
        await new Promise<void>((resolve) => (answer = resolve));
        return result;
      },
    };
    const { socket, next } = await connect({ api: slowStart });
    socket.send(JSON.stringify({ id: 0, command: 'openConnection', args: [config()] }));
    const { connectionId } = answerValue<{ connectionId: string }>(await next(isAnswer(0)));
    socket.send(JSON.stringify({ id: 1, command: 'startCall', args: [{ connectionId, method: SLOW, metadata: [], body: '{"delayMs": 30000}' }] }));
    await until(() => started.length === 1, 'the call to start');
    socket.close();
    await until(() => socket.readyState === socket.CLOSED, 'the socket to close');
    answer();
    await until(() => started.length === 1 && ends.has(started[0]!), 'the late cancellation');
    expect(ends.get(started[0]!)?.name).toBe('CANCELLED');
  });
});
