import { afterEach, describe, expect, it } from 'vitest';
import type { FerryApi } from '../../shared/api';
import { createMemoryApi } from './testing/memory-api';
import { openRawSocket } from './testing/raw-http';
import { startServeFixture, type ServeFixture } from './testing/serve-fixture';

const config = { target: 'memory:1', tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } };
function isEndOf(frame: Record<string, unknown>, callId: string): boolean {
  const event = frame.event as { type?: string; callId?: string; events?: { type: string }[] } | undefined;
  return event?.type === 'call.events' && event.callId === callId && (event.events ?? []).some((e) => e.type === 'call.ended');
}
const isAnswer = (id: number | null) => (frame: Record<string, unknown>) => 'id' in frame && frame.id === id;

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe('the /api WebSocket', () => {
  let fx: ServeFixture<FerryApi> | undefined;
  afterEach(() => fx?.close());

  async function connect(options: { api?: FerryApi; maxFrameBytes?: number } = {}) {
    fx = await startServeFixture({ api: options.api ?? createMemoryApi(), ...(options.maxFrameBytes !== undefined && { maxFrameBytes: options.maxFrameBytes }) });
    return openRawSocket(`${fx.apiUrl}?token=${fx.serve.token}`);
  }

  it('answers a command with its Result and pushes events', async () => {
    const { socket, next } = await connect();
    socket.send(JSON.stringify({ id: 1, command: 'openConnection', args: [config] }));
    const answer = await next(isAnswer(1));
    expect(answer).toMatchObject({ id: 1, result: { ok: true, value: { connectionId: 'conn-1', connectivity: 'READY' } } });
    expect(await next((f) => 'event' in f)).toEqual({ event: { type: 'connectivity.changed', connectionId: 'conn-1', state: 'READY' } });
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
    socket.send(JSON.stringify({ id: 6, command: 'openConnection', args: [config] }));
    expect(await next(isAnswer(6))).toMatchObject({ result: { ok: true } });
  });

  it('turns an engine that throws or answers nonsense into INTERNAL_BUG values', async () => {
    const api = createMemoryApi();
    const broken: FerryApi = {
      ...api,
      describeSymbol: () => Promise.reject(new Error('boom')),
      reloadSchema: () => Promise.resolve('not a result' as never),
    };
    const { socket, next } = await connect({ api: broken });
    socket.send(JSON.stringify({ id: 1, command: 'describeSymbol', args: ['c', 's'] }));
    expect(await next(isAnswer(1))).toMatchObject({ result: { ok: false, error: { code: 'INTERNAL_BUG', message: 'internal error: boom' } } });
    socket.send(JSON.stringify({ id: 2, command: 'reloadSchema', args: ['c'] }));
    expect(await next(isAnswer(2))).toMatchObject({ result: { ok: false, error: { code: 'INTERNAL_BUG' } } });
  });

  it('cancels the calls a socket started when it closes, and only those', async () => {
    const api = createMemoryApi();
    const { socket, next } = await connect({ api });
    const other = await openRawSocket(`${fx!.apiUrl}?token=${fx!.serve.token}`);
    socket.send(JSON.stringify({ id: 1, command: 'openConnection', args: [config] }));
    const { connectionId } = ((await next(isAnswer(1))) as { result: { value: { connectionId: string } } }).result.value;
    const start = (id: number, method: string) => ({ id, command: 'startCall', args: [{ connectionId, method, metadata: [] }] });
    socket.send(JSON.stringify(start(2, 'memory.Bench/Slow')));
    socket.send(JSON.stringify(start(3, 'memory.Bench/Echo')));
    other.socket.send(JSON.stringify(start(1, 'memory.Bench/Slow')));
    const slow = ((await next(isAnswer(2))) as { result: { value: { callId: string } } }).result.value.callId;
    const echo = ((await next(isAnswer(3))) as { result: { value: { callId: string } } }).result.value.callId;
    const otherSlow = ((await other.next(isAnswer(1))) as { result: { value: { callId: string } } }).result.value.callId;
    // An ended call needs no cancelling: wait for the echo call's end before closing.
    await next((f) => isEndOf(f, echo));
    socket.close();
    await until(() => api.cancelled.length > 0, 'the cancellation');
    expect(api.cancelled).toEqual([slow]);
    expect(api.cancelled).not.toContain(otherSlow);
    expect(api.cancelled).not.toContain(echo);
    other.socket.close();
    await until(() => api.cancelled.length === 2, 'the second cancellation');
  });

  it('cancels a call whose start answers after its socket closed', async () => {
    const api = createMemoryApi();
    const opened = await api.openConnection({ target: 'memory:1', tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } });
    const connectionId = opened.ok ? opened.value.connectionId : '';
    const slowStart: FerryApi = { ...api, startCall: (request) => new Promise((resolve) => setTimeout(() => resolve(api.startCall(request)), 50)) };
    const { socket } = await connect({ api: slowStart });
    socket.send(JSON.stringify({ id: 1, command: 'startCall', args: [{ connectionId, method: 'memory.Bench/Slow', metadata: [] }] }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    socket.close();
    await until(() => api.cancelled.length === 1, 'the late cancellation');
  });
});
