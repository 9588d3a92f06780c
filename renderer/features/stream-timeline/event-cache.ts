import type { PagedEvent } from '../../../shared/api';

/** Events read back from the engine, by seq; the least recently used go first past `limit`. */
export interface EventCache {
  get(seq: number): PagedEvent | undefined;
  has(seq: number): boolean;
  put(events: readonly PagedEvent[]): void;
  clear(): void;
  readonly size: number;
}

export function createEventCache(limit: number): EventCache {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const events = new Map<number, PagedEvent>();
  return {
    get(seq) {
      const event = events.get(seq);
      if (event) {
        events.delete(seq);
        events.set(seq, event);
      }
      return event;
    },
    has: (seq) => events.has(seq),
    put(batch) {
      for (const event of batch) {
        events.delete(event.seq);
        events.set(event.seq, event);
      }
      for (const seq of events.keys()) {
        if (events.size <= limit) break;
        events.delete(seq);
      }
    },
    clear: () => events.clear(),
    get size() {
      return events.size;
    },
  };
}
