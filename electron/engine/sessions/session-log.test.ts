import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../../shared/model';
import { createSessionLog } from './session-log';

describe('session log', () => {
  it('stamps sequence numbers and monotonic times', () => {
    let clock = 100;
    const log = createSessionLog({ now: () => clock });
    log.record({ type: 'call.started', method: 'm', target: 't' });
    clock = 105.5;
    log.record({ type: 'call.half-closed' });
    expect(log.events()).toEqual([
      { type: 'call.started', method: 'm', target: 't', seq: 1, timeMs: 0 },
      { type: 'call.half-closed', seq: 2, timeMs: 5.5 },
    ]);
  });

  it('delivers events in one batch per event-loop turn', async () => {
    const batches: CallEvent[][] = [];
    const log = createSessionLog({ onEvents: (events) => batches.push(events) });
    for (let i = 0; i < 1000; i++) log.record({ type: 'call.message-received', index: i, size: 1 });
    expect(batches).toHaveLength(0);
    await new Promise((r) => setImmediate(r));
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(1000);
    log.record({ type: 'call.half-closed' });
    log.flush();
    expect(batches).toHaveLength(2);
  });

  it('paces batches under load and delivers the first one at once', async () => {
    const batches: CallEvent[][] = [];
    const log = createSessionLog({ onEvents: (events) => batches.push(events), batchIntervalMs: 50 });
    log.record({ type: 'call.half-closed' });
    await new Promise((r) => setImmediate(r));
    expect(batches).toHaveLength(1);
    log.record({ type: 'call.half-closed' });
    await new Promise((r) => setImmediate(r));
    log.record({ type: 'call.half-closed' });
    await new Promise((r) => setImmediate(r));
    expect(batches).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 60));
    expect(batches.map((b) => b.length)).toEqual([1, 2]);
  });

  it('bounds retained bodies by dropping the oldest', () => {
    const log = createSessionLog({ maxRetainedBytes: 250 });
    for (let i = 0; i < 5; i++) log.storeMessage(i % 2 ? 'sent' : 'received', new Uint8Array(100).fill(i));
    expect(log.retainedBytes).toBe(200);
    expect(log.messageBytes('received', 0)).toBeUndefined();
    expect(log.messageBytes('sent', 0)).toBeUndefined();
    expect(log.messageBytes('sent', 1)?.[0]).toBe(3);
    expect(log.messageBytes('received', 2)?.[0]).toBe(4);
    expect(log.messageCount('received')).toBe(3);
  });

  it('keeps a single message larger than the bound', () => {
    const log = createSessionLog({ maxRetainedBytes: 10 });
    log.storeMessage('received', new Uint8Array(50));
    expect(log.messageBytes('received', 0)?.byteLength).toBe(50);
  });
});
