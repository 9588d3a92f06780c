import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent, ConnectionConfig } from '../../shared/model';
import { createEngine, type Engine } from './create-engine';
import { startBenchServer, type BenchServer } from './testing/bench-server';
import { unwrap } from '../../shared/errors';
import { collectCall } from './testing/engine-test-kit';

describe('reading, exporting and releasing recorded sessions', () => {
  let server: BenchServer;
  let engine: Engine;
  let connectionId: string;
  beforeAll(async () => {
    server = await startBenchServer();
  });
  afterAll(() => server.close());
  afterEach(() => engine?.dispose());

  const config = (): ConnectionConfig => ({ target: server.target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } });

  async function stream(count: number, extra: object = {}): Promise<{ callId: string; live: CallEvent[] }> {
    engine = createEngine();
    connectionId = (unwrap(await engine.openConnection(config()))).connectionId;
    const body = JSON.stringify({ message: 'm', count });
    const { callId } = unwrap(await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench/ServerStream', metadata: [], body, ...extra }));
    return { callId, live: await collectCall(engine, callId) };
  }

  it('pages events by sequence number, with what was recorded at each', async () => {
    const { callId, live } = await stream(30);
    const page = unwrap(await engine.readEvents(callId, { fromSeq: 5, limit: 10 }));
    expect(page.events.map((e) => e.seq)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(page.events).toEqual(live.slice(4, 14));
    expect(page).toMatchObject({ nextSeq: 15, total: live.length, ended: true });
  });

  it('filters by direction and by text in the message JSON, and previews messages', async () => {
    const { callId } = await stream(12);
    const received = unwrap(await engine.readEvents(callId, { fromSeq: 1, limit: 100, direction: 'received', text: '"index":11', previewChars: 40 }));
    expect(received.events).toHaveLength(1);
    expect(received.events[0]).toMatchObject({ type: 'call.message-received', index: 11 });
    expect(received.events[0]?.preview).toMatch(/^\{"message":"m","index":11/);
    const sent = unwrap(await engine.readEvents(callId, { fromSeq: 1, limit: 100, direction: 'sent' }));
    expect(sent.events.map((e) => e.type)).toEqual(['call.started', 'call.message-sent', 'call.half-closed']);
  });

  it('exports NDJSON slice by slice until done', async () => {
    const { callId, live } = await stream(20);
    const lines: { seq: number; message?: unknown }[] = [];
    let range = { fromSeq: 1, limit: 7 };
    for (;;) {
      const chunk = unwrap(await engine.exportSession(callId, range));
      lines.push(...chunk.ndjson.trim().split('\n').map((l) => JSON.parse(l) as { seq: number }));
      if (chunk.done) break;
      range = { fromSeq: chunk.nextSeq, limit: 7 };
    }
    expect(lines.map((l) => l.seq)).toEqual(live.map((e) => e.seq));
    expect(lines.filter((l) => l.message !== undefined)).toHaveLength(21);
  });

  it('releases a call: its id answers NOT_FOUND afterwards', async () => {
    const { callId } = await stream(3);
    expect((await engine.releaseCall(callId)).ok).toBe(true);
    const read = await engine.readEvents(callId, { fromSeq: 1, limit: 1 });
    expect(read.ok ? 'ok' : read.error.code).toBe('NOT_FOUND');
  });

  it('cancels a running call it releases', async () => {
    engine = createEngine();
    connectionId = (unwrap(await engine.openConnection(config()))).connectionId;
    const { callId } = unwrap(await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench/Bidi', metadata: [] }));
    const live = collectCall(engine, callId);
    unwrap(await engine.releaseCall(callId));
    const ended = (await live).at(-1);
    expect(ended?.type === 'call.ended' && ended.status.name).toBe('CANCELLED');
  });

  it('inlines decoded messages up to the asked size in live events only', async () => {
    const { callId, live } = await stream(2, { inlineMessageBytes: 1024, emitDefaults: true });
    const received = live.filter((e) => e.type === 'call.message-received');
    expect(received.map((e) => e.message)).toEqual([
      { message: 'm', index: 0, payload: '' },
      { message: 'm', index: 1, payload: '' },
    ]);
    const page = unwrap(await engine.readEvents(callId, { fromSeq: 1, limit: 100 }));
    expect(page.events.some((e) => 'message' in e && e.message !== undefined)).toBe(false);
  });

  it('keeps nothing of a call started with keepSession: false', async () => {
    const { callId, live } = await stream(2, { keepSession: false, inlineMessageBytes: 1 << 20 });
    expect(live.filter((e) => e.type === 'call.message-received').every((e) => e.message !== undefined)).toBe(true);
    const read = await engine.readEvents(callId, { fromSeq: 1, limit: 1 });
    expect(read.ok).toBe(false);
  });
});
