import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../shared/model';
import { createRecentEvents } from './recent-events';

const event = (seq: number): CallEvent => ({ type: 'call.message-received', seq, timeMs: seq, index: seq - 1, size: 1 });

describe('createRecentEvents', () => {
  it('holds the newest `capacity` seqs, and no more slots than that', () => {
    const recent = createRecentEvents(4);
    for (let seq = 1; seq <= 10; seq++) recent.put(event(seq));
    expect(recent.size).toBe(4);
    expect(recent.newestSeq).toBe(10);
    expect([6, 7, 8, 9, 10, 11].map((seq) => recent.get(seq)?.seq)).toEqual([undefined, 7, 8, 9, 10, undefined]);
  });

  it('leaves holes where events were skipped, never answering with an older event in the slot', () => {
    const recent = createRecentEvents(4);
    recent.put(event(1));
    recent.put(event(2));
    recent.put(event(6)); // 3…5 were skipped; slot of 6 is the slot of 2
    expect(recent.get(2)).toBeUndefined();
    expect(recent.get(5)).toBeUndefined();
    expect(recent.get(6)?.seq).toBe(6);
    expect(recent.size).toBe(2);
  });
});
