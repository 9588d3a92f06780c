import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../../shared/model';
import { until } from '../../../tests/kit/until';
import { createSessionRecorder, DEFAULT_BATCH_INTERVAL_MS } from './session-recorder';
import { createSessionStore, createTransientStore } from './session-store';
import { createSpillSpace } from './spill-space';

const keep = () => createSessionStore({ memoryEvents: 100_000, memoryBodyBytes: 1 << 20, segmentBytes: 1 << 20, space: createSpillSpace(1 << 30) }, () => undefined);

describe('session recorder', () => {
  it('stamps sequence numbers and monotonic times', () => {
    let clock = 100;
    const log = createSessionRecorder({ store: keep(), now: () => clock });
    log.record({ type: 'call.started', method: 'm', target: 't' });
    clock = 105.5;
    log.record({ type: 'call.half-closed' });
    expect([log.event(1), log.event(2), log.event(3)]).toEqual([
      { type: 'call.started', method: 'm', target: 't', seq: 1, timeMs: 0 },
      { type: 'call.half-closed', seq: 2, timeMs: 5.5 },
      undefined,
    ]);
  });

  it('delivers events in one batch per event-loop turn once the first interval has passed, in slices of 256', async () => {
    const batches: CallEvent[][] = [];
    const log = createSessionRecorder({ store: keep(), onEvents: (events) => batches.push(events), batchIntervalMs: 5 });
    await new Promise((r) => setTimeout(r, 10));
    for (let i = 0; i < 1000; i++) log.record({ type: 'call.message-received', index: i, size: 1 });
    expect(batches).toHaveLength(0);
    await new Promise((r) => setImmediate(r));
    expect(batches.map((b) => b.length)).toEqual([256, 256, 256, 232]);
    expect(batches.flat().map((e) => e.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    log.record({ type: 'call.half-closed' });
    log.flush();
    expect(batches).toHaveLength(5);
  });

  it('reads each slice of a batch back from the store only once the slice before has been handed on', () => {
    const steps: string[] = [];
    const store = keep();
    const read = store.event.bind(store);
    store.event = (seq) => (steps.push(`read ${seq}`), read(seq));
    const log = createSessionRecorder({ store, onEvents: (events) => steps.push(`handed ${events[0]!.seq}-${events.at(-1)!.seq}`), batchIntervalMs: 50 });
    for (let i = 0; i < 600; i++) log.record({ type: 'call.message-received', index: i, size: 1 });
    log.flush();
    const handed = steps.filter((step) => step.startsWith('handed'));
    expect(handed).toEqual(['handed 1-256', 'handed 257-512', 'handed 513-600']);
    expect(steps.indexOf('read 257')).toBe(steps.indexOf('handed 1-256') + 1);
    expect(steps.indexOf('read 513')).toBe(steps.indexOf('handed 257-512') + 1);
  });

  it('delivers what was recorded, read back from the store, and after the store is released the events as they come', () => {
    const batches: CallEvent[][] = [];
    const store = keep();
    const log = createSessionRecorder({ store, onEvents: (events) => batches.push(events), batchIntervalMs: 50 });
    const recorded = [
      log.record({ type: 'call.started', method: 'm', target: 't' }),
      ...Array.from({ length: 5000 }, (_, i) => log.record({ type: 'call.message-received', index: i, size: 10 + i })),
      log.record({ type: 'call.cancelled' }),
    ];
    log.flush();
    expect(batches.flat()).toEqual(recorded);
    expect(batches.map((b) => b.length)).toEqual([...Array.from({ length: 19 }, () => 256), 138]);
    store.release();
    batches.length = 0;
    const late = Array.from({ length: 300 }, (_, i) => log.record({ type: 'call.message-received', index: 5000 + i, size: 1 }));
    late.push(log.record({ type: 'call.ended', status: { code: 1, name: 'CANCELLED', message: '', details: [] }, timings: {} }));
    log.flush();
    expect(batches).toEqual([late.slice(0, 256), late.slice(256)]);
  });

  it('holds the first batch for one interval after the start, so a call that ends sooner is one batch', async () => {
    const batches: CallEvent[][] = [];
    const log = createSessionRecorder({ store: keep(), onEvents: (events) => batches.push(events), batchIntervalMs: 200 });
    log.record({ type: 'call.started', method: 'm', target: 't' });
    log.record({ type: 'call.message-sent', index: 0, size: 1 });
    await new Promise((r) => setImmediate(r));
    expect(batches).toHaveLength(0);
    log.record({ type: 'call.message-received', index: 0, size: 1 });
    log.flush();
    expect(batches.map((b) => b.map((e) => e.type))).toEqual([['call.started', 'call.message-sent', 'call.message-received']]);
  });

  it('paces batches under load, the first one interval after the start', async () => {
    const batches: CallEvent[][] = [];
    // Resolved in the delivery itself: polling for it could notice the batch later than the interval, and the
    // next record would then rightly leave at once.
    let firstDelivered: () => void = () => undefined;
    const first = new Promise<void>((resolve) => (firstDelivered = resolve));
    const log = createSessionRecorder({ store: keep(), onEvents: (events) => (batches.push(events), firstDelivered()), batchIntervalMs: 200 });
    log.record({ type: 'call.half-closed' });
    await new Promise((r) => setImmediate(r));
    expect(batches).toHaveLength(0);
    await first;
    log.record({ type: 'call.half-closed' });
    await new Promise((r) => setImmediate(r));
    log.record({ type: 'call.half-closed' });
    await new Promise((r) => setImmediate(r));
    expect(batches).toHaveLength(1);
    await until(() => batches.length === 2, 'the paced second batch');
    expect(batches.map((b) => b.length)).toEqual([1, 2]);
  });

  it('unpaced (batchIntervalMs 0, the CLI) delivers each turn its own batch in that turn', async () => {
    const batches: CallEvent[][] = [];
    const log = createSessionRecorder({ store: keep(), onEvents: (events) => batches.push(events), batchIntervalMs: 0 });
    for (let turn = 1; turn <= 3; turn++) {
      log.record({ type: 'call.message-received', index: 2 * turn, size: 1 });
      log.record({ type: 'call.message-received', index: 2 * turn + 1, size: 1 });
      await new Promise((r) => setImmediate(r));
      expect(batches).toHaveLength(turn);
    }
    expect(batches.map((b) => b.length)).toEqual([2, 2, 2]);
  });

  it('unpaced, holds the caller-side events of a start until the server answers, then sends them in one batch', async () => {
    const batches: CallEvent[][] = [];
    const log = createSessionRecorder({ store: createTransientStore(), onEvents: (events) => batches.push(events), batchIntervalMs: 0 });
    log.record({ type: 'call.started', method: 'acme.Svc.Get', target: 'localhost:1' });
    log.record({ type: 'call.message-sent', index: log.storeMessage('sent', Uint8Array.of(1)), size: 1 });
    log.record({ type: 'call.half-closed' });
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(batches).toHaveLength(0);
    expect(log.messageBytes('sent', 0)).toEqual(Uint8Array.of(1));
    log.record({ type: 'call.message-received', index: log.storeMessage('received', Uint8Array.of(9)), size: 1 });
    await new Promise((r) => setImmediate(r));
    expect(batches.map((b) => b.map((e) => e.type))).toEqual([['call.started', 'call.message-sent', 'call.half-closed', 'call.message-received']]);
    log.record({ type: 'call.message-sent', index: log.storeMessage('sent', Uint8Array.of(2)), size: 1 });
    log.flush();
    expect(batches.map((b) => b.length)).toEqual([4, 1]);
  });

  it('unpaced, lets response headers wait a batch interval for the message that follows, but no longer', async () => {
    const batches: CallEvent[][] = [];
    const log = createSessionRecorder({ store: createTransientStore(), onEvents: (events) => batches.push(events), batchIntervalMs: 0 });
    log.record({ type: 'call.started', method: 'acme.Svc.Get', target: 'localhost:1' });
    log.record({ type: 'call.headers-received', metadata: [] });
    await new Promise((r) => setImmediate(r));
    expect(batches).toHaveLength(0);
    log.record({ type: 'call.message-received', index: log.storeMessage('received', Uint8Array.of(1)), size: 1 });
    await new Promise((r) => setImmediate(r));
    expect(batches.map((b) => b.map((e) => e.type))).toEqual([['call.started', 'call.headers-received', 'call.message-received']]);

    const streamed: CallEvent[][] = [];
    const slow = createSessionRecorder({ store: createTransientStore(), onEvents: (events) => streamed.push(events), batchIntervalMs: 0 });
    slow.record({ type: 'call.started', method: 'acme.Svc.Watch', target: 'localhost:1' });
    const waited = performance.now();
    slow.record({ type: 'call.headers-received', metadata: [{ key: 'x-shard', value: '7' }] });
    await until(() => streamed.length === 1, 'the headers of a stream whose first message is slow');
    expect(performance.now() - waited).toBeGreaterThanOrEqual(DEFAULT_BATCH_INTERVAL_MS - 1);
    expect(streamed[0]!.map((e) => e.type)).toEqual(['call.started', 'call.headers-received']);
  });

  it('unpaced, lets the one response of a single-response method wait for the end, but no longer than an interval', async () => {
    const batches: CallEvent[][] = [];
    const unary = createSessionRecorder({ store: createTransientStore(), onEvents: (events) => batches.push(events), batchIntervalMs: 0, singleResponse: true });
    unary.record({ type: 'call.started', method: 'acme.Svc.Get', target: 'localhost:1' });
    unary.record({ type: 'call.message-received', index: unary.storeMessage('received', Uint8Array.of(1)), size: 1 });
    await new Promise((r) => setImmediate(r));
    expect(batches).toHaveLength(0);
    // As the call session ends a call: trailers, the end and a flush, in one go.
    unary.record({ type: 'call.trailers-received', metadata: [] });
    unary.record({ type: 'call.ended', status: { code: 0, name: 'OK', message: '', details: [] }, timings: {} });
    unary.flush();
    expect(batches.map((b) => b.map((e) => e.type))).toEqual([['call.started', 'call.message-received', 'call.trailers-received', 'call.ended']]);

    const late: CallEvent[][] = [];
    const slow = createSessionRecorder({ store: createTransientStore(), onEvents: (events) => late.push(events), batchIntervalMs: 0, singleResponse: true });
    slow.record({ type: 'call.message-received', index: slow.storeMessage('received', Uint8Array.of(2)), size: 1 });
    await until(() => late.length === 1, 'the response of a call whose status is slow');
  });

  it('unpaced, still lets caller-side events leave every 64, so a long client stream holds few', () => {
    const batches: CallEvent[][] = [];
    const log = createSessionRecorder({ store: createTransientStore(), onEvents: (events) => batches.push(events), batchIntervalMs: 0 });
    for (let i = 0; i < 150; i++) log.record({ type: 'call.message-sent', index: log.storeMessage('sent', Uint8Array.of(i)), size: 1 });
    expect(batches.map((b) => b.length)).toEqual([64, 64]);
    expect(log.messageBytes('sent', 127)).toBeUndefined();
    expect(log.messageBytes('sent', 128)).toEqual(Uint8Array.of(128));
  });

  it('unpaced, lets a batch leave at once when it reaches 64 events, so a busy turn holds few alive', async () => {
    const batches: CallEvent[][] = [];
    const log = createSessionRecorder({ store: keep(), onEvents: (events) => batches.push(events), batchIntervalMs: 0 });
    for (let i = 0; i < 150; i++) log.record({ type: 'call.message-received', index: i, size: 1 });
    expect(batches.map((b) => b.length)).toEqual([64, 64]);
    await new Promise((r) => setImmediate(r));
    expect(batches.map((b) => b.length)).toEqual([64, 64, 22]);
    expect(batches.flat().map((e) => e.seq)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
  });

  it('with a transient store keeps counts and only the bodies of the batch not yet delivered', async () => {
    const batches: CallEvent[][] = [];
    const log = createSessionRecorder({ store: createTransientStore(), onEvents: (events) => batches.push(events) });
    const index = log.storeMessage('received', Uint8Array.of(1, 2, 3));
    log.record({ type: 'call.message-received', index, size: 3 });
    expect(log.messageBytes('received', 0)).toEqual(Uint8Array.of(1, 2, 3));
    log.flush();
    expect(batches).toHaveLength(1);
    expect(log.messageBytes('received', 0)).toBeUndefined();
    expect(log.event(1)).toBeUndefined();
    expect([log.eventCount, log.messageCount('received')]).toEqual([1, 1]);
  });
});
