/**
 * What a call session keeps: its events and message bodies, a bounded window of each in memory and the rest
 * in spill files (see event-store.ts, body-store.ts). A session started with `keep: false` keeps nothing but
 * counts, and bodies only until the batch that announces them has been delivered.
 */
import { join } from 'node:path';
import type { CallEvent, MessageDirection } from '../../../shared/model';
import { createBodyStore, type BodyStore } from './body-store';
import { createEventStore, type EventStore } from './event-store';
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

/** A rough size of one event object in memory, for accounting only. */
const EVENT_BYTES = 160;
let nextStore = 0;

export function createSessionStore(limits: SessionStoreLimits, onEvicted: (reason: string) => void): SessionStore {
  const name = `s${++nextStore}`;
  let eventFile: SpillFile | undefined;
  // A released store takes nothing more: the last events of a cancelled call may still arrive, and must not
  // open a spill file nobody would delete.
  let released = false;
  const events: EventStore = createEventStore(() => (eventFile ??= createSpillFile(join(spillFolder(), `${name}.events`))), limits.memoryEvents);
  const bodies: BodyStore = createBodyStore({
    memoryBytes: limits.memoryBodyBytes,
    segmentBytes: limits.segmentBytes,
    segmentPath: (n) => join(spillFolder(), `${name}.bodies.${n}`),
    space: limits.space,
    onEvicted,
  });
  return {
    get eventCount() {
      return events.count;
    },
    append: (event) => {
      if (!released) events.append(event);
    },
    event: (seq) => events.get(seq),
    // grpc-js may hand over a view into a 64 KiB read chunk: keeping the view would keep the chunk
    // (docs/ARCHITECTURE.md, Library facts), so the body store copies views and keeps buffers that are all their own.
    addBody: (direction, bytes) => (released ? bodies.count(direction) : bodies.add(direction, bytes)),
    body: (direction, index) => bodies.get(direction, index),
    messageCount: (direction) => bodies.count(direction),
    delivered: () => bodies.delivered(),
    get memoryBytes() {
      return events.inMemory * EVENT_BYTES + bodies.memoryBytes;
    },
    spillAll() {
      events.spillAll();
      bodies.spillAll();
    },
    release() {
      released = true;
      eventFile?.remove();
      bodies.release();
    },
  };
}

/** The store of a session that keeps nothing: counts, and the bodies of the batch not yet delivered. */
export function createTransientStore(): SessionStore {
  let eventCount = 0;
  const counts: Record<MessageDirection, number> = { sent: 0, received: 0 };
  const pending: Record<MessageDirection, Uint8Array[]> = { sent: [], received: [] };
  return {
    get eventCount() {
      return eventCount;
    },
    append: () => void eventCount++,
    event: () => undefined,
    addBody(direction, bytes) {
      pending[direction].push(bytes);
      return counts[direction]++;
    },
    body(direction, index) {
      const list = pending[direction];
      return list[index - (counts[direction] - list.length)];
    },
    messageCount: (direction) => counts[direction],
    delivered() {
      pending.sent = [];
      pending.received = [];
    },
    memoryBytes: 0,
    spillAll: () => undefined,
    release() {
      pending.sent = [];
      pending.received = [];
    },
  };
}
