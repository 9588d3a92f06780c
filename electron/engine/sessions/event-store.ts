/**
 * A session's events: the newest few chunks in memory, older chunks in an append-only spill file with one
 * offset pair per chunk in memory, so memory stays flat however long the stream runs. Events are never dropped.
 */
import type { CallEvent } from '../../../shared/model';
import { trace } from '../diagnostics/trace';
import { decodeEvents, encodeEvents } from './event-records';
import type { SpillFile } from './spill-file';

export const EVENT_CHUNK = 4096;

export interface EventStore {
  readonly count: number;
  append(event: CallEvent): void;
  /** The event with this sequence number (from 1), or undefined past the end. */
  get(seq: number): CallEvent | undefined;
  /** Events held in memory (for the memory accounting of finished sessions). */
  readonly inMemory: number;
  /** Writes every event held in memory to the spill file; for finished sessions (no event may follow). */
  spillAll(): void;
}

export function createEventStore(file: () => SpillFile, memoryEvents: number): EventStore {
  const chunks: (CallEvent[] | undefined)[] = [[]];
  // Where each spilled chunk lies in the file: [offset, length] at 2 * chunk number.
  const spilled: number[] = [];
  let count = 0;
  let inMemory = 0;
  let oldestInMemory = 0;
  let cached: { chunk: number; events: CallEvent[] } | undefined;
  const keepChunks = Math.max(1, Math.ceil(memoryEvents / EVENT_CHUNK));

  function spillChunk(number: number): boolean {
    const events = chunks[number]!;
    try {
      const bytes = encodeEvents(events);
      spilled[2 * number] = file().append([bytes]);
      spilled[2 * number + 1] = bytes.byteLength;
    } catch (reason) {
      // Without a spill file the events stay in memory: exact events matter more than a flat memory line.
      trace('session', `cannot spill events: ${(reason as Error).message}`);
      return false;
    }
    chunks[number] = undefined;
    inMemory -= events.length;
    return true;
  }

  function spillOverflow(): void {
    const open = chunks.length - 1;
    while (open - oldestInMemory >= keepChunks && spillChunk(oldestInMemory)) oldestInMemory++;
  }

  function load(number: number): CallEvent[] {
    if (cached?.chunk === number) return cached.events;
    const bytes = file().read(spilled[2 * number]!, spilled[2 * number + 1]!);
    cached = { chunk: number, events: decodeEvents(bytes, number * EVENT_CHUNK + 1) };
    return cached.events;
  }

  return {
    get count() {
      return count;
    },
    get inMemory() {
      return inMemory;
    },
    append(event) {
      const open = chunks[chunks.length - 1]!;
      open.push(event);
      count++;
      inMemory++;
      if (open.length < EVENT_CHUNK) return;
      chunks.push([]);
      spillOverflow();
    },
    get(seq) {
      if (!(seq >= 1 && seq <= count)) return undefined;
      const number = Math.floor((seq - 1) / EVENT_CHUNK);
      const events = chunks[number] ?? load(number);
      return events[(seq - 1) % EVENT_CHUNK];
    },
    spillAll() {
      const last = chunks.length - 1;
      while (oldestInMemory <= last && chunks[oldestInMemory]!.length > 0 && spillChunk(oldestInMemory)) oldestInMemory++;
    },
  };
}
