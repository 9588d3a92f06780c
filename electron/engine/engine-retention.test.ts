import { readdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FerryEvent } from '../../shared/api';
import type { CallEvent } from '../../shared/model';
import { createEngine, type Engine, type EngineOptions } from './create-engine';
import { spillFolder } from './sessions';
import { startBenchServer, type BenchServer } from './testing/bench-server';
import { unwrap } from '../../shared/errors';
import { tempDir } from '../../tests/kit/temp-dir';
import { until } from '../../tests/kit/until';

describe('sessions the engine keeps: spill, disk cap, release and retention (real engine and bench server)', () => {
  let server: BenchServer;
  let engine: Engine;
  let events: FerryEvent[];
  beforeAll(async () => {
    process.env.FERRY_SPILL_DIR = tempDir('ferry-spill-test-');
    server = await startBenchServer();
  });
  afterAll(() => server.close());
  afterEach(() => engine?.dispose());

  async function open(sessions: EngineOptions['sessions']): Promise<string> {
    engine = createEngine({ sessions });
    events = [];
    engine.onEvent((event) => events.push(event));
    return (unwrap(await engine.openConnection({ target: server.target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' } }))).connectionId;
  }

  async function stream(connectionId: string, count: number, payloadSize = 100): Promise<{ callId: string; live: CallEvent[] }> {
    const body = JSON.stringify({ message: 'm', count, payloadSize });
    const { callId } = unwrap(await engine.startCall({ connectionId, method: 'ferry.testing.v1.Bench/ServerStream', metadata: [], body }));
    const live: CallEvent[] = [];
    await new Promise<void>((resolve) => {
      const stop = engine.onEvent((event) => {
        if (event.type !== 'call.events' || event.callId !== callId) return;
        live.push(...event.events);
        if (event.events.at(-1)?.type === 'call.ended') {
          stop();
          resolve();
        }
      });
    });
    return { callId, live };
  }

  const tight = { memoryEvents: 4096, memoryBodyBytes: 64 * 1024, segmentBytes: 128 * 1024 };

  it('reads message 1 and the last message, and pages any event, of a stream that spilled; release deletes its files', async () => {
    const before = new Set(readdirSync(spillFolder()));
    const connectionId = await open(tight);
    const { callId, live } = await stream(connectionId, 12_000);
    expect(readdirSync(spillFolder()).filter((name) => !before.has(name)).length).toBeGreaterThan(1);
    const first = unwrap(await engine.getMessage(callId, 'received', 0));
    // Index 0 is the field's default, so ProtoJSON leaves it out.
    expect(JSON.parse(first.json)).toEqual({ message: 'm', payload: expect.any(String) });
    const last = unwrap(await engine.getMessage(callId, 'received', 11_999));
    expect(JSON.parse(last.json)).toMatchObject({ index: 11_999 });
    for (const fromSeq of [1, 4090, 8190, live.length - 5]) {
      const page = unwrap(await engine.readEvents(callId, { fromSeq, limit: 10 }));
      expect(page.events).toEqual(live.slice(fromSeq - 1, fromSeq + 9));
    }
    unwrap(await engine.releaseCall(callId));
    expect(await engine.getMessage(callId, 'received', 0)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await until(() => readdirSync(spillFolder()).every((name) => before.has(name)), 'the spill files deleted');
  });

  it('at the disk cap drops the oldest bodies with a call.evicted notice; counts and events stay exact', async () => {
    const connectionId = await open({ ...tight, diskBytes: 256 * 1024 });
    const { callId, live } = await stream(connectionId, 20_000);
    const notice = events.find((e) => e.type === 'call.evicted');
    expect(notice).toMatchObject({ type: 'call.evicted', callId, scope: 'bodies', reason: expect.stringMatching(/disk cap of 256 KiB/) });
    const page = unwrap(await engine.readEvents(callId, { fromSeq: 1, limit: 10 }));
    expect(page.total).toBe(live.length);
    expect(page.events.find((e) => e.type === 'call.message-received')).toMatchObject({ bodyEvicted: true });
    expect(await engine.getMessage(callId, 'received', 0)).toMatchObject({ ok: false, error: { message: expect.stringContaining('no longer kept') } });
    expect(JSON.parse((unwrap(await engine.getMessage(callId, 'received', 19_999))).json)).toMatchObject({ index: 19_999 });
    const ended = live.at(-1);
    expect(ended?.type === 'call.ended' && ended.status.name).toBe('OK');
  });

  it('keeps only the most recent finished sessions and says which one it evicted', async () => {
    const connectionId = await open({ keptSessions: 2 });
    const calls = [];
    for (let i = 0; i < 3; i++) calls.push((await stream(connectionId, 3)).callId);
    expect(events).toContainEqual(expect.objectContaining({ type: 'call.evicted', callId: calls[0], scope: 'session' }));
    expect(await engine.readEvents(calls[0]!, { fromSeq: 1, limit: 1 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringContaining('2 most recent finished sessions') },
    });
    for (const callId of calls.slice(1)) expect(await engine.readEvents(callId, { fromSeq: 1, limit: 1 })).toMatchObject({ ok: true });
  });

  it('moves finished sessions over the memory cap to disk, where they stay readable', async () => {
    const connectionId = await open({ finishedMemoryBytes: 64 * 1024 });
    const { callId, live } = await stream(connectionId, 2_000);
    await stream(connectionId, 2_000);
    const page = unwrap(await engine.readEvents(callId, { fromSeq: 100, limit: 5 }));
    expect(page.events).toEqual(live.slice(99, 104));
    expect(JSON.parse((unwrap(await engine.getMessage(callId, 'received', 7))).json)).toMatchObject({ index: 7 });
  });
});
