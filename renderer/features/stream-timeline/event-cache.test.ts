import { describe, expect, it } from 'vitest';
import type { PagedEvent } from '../../../shared/api';
import { createEventCache } from './event-cache';

const event = (seq: number): PagedEvent => ({ type: 'call.message-received', seq, timeMs: seq, index: seq - 1, size: 1 });

describe('createEventCache', () => {
  it('keeps at most its limit, dropping the least recently used', () => {
    const cache = createEventCache(3);
    cache.put([event(1), event(2), event(3)]);
    expect(cache.get(1)?.seq).toBe(1); // 1 is now the most recent
    cache.put([event(4)]);
    expect(cache.size).toBe(3);
    expect(cache.has(2)).toBe(false);
    expect([1, 3, 4].every((seq) => cache.has(seq))).toBe(true);
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
