import type { EventQuery } from '../../../shared/api';
import type { FerryError } from '../../../shared/errors';
import { createEventCache, type EventCache } from './event-cache';
import type { ReadEvents } from './filter-scan';

export interface RowPager {
  /** What was read, by seq (bounded). */
  readonly cache: EventCache;
  /** The last read's failure, until a read succeeds. */
  readonly error: FerryError | undefined;
  /** Asks for these events; the newest wish wins over one not yet sent. */
  want(query: EventQuery): void;
  /** Called when a read has put events in the cache (or failed). */
  subscribe(listener: () => void): () => void;
  /** Forgets everything read (the engine dropped bodies: rows must be read again). */
  reset(): void;
  dispose(): void;
}

export interface RowPagerOptions {
  /** Wait this long after the first wish before reading, so a fast scroll asks once where it stops. */
  delayMs?: number;
  cacheLimit?: number;
}

/**
 * Reads the rows in view from the engine: one read in flight at a time, at most one waiting (the latest
 * wish), a short delay before each, and the same query never twice in a row.
 */
export function createRowPager(read: ReadEvents, options: RowPagerOptions = {}): RowPager {
  const delayMs = options.delayMs ?? 60;
  const cache = createEventCache(options.cacheLimit ?? 3_000);
  const listeners = new Set<() => void>();
  let wanted: EventQuery | undefined;
  let lastKey: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight = false;
  let disposed = false;
  let error: FerryError | undefined;

  const schedule = () => {
    if (timer === undefined && !inFlight && wanted !== undefined && !disposed) timer = setTimeout(fire, delayMs);
  };

  async function fire(): Promise<void> {
    timer = undefined;
    const query = wanted;
    wanted = undefined;
    if (!query || disposed) return;
    const key = JSON.stringify(query);
    if (key === lastKey) return schedule();
    inFlight = true;
    const answer = await read(query);
    inFlight = false;
    if (disposed) return;
    lastKey = key;
    if (answer.ok) {
      cache.put(answer.value.events);
      error = undefined;
    } else error = answer.error;
    listeners.forEach((listener) => listener());
    schedule();
  }

  return {
    cache,
    get error() {
      return error;
    },
    want(query) {
      wanted = query;
      schedule();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reset() {
      cache.clear();
      lastKey = undefined;
    },
    dispose() {
      disposed = true;
      if (timer !== undefined) clearTimeout(timer);
      listeners.clear();
    },
  };
}
