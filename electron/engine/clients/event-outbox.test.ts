import { describe, expect, it } from 'vitest';
import type { FerryEvent } from '../../../shared/api';
import type { CallEvent } from '../../../shared/model';
import { until } from '../../../tests/kit/until';
import { coalesceEvents, createEventOutbox } from './event-outbox';

const message = (seq: number, type: 'call.message-sent' | 'call.message-received', size = 10): CallEvent => ({ type, seq, timeMs: seq, index: seq, size });
const batch = (callId: string, events: CallEvent[]): FerryEvent => ({ type: 'call.events', callId, events });

describe('event outbox', () => {
  it('coalesces message events into counts per call and keeps every other event, in order', () => {
    const headers: CallEvent = { type: 'call.headers-received', seq: 2, timeMs: 1, metadata: [] };
    const ended: CallEvent = { type: 'call.ended', seq: 6, timeMs: 5, status: { code: 0, name: 'OK', message: '', details: [] }, timings: {} };
    const evicted: FerryEvent = { type: 'call.evicted', callId: 'a', scope: 'bodies', reason: 'cap' };
    const coalesced = coalesceEvents([
      batch('a', [headers, message(3, 'call.message-received', 7)]),
      batch('b', [message(1, 'call.message-sent', 4)]),
      evicted,
      { type: 'call.events', callId: 'a', events: [message(5, 'call.message-received', 9), ended], skipped: { events: 1, sent: 1, received: 0, sentBytes: 2, receivedBytes: 0 } },
      batch('c', [ended]),
    ]);
    expect(coalesced).toEqual([
      { type: 'call.events', callId: 'a', events: [headers, ended], skipped: { events: 3, sent: 1, received: 2, sentBytes: 2, receivedBytes: 16 } },
      { type: 'call.events', callId: 'b', events: [], skipped: { events: 1, sent: 1, received: 0, sentBytes: 4, receivedBytes: 0 } },
      evicted,
      { type: 'call.events', callId: 'c', events: [ended] },
    ]);
  });

  it('holds events while the transport is behind, then delivers them coalesced; keeps up means one batch per turn', async () => {
    const delivered: FerryEvent[][] = [];
    let behind = false;
    const outbox = createEventOutbox({ deliver: (events) => delivered.push(events), isBehind: () => behind });
    outbox.push(batch('a', [message(1, 'call.message-received')]));
    outbox.push(batch('a', [message(2, 'call.message-received')]));
    await until(() => delivered.length === 1, 'the first batch');
    expect(delivered[0]).toHaveLength(2);
    behind = true;
    for (let seq = 3; seq < 1003; seq++) outbox.push(batch('a', [message(seq, 'call.message-received')]));
    await new Promise((resolve) => setImmediate(resolve));
    expect(delivered).toHaveLength(1);
    behind = false;
    await until(() => delivered.length === 2, 'the coalesced batch once caught up');
    expect(delivered[1]).toEqual([{ type: 'call.events', callId: 'a', events: [], skipped: { events: 1000, sent: 0, received: 1000, sentBytes: 0, receivedBytes: 10_000 } }]);
    outbox.close();
  });

  it('gives a transport that takes batches at most 1,024 call events in one, then the rest of the turn, in order', async () => {
    const delivered: FerryEvent[][] = [];
    const outbox = createEventOutbox({ deliver: (events) => delivered.push(events), isBehind: () => false });
    const slices = Array.from({ length: 5 }, (_, s) => batch('a', Array.from({ length: 256 }, (_, i) => message(s * 256 + i + 1, 'call.message-received'))));
    for (const slice of slices) outbox.push(slice);
    expect(delivered).toEqual([slices.slice(0, 4)]);
    await until(() => delivered.length === 2, 'the rest of the turn');
    expect(delivered[1]).toEqual([slices[4]]);
    outbox.close();
  });

  it('hands an event to a transport that sends each on its own at once, and never ahead of events still waiting', async () => {
    const delivered: FerryEvent[][] = [];
    let behind = false;
    const outbox = createEventOutbox({ deliver: (events) => delivered.push(events), isBehind: () => behind, sendsEachEvent: true });
    outbox.push(batch('a', [message(1, 'call.message-received')]));
    expect(delivered).toEqual([[batch('a', [message(1, 'call.message-received')])]]);
    behind = true;
    outbox.push(batch('a', [message(2, 'call.message-received')]));
    behind = false;
    outbox.push(batch('a', [message(3, 'call.message-received')]));
    expect(delivered).toHaveLength(1);
    await until(() => delivered.length === 2, 'the waiting events');
    expect(delivered[1]).toEqual([batch('a', [message(2, 'call.message-received')]), batch('a', [message(3, 'call.message-received')])]);
    outbox.close();
  });
});
