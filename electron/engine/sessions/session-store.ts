/**
 * What a call session keeps: its events and message bodies, the first few in plain arrays, then a bounded
 * window of each in memory and the rest in spill files (see event-store.ts, body-store.ts). A session started
 * with `keep: false` keeps nothing but counts, and bodies only until the batch that announces them has been
 * delivered.
 */
import { join } from 'node:path';
import type { CallEvent, MessageDirection } from '../../../shared/model';
import { createBodyStore, type BodyStore } from './body-store';
import { OBJECT_EVENT_BYTES } from './event-records';
import { createEventStore, type EventStore } from './event-store';
import { isAllItsOwn } from './held-bodies';
import { createSpillFile, type SpillFile } from './spill-file';
import { spillFolder } from './spill-folder';
import type { SpillSpace } from './spill-space';

/** Per-session memory limits and where spill files go (see `EngineOptions.sessions` for the defaults). */
export interface SessionStoreLimits {
  /** Events held in memory; older ones are read back from the spill file. */
  memoryEvents: number;
  /** Message bodies held in memory, in bytes; older ones are read back from spill files. */
  memoryBodyBytes: number;
  /** Size of one body segment file; the disk cap drops whole segments, oldest first. */
  segmentBytes: number;
  space: SpillSpace;
}

export interface SessionStore {
  readonly eventCount: number;
  /** Whether `event(seq)` answers for events appended from now on (not once released, never for a transient store). */
  readonly keepsEvents: boolean;
  append(event: CallEvent): void;
  event(seq: number): CallEvent | undefined;
  /** Keeps a body (copied when it is a view into a larger buffer) and returns its index; `bytes` must not change later. */
  addBody(direction: MessageDirection, bytes: Uint8Array): number;
  body(direction: MessageDirection, index: number): Uint8Array | undefined;
  messageCount(direction: MessageDirection): number;
  /** The live batch was delivered: a store that keeps nothing lets go of its bodies now. */
  delivered(): void;
  /** Rough bytes of memory held (events and bodies), for the finished-session memory cap. */
  readonly memoryBytes: number;
  /** Moves everything held in memory to spill files (a finished session over the memory cap). */
  spillAll(): void;
  /** Frees memory and deletes the spill files; the store answers nothing after this. */
  release(): void;
}

let nextStore = 0;

export function createSessionStore(limits: SessionStoreLimits, onEvicted: (reason: string) => void): SessionStore {
  return new SmallFirstStore(limits, onEvicted);
}

/** The store of a session that keeps nothing: counts, and the bodies of the batch not yet delivered. */
export function createTransientStore(): SessionStore {
  return new TransientStore();
}

// Classes rather than object literals with getters, which V8 makes dictionary-mode objects: several hundred
// bytes more per call and slower reads on every event recorded (see docs/PERFORMANCE.md).
class KeptSessionStore implements SessionStore {
  private eventFile: SpillFile | undefined;
  // A released store takes nothing more: the last events of a cancelled call may still arrive, and must not
  // open a spill file nobody would delete.
  private released = false;
  private readonly events: EventStore;
  private readonly bodies: BodyStore;

  constructor(limits: SessionStoreLimits, onEvicted: (reason: string) => void) {
    const name = `s${++nextStore}`;
    this.events = createEventStore(() => (this.eventFile ??= createSpillFile(join(spillFolder(), `${name}.events`))), limits.memoryEvents);
    this.bodies = createBodyStore({
      memoryBytes: limits.memoryBodyBytes,
      segmentBytes: limits.segmentBytes,
      segmentPath: (n) => join(spillFolder(), `${name}.bodies.${n}`),
      space: limits.space,
      onEvicted,
    });
  }

  get eventCount(): number {
    return this.events.count;
  }

  get keepsEvents(): boolean {
    return !this.released;
  }

  get memoryBytes(): number {
    return this.events.memoryBytes + this.bodies.memoryBytes;
  }

  append(event: CallEvent): void {
    if (!this.released) this.events.append(event);
  }

  event(seq: number): CallEvent | undefined {
    return this.released ? undefined : this.events.get(seq);
  }

  // grpc-js may hand over a view into a 64 KiB read chunk: keeping the view would keep the chunk
  // (docs/ARCHITECTURE.md, Library facts), so the body store copies views and keeps buffers that are all their own.
  addBody(direction: MessageDirection, bytes: Uint8Array): number {
    return this.released ? this.bodies.count(direction) : this.bodies.add(direction, bytes);
  }

  body(direction: MessageDirection, index: number): Uint8Array | undefined {
    return this.bodies.get(direction, index);
  }

  messageCount(direction: MessageDirection): number {
    return this.bodies.count(direction);
  }

  delivered(): void {
    this.bodies.delivered();
  }

  spillAll(): void {
    this.events.spillAll();
    this.bodies.spillAll();
  }

  release(): void {
    this.released = true;
    this.eventFile?.remove();
    this.bodies.release();
  }
}

/** Events and bytes of bodies a session keeps in plain arrays before it makes its chunked stores. */
const SMALL_EVENTS = 16;
const SMALL_BODY_BYTES = 16 * 1024;

/**
 * A kept session starts with its events and bodies in arrays and makes the chunked stores only when it
 * outgrows them, replaying what it holds: most sessions are unary calls of seven events and two small
 * bodies, and making an event store, a body store and their first chunks for each showed in unary profiles.
 */
class SmallFirstStore implements SessionStore {
  private full: KeptSessionStore | undefined;
  private events: CallEvent[] = [];
  private bodies: Record<MessageDirection, Uint8Array[]> = { sent: [], received: [] };
  private bodyBytes = 0;
  private released = false;

  constructor(
    private readonly limits: SessionStoreLimits,
    private readonly onEvicted: (reason: string) => void,
  ) {}

  get eventCount(): number {
    return this.full ? this.full.eventCount : this.events.length;
  }

  get keepsEvents(): boolean {
    return this.full ? this.full.keepsEvents : !this.released;
  }

  get memoryBytes(): number {
    if (this.full) return this.full.memoryBytes;
    return this.released ? 0 : OBJECT_EVENT_BYTES * this.events.length + this.bodyBytes;
  }

  append(event: CallEvent): void {
    if (this.full) this.full.append(event);
    else if (this.released) return;
    else if (this.events.length < SMALL_EVENTS) this.events.push(event);
    else this.grown().append(event);
  }

  event(seq: number): CallEvent | undefined {
    return this.full ? this.full.event(seq) : this.events[seq - 1];
  }

  addBody(direction: MessageDirection, bytes: Uint8Array): number {
    if (this.full) return this.full.addBody(direction, bytes);
    const list = this.bodies[direction];
    if (this.released) return list.length;
    if (this.bodyBytes + bytes.byteLength > SMALL_BODY_BYTES) return this.grown().addBody(direction, bytes);
    // A view into a larger buffer (grpc-js's read chunk) would keep all of it alive as long as the session.
    list.push(isAllItsOwn(bytes) ? bytes : Buffer.from(bytes));
    this.bodyBytes += bytes.byteLength;
    return list.length - 1;
  }

  body(direction: MessageDirection, index: number): Uint8Array | undefined {
    return this.full ? this.full.body(direction, index) : this.bodies[direction][index];
  }

  messageCount(direction: MessageDirection): number {
    return this.full ? this.full.messageCount(direction) : this.bodies[direction].length;
  }

  delivered(): void {
    this.full?.delivered();
  }

  spillAll(): void {
    if (this.full) this.full.spillAll();
    else if (!this.released && (this.events.length > 0 || this.bodyBytes > 0)) this.grown().spillAll();
  }

  release(): void {
    this.released = true;
    this.full?.release();
    // Holes of the same length: the counts stay, as the chunked stores keep theirs, so a cancelled call's last
    // events go on numbering from where the session was released.
    this.events = new Array<CallEvent>(this.events.length);
    this.bodies = { sent: new Array<Uint8Array>(this.bodies.sent.length), received: new Array<Uint8Array>(this.bodies.received.length) };
    this.bodyBytes = 0;
  }

  /** The chunked stores, with everything held so far replayed into them in order; called before there are any. */
  private grown(): KeptSessionStore {
    const full = new KeptSessionStore(this.limits, this.onEvicted);
    for (const event of this.events) full.append(event);
    for (const direction of ['sent', 'received'] as const) for (const bytes of this.bodies[direction]) full.addBody(direction, bytes);
    this.full = full;
    this.events = [];
    this.bodies = { sent: [], received: [] };
    this.bodyBytes = 0;
    return full;
  }
}

class TransientStore implements SessionStore {
  readonly memoryBytes = 0;
  readonly keepsEvents = false;
  private events = 0;
  private readonly counts: Record<MessageDirection, number> = { sent: 0, received: 0 };
  private pending: Record<MessageDirection, Uint8Array[]> = { sent: [], received: [] };

  get eventCount(): number {
    return this.events;
  }

  append(): void {
    this.events++;
  }

  event(): undefined {
    return undefined;
  }

  addBody(direction: MessageDirection, bytes: Uint8Array): number {
    this.pending[direction].push(bytes);
    return this.counts[direction]++;
  }

  body(direction: MessageDirection, index: number): Uint8Array | undefined {
    const list = this.pending[direction];
    return list[index - (this.counts[direction] - list.length)];
  }

  messageCount(direction: MessageDirection): number {
    return this.counts[direction];
  }

  delivered(): void {
    this.pending = { sent: [], received: [] };
  }

  spillAll(): void {}

  release(): void {
    this.pending = { sent: [], received: [] };
  }
}
