import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../../shared/model';
import { decodeEvents, EventRecords } from './event-records';

const message = (seq: number, i: number): CallEvent => ({
  type: i % 3 === 0 ? 'call.message-sent' : 'call.message-received',
  seq,
  timeMs: seq / 7,
  index: i,
  size: 100 + i,
});

function fill(records: EventRecords, firstSeq: number, count: number): CallEvent[] {
  const events: CallEvent[] = [];
  for (let i = 0; i < count; i++) {
    const seq = firstSeq + i;
    const event: CallEvent =
      i % 500 === 1
        ? { type: 'call.trailers-received', seq, timeMs: seq, metadata: [{ key: `k${i}`, value: 'ü ✓' }] }
        : message(seq, i);
    records.add(event);
    events.push(event);
  }
  return events;
}

describe('event records', () => {
  it('reads back every event as added, message events rebuilt from their records and others as they were', () => {
    const records = new EventRecords(11, 4096);
    const events = fill(records, 11, 1500);
    expect(records.length).toBe(1500);
    expect(records.full).toBe(false);
    events.forEach((event, i) => expect(records.get(i)).toEqual(event));
    expect(records.get(1)).toBe(events[1]);
    expect(records.get(-1)).toBeUndefined();
    expect(records.get(1500)).toBeUndefined();
  });

  it('encodes to the spill format that decodes to the same events, with and without other events', () => {
    const mixed = new EventRecords(1, 4096);
    const events = fill(mixed, 1, 4096);
    expect(mixed.full).toBe(true);
    expect(decodeEvents(mixed.encode(), 1)).toEqual(events);
    const messagesOnly = new EventRecords(5, 64);
    const plain = Array.from({ length: 64 }, (_, i) => message(5 + i, i));
    plain.forEach((event) => messagesOnly.add(event));
    expect(decodeEvents(messagesOnly.encode(), 5)).toEqual(plain);
  });

  it('starts small for a short call and hands its buffer on only at full size', () => {
    const short = new EventRecords(1, 4096);
    fill(short, 1, 8);
    expect(short.memoryBytes).toBeLessThan(1024);
    expect(short.takeBuffer()).toBeUndefined();
    const full = new EventRecords(1, 4096);
    fill(full, 1, 4096);
    const spare = full.takeBuffer()!;
    const next = new EventRecords(4097, 4096, spare);
    const events = fill(next, 4097, 4096);
    events.forEach((event, i) => expect(next.get(i)).toEqual(event));
  });
});
