/**
 * A session's events: the newest few chunks in memory as records (event-records.ts), older chunks in an
 * append-only spill file with one offset pair per chunk in memory, so memory stays flat however long the
 * stream runs. Events are never dropped.
 */
import type { CallEvent } from '../../../shared/model';
import { trace } from '../diagnostics/trace';
import { decodeEvents, EventRecords } from './event-records';
import type { SpillFile } from './spill-file';

export const EVENT_CHUNK = 4096;

export interface EventStore {
  readonly count: number;
  append(event: CallEvent): void;
  /** The event with this sequence number (from 1), or undefined past the end. */
  get(seq: number): CallEvent | undefined;
  /** Bytes the events held in memory take (for the memory accounting of finished sessions). */
  readonly memoryBytes: number;
  /** Writes every event held in memory to the spill file; for finished sessions (no event may follow). */
  spillAll(): void;
}

export function createEventStore(file: () => SpillFile, memoryEvents: number): EventStore {
  return new ChunkedEventStore(file, memoryEvents);
}

// A class, not an object literal with getters: V8 keeps such literals as dictionary-mode objects, several
// hundred bytes each and slower to read, and one store is made per call (see docs/PERFORMANCE.md).
class ChunkedEventStore implements EventStore {
  private readonly chunks: (EventRecords | undefined)[] = [new EventRecords(1, EVENT_CHUNK)];
  // Where each spilled chunk lies in the file: [offset, length] at 2 * chunk number.
  private readonly spilled: number[] = [];
  private eventCount = 0;
  private oldestInMemory = 0;
  private cached: { chunk: number; events: CallEvent[] } | undefined;
  // The records buffer of the chunk spilled last, for the next chunk: a long stream reuses a few buffers.
  private spare: Buffer | undefined;
  private readonly keepChunks: number;

  constructor(
    private readonly file: () => SpillFile,
    memoryEvents: number,
  ) {
    this.keepChunks = Math.max(1, Math.ceil(memoryEvents / EVENT_CHUNK));
  }

  get count(): number {
    return this.eventCount;
  }

  get memoryBytes(): number {
    let bytes = 0;
    for (let i = this.oldestInMemory; i < this.chunks.length; i++) bytes += this.chunks[i]?.memoryBytes ?? 0;
    return bytes;
  }

  append(event: CallEvent): void {
    const open = this.chunks[this.chunks.length - 1]!;
    open.add(event);
    this.eventCount++;
    if (!open.full) return;
    this.chunks.push(new EventRecords(this.eventCount + 1, EVENT_CHUNK, this.spare));
    this.spare = undefined;
    this.spillOverflow();
  }

  get(seq: number): CallEvent | undefined {
    if (!(seq >= 1 && seq <= this.eventCount)) return undefined;
    const number = Math.floor((seq - 1) / EVENT_CHUNK);
    const chunk = this.chunks[number];
    return chunk ? chunk.get((seq - 1) % EVENT_CHUNK) : this.load(number)[(seq - 1) % EVENT_CHUNK];
  }

  spillAll(): void {
    const last = this.chunks.length - 1;
    while (this.oldestInMemory <= last && this.chunks[this.oldestInMemory]!.length > 0 && this.spillChunk(this.oldestInMemory)) this.oldestInMemory++;
  }

  private spillChunk(number: number): boolean {
    const chunk = this.chunks[number]!;
    try {
      const bytes = chunk.encode();
      this.spilled[2 * number] = this.file().append([bytes]);
      this.spilled[2 * number + 1] = bytes.byteLength;
    } catch (reason) {
      // Without a spill file the events stay in memory: exact events matter more than a flat memory line.
      trace('session', `cannot spill events: ${(reason as Error).message}`);
      return false;
    }
    this.chunks[number] = undefined;
    // Written synchronously, so the records may be overwritten now.
    this.spare = chunk.takeBuffer();
    return true;
  }

  private spillOverflow(): void {
    const open = this.chunks.length - 1;
    while (open - this.oldestInMemory >= this.keepChunks && this.spillChunk(this.oldestInMemory)) this.oldestInMemory++;
  }

  private load(number: number): CallEvent[] {
    if (this.cached?.chunk === number) return this.cached.events;
    const bytes = this.file().read(this.spilled[2 * number]!, this.spilled[2 * number + 1]!);
    this.cached = { chunk: number, events: decodeEvents(bytes, number * EVENT_CHUNK + 1) };
    return this.cached.events;
  }
}
