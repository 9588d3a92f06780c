import { afterEach, describe, expect, it } from 'vitest';
import type { FerryApi } from '../../shared/api';
import { createEngine, type Engine } from '../engine/create-engine';
import { until } from '../../tests/kit/until';
import { openRawSocket } from './testing/raw-http';
import { startServeFixture, type ServeFixture } from './testing/serve-fixture';

type Frame = Record<string, unknown>;
const SLOW = 'ferry.testing.v1.Bench/Slow';
const STREAM = 'ferry.testing.v1.Bench/ServerStream';

const isAnswer = (id: number) => (frame: Frame) => frame.id === id;
const eventOf = (frame: Frame) => frame.event as { type: string; callId?: string; events?: { type: string }[] } | undefined;

// Two browser tabs on one `ferry serve`: the real engine, a real bench server, real WebSockets.
describe('the /api WebSocket gives each socket only its own calls', () => {
  let fx: ServeFixture<FerryApi> | undefined;
  let engine: Engine;
  afterEach(() => fx?.close());

  async function twoSockets() {
    engine = createEngine();
    fx = await startServeFixture({ api: engine });
    const url = `${fx.apiUrl}?token=${fx.serve.token}`;
    const first = await openRawSocket(url);
    const second = await openRawSocket(url);
    const firstFrames: Frame[] = [];
    const secondFrames: Frame[] = [];
    first.socket.on('message', (data) => firstFrames.push(JSON.parse(String(data)) as Frame));
    second.socket.on('message', (data) => secondFrames.push(JSON.parse(String(data)) as Frame));
    let id = 100;
    const ask = async (socket: typeof first, command: string, ...args: unknown[]) => {
      const frameId = ++id;
      socket.socket.send(JSON.stringify({ id: frameId, command, args }));
      return (await socket.next(isAnswer(frameId))).result as { ok: boolean; value?: unknown; error?: { code: string } };
    };
    const config = { target: fx.bench.target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } };
    const opened = await ask(first, 'openConnection', config);
    const { connectionId } = opened.value as { connectionId: string };
    return { first, second, firstFrames, secondFrames, ask, connectionId, config };
  }

  it('another socket cannot see, cancel, read or release a call, nor use its connection', async () => {
    const { first, second, firstFrames, secondFrames, ask, connectionId } = await twoSockets();
    const started = await ask(first, 'startCall', { connectionId, method: STREAM, metadata: [], body: '{"message":"m","count":50}' });
    const { callId } = started.value as { callId: string };
    await until(() => firstFrames.some((f) => eventOf(f)?.callId === callId && eventOf(f)!.events!.some((e) => e.type === 'call.ended')), 'the stream to end');

    for (const [command, args] of [
      ['cancelCall', [callId]],
      ['halfClose', [callId]],
      ['releaseCall', [callId]],
      ['getMessage', [callId, 'received', 0]],
      ['readEvents', [callId, { fromSeq: 1, limit: 10 }]],
      ['exportSession', [callId, { fromSeq: 1, limit: 10 }]],
      ['describeSymbol', [connectionId, 'ferry.testing.v1.Bench']],
      ['startCall', [{ connectionId, method: STREAM, metadata: [], body: '{}' }]],
    ] as const) {
      expect(await ask(second, command, ...args), command).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    expect(secondFrames.filter((f) => 'event' in f)).toEqual([]);
    // The owner still reads it: nothing the other socket did touched it.
    expect(await ask(first, 'readEvents', callId, { fromSeq: 1, limit: 5 })).toMatchObject({ ok: true, value: { total: 56, ended: true } });
  });

  it('closing a socket cancels its running calls and releases all of them; the other socket keeps its own', async () => {
    const { first, second, ask, connectionId, config } = await twoSockets();
    const bench = fx!.bench;
    const callsBefore = bench.stats.calls;
    const slow = (await ask(first, 'startCall', { connectionId, method: SLOW, metadata: [], body: '{"delayMs":30000}' })).value as { callId: string };
    const done = (await ask(first, 'startCall', { connectionId, method: STREAM, metadata: [], body: '{"count":3}' })).value as { callId: string };
    const theirs = (await ask(second, 'openConnection', config)).value as { connectionId: string };
    const kept = (await ask(second, 'startCall', { connectionId: theirs.connectionId, method: STREAM, metadata: [], body: '{"count":3}' })).value as { callId: string };
    await until(() => bench.stats.calls >= callsBefore + 3, 'the calls to reach the server');
    await until(async () => (await engine.readEvents(done.callId, { fromSeq: 1, limit: 1 })).ok, 'the finished call to be readable');
    const cancelledBefore = bench.stats.cancelled;
    first.socket.close();
    await until(() => bench.stats.cancelled > cancelledBefore, 'the running call to be cancelled on the server');
    for (const callId of [slow.callId, done.callId]) {
      await until(async () => {
        const read = await engine.readEvents(callId, { fromSeq: 1, limit: 1 });
        return !read.ok && read.error.code === 'NOT_FOUND';
      }, `call ${callId} to be released`);
    }
    expect(await ask(second, 'readEvents', kept.callId, { fromSeq: 1, limit: 1 })).toMatchObject({ ok: true });
  });
});
