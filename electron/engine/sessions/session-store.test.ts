import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent, MessageDirection } from '../../../shared/model';
import { join } from 'node:path';
import { createBodyStore } from './body-store';
import { EVENT_CHUNK } from './event-store';
import { createSessionStore, type SessionStoreLimits } from './session-store';
import { spillFolder } from './spill-folder';
import { createSpillSpace } from './spill-space';
import { tempDir } from '../../../tests/kit/temp-dir';
import { until } from '../../../tests/kit/until';

// Spill files of this test process go to a folder of its own.
beforeAll(() => {
  process.env.FERRY_SPILL_DIR = tempDir('ferry-spill-test-');
});

const limits = (extra: Partial<SessionStoreLimits> = {}): SessionStoreLimits => ({
  memoryEvents: EVENT_CHUNK,
  memoryBodyBytes: 64 * 1024,
  segmentBytes: 256 * 1024,
  space: createSpillSpace(1024 ** 3),
  ...extra,
});

/** A recorded session of `messages` messages, with the other kinds of event in between. */
function record(store: ReturnType<typeof createSessionStore>, messages: number): CallEvent[] {
  const recorded: CallEvent[] = [];
  type Unstamped = CallEvent extends infer E ? (E extends CallEvent ? Omit<E, 'seq'> : never) : never;
  const add = (event: Unstamped) => {
    const stamped = { ...event, seq: recorded.length + 1 } as CallEvent;
    store.append(stamped);
    recorded.push(stamped);
  };
  add({ type: 'call.started', method: 'pkg.S.M', target: 'h:1', timeMs: 0 });
  add({ type: 'call.headers-received', metadata: [{ key: 'k', value: 'v' }], timeMs: 0.5 });
  // Like grpc-js's read buffers: small bodies arrive as views into a larger buffer that is reused later.
  const readBuffer = Buffer.alloc(64 * 1024);
  for (let i = 0; i < messages; i++) {
    const direction: MessageDirection = i % 5 === 0 ? 'sent' : 'received';
    const body = i % 2 === 0 ? Buffer.alloc(20 + (i % 13)) : readBuffer.subarray((i * 64) % 60_000, (i * 64) % 60_000 + 20 + (i % 13));
    body.fill(i % 251);
    body.writeUInt32LE(i, 0);
    const index = store.addBody(direction, body);
    add({ type: direction === 'sent' ? 'call.message-sent' : 'call.message-received', index, size: body.byteLength, timeMs: 1 + i / 3 });
    if (i % 4000 === 7) add({ type: 'call.trailers-received', metadata: [{ key: `n${i}`, value: 'ü' }], timeMs: 1 + i / 3 });
  }
  add({ type: 'call.ended', status: { code: 0, name: 'OK', message: '', details: [] }, timings: { totalMs: 9 }, timeMs: 9 });
  return recorded;
}

/** Every body reads back as `record` stored it: its message number, then that number's fill, in order. */
function expectBodies(store: ReturnType<typeof createSessionStore>, recorded: CallEvent[]): void {
  let last = -1;
  for (const event of recorded) {
    if (event.type !== 'call.message-sent' && event.type !== 'call.message-received') continue;
    const body = Buffer.from(store.body(event.type === 'call.message-sent' ? 'sent' : 'received', event.index)!);
    const i = body.readUInt32LE(0);
    const expected = Buffer.concat([body.subarray(0, 4), Buffer.alloc(20 + (i % 13) - 4, i % 251)]);
    // One expect per mismatch only: 30,000 matcher calls took seconds.
    if (!(i > last && body.equals(expected) && body.byteLength === event.size)) expect({ i, last, body, size: event.size }).toEqual({ i, last: '< i', body: expected, size: body.byteLength });
    last = i;
  }
}

function spillFiles(): string[] {
  return readdirSync(spillFolder());
}

describe('session store', () => {
  it('keeps a body that is nearly all of its buffer as it is, and copies one that is a view into a larger buffer', () => {
    const store = createSessionStore(limits(), () => undefined);
    // As grpc-js hands a message over: a view past the 5-byte frame header of a buffer of its own.
    const framed = Buffer.alloc(5 + 70_000, 7);
    const own = framed.subarray(5);
    // As a small message arrives: a view into a shared read buffer.
    const shared = Buffer.alloc(64 * 1024, 9).subarray(100, 200);
    const ownIndex = store.addBody('received', own);
    const sharedIndex = store.addBody('received', shared);
    expect(store.body('received', ownIndex)?.buffer).toBe(framed.buffer);
    const copied = store.body('received', sharedIndex)!;
    expect(copied.buffer).not.toBe(shared.buffer);
    expect(Buffer.from(copied)).toEqual(shared);
  });

  it('holds a unary-sized session as it is given, a view copied, and answers it whole', () => {
    const store = createSessionStore(limits(), () => undefined);
    const recorded = record(store, 2);
    // The events themselves, not records read back: nothing was made for them yet.
    for (const event of recorded) expect(store.event(event.seq)).toBe(event);
    expect(store.eventCount).toBe(recorded.length);
    expectBodies(store, recorded);
    const own = Buffer.alloc(5 + 300, 3).subarray(5);
    const shared = Buffer.alloc(64 * 1024, 4).subarray(1000, 1100);
    expect(store.body('sent', store.addBody('sent', own))?.buffer).toBe(own.buffer);
    const copied = store.body('received', store.addBody('received', shared))!;
    expect(copied.buffer).not.toBe(shared.buffer);
    expect(Buffer.from(copied)).toEqual(shared);
    expect(store.memoryBytes).toBeGreaterThanOrEqual(own.byteLength + shared.byteLength);
    const counts = [store.eventCount, store.messageCount('sent'), store.messageCount('received')];
    store.release();
    expect([store.event(1), store.body('sent', 0), store.keepsEvents, store.memoryBytes]).toEqual([undefined, undefined, false, 0]);
    // A cancelled call's last events come after the release: the counts go on where they were.
    expect([store.eventCount, store.messageCount('sent'), store.messageCount('received')]).toEqual(counts);
    store.append({ type: 'call.cancelled', seq: counts[0]! + 1, timeMs: 1 });
    expect(store.addBody('received', Buffer.alloc(3))).toBe(counts[2]);
    expect(store.eventCount).toBe(counts[0]);
  });

  it('grows into its chunked stores past a few events or bodies, keeping every index and byte, and spills whole', () => {
    for (const grow of ['no', 'events', 'bytes'] as const) {
      const store = createSessionStore(limits(), () => undefined);
      const recorded = record(store, 3);
      const big = Buffer.alloc(40 * 1024, 5);
      const bigIndex = grow === 'bytes' ? store.addBody('received', big) : undefined;
      const more = grow === 'events' ? record(store, 30) : [];
      for (const event of recorded) expect(store.event(event.seq)).toEqual(event);
      expectBodies(store, recorded);
      if (bigIndex !== undefined) expect(store.body('received', bigIndex)).toEqual(big);
      expect(store.eventCount).toBe(recorded.length + more.length);
      expect(store.memoryBytes).toBeGreaterThan(0);
      store.spillAll();
      expect(store.memoryBytes).toBe(0);
      for (const event of recorded) expect(store.event(event.seq)).toEqual(event);
      expectBodies(store, recorded);
      store.release();
    }
  });

  it('reads back every event and body by index, in memory and across the spill boundary', () => {
    const store = createSessionStore(limits(), () => undefined);
    const recorded = record(store, 30_000);
    expect(store.eventCount).toBe(recorded.length);
    expect(store.memoryBytes).toBeLessThan(2 * 1024 * 1024);
    // Every event, including those around each chunk boundary, reads back as recorded.
    for (const event of recorded) expect(store.event(event.seq)).toEqual(event);
    expect(store.event(0)).toBeUndefined();
    expect(store.event(recorded.length + 1)).toBeUndefined();
    expectBodies(store, recorded);
    // Message 1 of each direction, long spilled, still holds what was stored.
    const firstOf = (direction: MessageDirection) => Buffer.from(store.body(direction, 0)!).readUInt32LE(0);
    expect([firstOf('sent'), firstOf('received')]).toEqual([0, 1]);
    expect(store.body('received', store.messageCount('received'))).toBeUndefined();
    store.release();
  });

  it('reads every body back right when chunks go to disk as soon as they are delivered and their arenas are reused', () => {
    const store = createSessionStore(limits({ memoryBodyBytes: 0 }), () => undefined);
    const recorded: CallEvent[] = [];
    for (const event of record(store, 30_000)) {
      recorded.push(event);
      if (event.seq % 1000 === 0) store.delivered();
    }
    expectBodies(store, recorded);
    store.release();
  });

  it('keeps the chunk sealed last in memory until its batch is delivered, then spills it', () => {
    const store = createSessionStore(limits({ memoryBodyBytes: 0 }), () => undefined);
    const body = Buffer.alloc(100, 7);
    for (let i = 0; i < 4096; i++) store.addBody('received', body);
    const open = store.memoryBytes;
    store.addBody('received', body); // seals the first chunk: it is still announced in an undelivered batch
    expect(store.memoryBytes).toBeGreaterThanOrEqual(open + body.byteLength);
    store.delivered();
    expect(store.memoryBytes).toBeLessThan(open);
    expect(store.body('received', 0)).toEqual(body);
    store.release();
  });

  it('moves a finished session to disk on request and still reads it whole', () => {
    const store = createSessionStore(limits({ memoryEvents: 1_000_000, memoryBodyBytes: 1024 ** 3 }), () => undefined);
    const recorded = record(store, 5_000);
    expect(store.memoryBytes).toBeGreaterThan(100_000);
    store.spillAll();
    expect(store.memoryBytes).toBe(0);
    for (const event of recorded) expect(store.event(event.seq)).toEqual(event);
    expect(store.body('received', 3_999)!.byteLength).toBeGreaterThan(0);
    store.release();
  });

  it('deletes its spill files when released, and touches no disk while everything fits in memory', async () => {
    const before = new Set(spillFiles());
    const small = createSessionStore(limits(), () => undefined);
    record(small, 100);
    expect(spillFiles().filter((name) => !before.has(name))).toEqual([]);
    const store = createSessionStore(limits(), () => undefined);
    record(store, 20_000);
    const created = spillFiles().filter((name) => !before.has(name));
    expect(created.some((name) => name.endsWith('.events'))).toBe(true);
    expect(created.some((name) => name.includes('.bodies.'))).toBe(true);
    store.release();
    small.release();
    // What arrives after release (a cancelled call's last events) opens no file again.
    record(store, 20_000);
    await until(() => spillFiles().every((name) => before.has(name)), 'the spill files deleted');
  });

  it('says why and keeps every count when the spill file cannot be written', () => {
    const reasons: string[] = [];
    const bodies = createBodyStore({
      memoryBytes: 0,
      segmentBytes: 1024 ** 2,
      segmentPath: () => join(spillFolder(), 'no-such-folder', 'bodies'),
      space: createSpillSpace(1024 ** 3),
      onEvicted: (reason) => reasons.push(reason),
    });
    for (let i = 0; i < 10_000; i++) bodies.add('received', Buffer.alloc(100, i % 251));
    bodies.delivered();
    expect(reasons[0]).toMatch(/cannot write the spill file .*no-such-folder.*older message bodies were dropped/);
    expect(bodies.count('received')).toBe(10_000);
    expect(bodies.get('received', 1)).toBeUndefined();
    expect(bodies.get('received', 9_999)).toEqual(Buffer.alloc(100, 9_999 % 251));
    bodies.release();
  });

  it('drops the oldest bodies at the disk cap, says why, and keeps every event and count', () => {
    const reasons: string[] = [];
    const store = createSessionStore(limits({ segmentBytes: 64 * 1024, space: createSpillSpace(256 * 1024) }), (reason) => reasons.push(reason));
    const recorded = record(store, 40_000);
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons[0]).toMatch(/disk cap of .*oldest message bodies were dropped/);
    for (const event of recorded) expect(store.event(event.seq)).toEqual(event);
    expect(store.messageCount('sent') + store.messageCount('received')).toBe(40_000);
    expect(store.body('received', 1)).toBeUndefined();
    expect(store.body('received', store.messageCount('received') - 1)).toBeDefined();
    store.release();
  });
});
