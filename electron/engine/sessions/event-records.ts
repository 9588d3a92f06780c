/**
 * Events as records, the same in memory and in the spill file. Message events, nearly all of a long stream,
 * take 17 bytes (kind, time, index, size; the sequence number is implied by the position). In memory the rare
 * other events stay objects, their record pointing at them; in the spill file they are JSON.
 *
 * Why records in memory too: an event object lives as long as the in-memory window, so every one outlived the
 * young generation and was promoted, ~64 bytes per message of old-space garbage that set how high the heap
 * climbed before each full GC (see docs/PERFORMANCE.md, "Long streams").
 */
import type { CallEvent } from '../../../shared/model';

const JSON_EVENT = 0;
const SENT = 1;
const RECEIVED = 2;
const RECORD = 1 + 8 + 4 + 4;
/** Records the first buffer of a block holds: a unary call's events fit, in a slice of Node's buffer pool. */
const FIRST_RECORDS = 16;
/** A rough size of an event kept as an object, for memory accounting only. */
export const OBJECT_EVENT_BYTES = 160;

type MessageEvent = Extract<CallEvent, { type: 'call.message-sent' | 'call.message-received' }>;

function messageEvent(kind: number, seq: number, bytes: Buffer, at: number): MessageEvent {
  return {
    type: kind === SENT ? 'call.message-sent' : 'call.message-received',
    seq,
    timeMs: bytes.readDoubleLE(at + 1),
    index: bytes.readUInt32LE(at + 9),
    size: bytes.readUInt32LE(at + 13),
  };
}

/** A block of up to `capacity` consecutive events of one session, held in memory as records. */
export class EventRecords {
  private bytes: Buffer;
  private used = 0;
  private others: CallEvent[] | undefined;

  /** `spare`: the buffer of a block already spilled, reused at its full size. */
  constructor(
    private readonly firstSeq: number,
    private readonly capacity: number,
    spare?: Buffer,
  ) {
    this.bytes = spare ?? Buffer.allocUnsafe(RECORD * Math.min(FIRST_RECORDS, capacity));
  }

  get length(): number {
    return this.used;
  }

  get full(): boolean {
    return this.used === this.capacity;
  }

  /** Bytes held, for memory accounting. */
  get memoryBytes(): number {
    return this.bytes.byteLength + OBJECT_EVENT_BYTES * (this.others?.length ?? 0);
  }

  add(event: CallEvent): void {
    if ((this.used + 1) * RECORD > this.bytes.byteLength) this.grow();
    const at = this.used++ * RECORD;
    if (event.type === 'call.message-sent' || event.type === 'call.message-received') {
      this.bytes[at] = event.type === 'call.message-sent' ? SENT : RECEIVED;
      this.bytes.writeDoubleLE(event.timeMs, at + 1);
      this.bytes.writeUInt32LE(event.index, at + 9);
      this.bytes.writeUInt32LE(event.size, at + 13);
      return;
    }
    this.others ??= [];
    this.bytes[at] = JSON_EVENT;
    this.bytes.writeUInt32LE(this.others.length, at + 9);
    this.others.push(event);
  }

  /** The event at position `i` of the block. */
  get(i: number): CallEvent | undefined {
    if (!(i >= 0 && i < this.used)) return undefined;
    const at = i * RECORD;
    const kind = this.bytes[at]!;
    return kind === JSON_EVENT ? this.others![this.bytes.readUInt32LE(at + 9)] : messageEvent(kind, this.firstSeq + i, this.bytes, at);
  }

  /** The block in the spill format. Without other events it is the records themselves, not a copy. */
  encode(): Buffer {
    const records = this.bytes.subarray(0, this.used * RECORD);
    if (!this.others) return records;
    const texts = this.others.map((event) => JSON.stringify(event));
    const total = records.byteLength + texts.reduce((sum, text) => sum + 5 - RECORD + Buffer.byteLength(text), 0);
    const out = Buffer.allocUnsafe(total);
    let to = 0;
    for (let from = 0; from < records.byteLength; from += RECORD) {
      if (records[from] !== JSON_EVENT) {
        to += records.copy(out, to, from, from + RECORD);
        continue;
      }
      out[to] = JSON_EVENT;
      const length = out.write(texts[records.readUInt32LE(from + 9)]!, to + 5);
      out.writeUInt32LE(length, to + 1);
      to += 5 + length;
    }
    return out;
  }

  /** The block's buffer when it has room for a whole block, for the next block once this one is written out. */
  takeBuffer(): Buffer | undefined {
    return this.bytes.byteLength === RECORD * this.capacity ? this.bytes : undefined;
  }

  private grow(): void {
    const bigger = Buffer.allocUnsafe(RECORD * Math.min(this.capacity, 2 * (this.bytes.byteLength / RECORD)));
    this.bytes.copy(bigger, 0, 0, this.used * RECORD);
    this.bytes = bigger;
  }
}

/** The events of one spilled block; `firstSeq` is the sequence number of the first. */
export function decodeEvents(bytes: Buffer, firstSeq: number): CallEvent[] {
  const events: CallEvent[] = [];
  let at = 0;
  while (at < bytes.length) {
    const kind = bytes[at]!;
    const seq = firstSeq + events.length;
    if (kind === JSON_EVENT) {
      const length = bytes.readUInt32LE(at + 1);
      events.push(JSON.parse(bytes.toString('utf8', at + 5, at + 5 + length)) as CallEvent);
      at += 5 + length;
      continue;
    }
    events.push(messageEvent(kind, seq, bytes, at));
    at += RECORD;
  }
  return events;
}
