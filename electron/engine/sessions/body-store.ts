/**
 * Message bodies of one session, both directions. New bodies gather in an open chunk per direction (sealed at
 * `CHUNK_BYTES` or `CHUNK_MESSAGES`); sealed chunks stay in memory up to the session's body budget, then go to
 * append-only segment files, as `[length × count][bodies]` with one small index entry per chunk in memory.
 * Segments are the unit the disk cap drops, so dropping old bodies frees disk without touching events.
 */
import type { MessageDirection } from '../../../shared/model';
import { trace } from '../diagnostics/trace';
import { createSpillFile, type SpillFile } from './spill-file';
import type { SpillSegment, SpillSpace } from './spill-space';

const CHUNK_BYTES = 1024 * 1024;
const CHUNK_MESSAGES = 4096;
// Small bodies that must be copied (views into grpc-js's read buffers) are copied into the chunk's arenas:
// a few large allocations instead of one per message, freed whole when the chunk spills, and written out
// as one range each. Arenas start small, so a unary call's session stays small (a 4 KiB first arena per
// direction, mostly empty, showed as external-memory GC pressure with many unary calls in flight).
const FIRST_ARENA = 512;
const LARGEST_ARENA = 256 * 1024;
const ARENA_BODY_MAX = 16 * 1024;

interface Segment extends SpillSegment {
  file: SpillFile;
  dropped: boolean;
}

interface Chunk {
  first: number;
  count: number;
  bytes: number;
  /** In memory while set. */
  bodies?: Uint8Array[];
  /** Where copied bodies of this chunk go next. */
  arena?: { bytes: Buffer; used: number };
  segment?: Segment;
  offset?: number;
  /** Dropped by the disk cap, or never written because the disk failed. */
  evicted?: boolean;
}

export interface BodyStoreOptions {
  /** Bodies of sealed chunks kept in memory, in bytes, before they spill. */
  memoryBytes: number;
  /** Segment file size at which a new one starts. */
  segmentBytes: number;
  /** Path of segment file number n. */
  segmentPath(n: number): string;
  space: SpillSpace;
  /** Bodies were dropped; called each time, with why. */
  onEvicted(reason: string): void;
}

export interface BodyStore {
  /**
   * Keeps a body and returns its index in its direction. A view into a larger buffer (as grpc-js hands over)
   * is copied; a buffer that is all its own is kept as it is and must not change later.
   */
  add(direction: MessageDirection, bytes: Uint8Array): number;
  get(direction: MessageDirection, index: number): Uint8Array | undefined;
  count(direction: MessageDirection): number;
  /** Bytes of bodies in memory. */
  readonly memoryBytes: number;
  /**
   * The events announcing the bodies so far were delivered. The chunk sealed last waits for this before it
   * spills, so the batch that still reads its bodies (inline JSON for the UI) reads them from memory.
   */
  delivered(): void;
  spillAll(): void;
  release(): void;
}

/** A copy of `bytes` in the chunk's current arena (a new, larger one when it is full). */
function copyIntoArena(chunk: Chunk, bytes: Uint8Array): Uint8Array {
  let arena = chunk.arena;
  if (!arena || arena.used + bytes.byteLength > arena.bytes.byteLength) {
    const size = Math.max(bytes.byteLength, arena ? Math.min(2 * arena.bytes.byteLength, LARGEST_ARENA) : FIRST_ARENA);
    arena = chunk.arena = { bytes: Buffer.allocUnsafeSlow(size), used: 0 };
  }
  arena.bytes.set(bytes, arena.used);
  const copy = arena.bytes.subarray(arena.used, arena.used + bytes.byteLength);
  arena.used += bytes.byteLength;
  return copy;
}

/**
 * A view keeping at most this many bytes of its buffer beyond itself is kept as it is. grpc-js hands over each
 * message as a view past the 5-byte frame header of a buffer of its own (Buffer.concat of the frame): copying
 * those was a fifth of a 64 KiB stream's CPU. Views into shared read or pool buffers are far larger.
 */
const KEEP_SLACK_BYTES = 64;

function keepable(chunk: Chunk, bytes: Uint8Array): Uint8Array {
  if (bytes.buffer.byteLength - bytes.byteLength <= KEEP_SLACK_BYTES) return bytes;
  return bytes.byteLength <= ARENA_BODY_MAX ? copyIntoArena(chunk, bytes) : Buffer.from(bytes);
}

/** The bodies as few ranges as possible: neighbours in one arena are one range. */
function ranges(bodies: readonly Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const body of bodies) {
    const last = out[out.length - 1];
    if (last && last.buffer === body.buffer && last.byteOffset + last.byteLength === body.byteOffset) {
      out[out.length - 1] = new Uint8Array(last.buffer, last.byteOffset, last.byteLength + body.byteLength);
    } else if (body.byteLength > 0) {
      out.push(body);
    }
  }
  return out;
}

function findChunk(chunks: readonly Chunk[], index: number): Chunk | undefined {
  let low = 0;
  let high = chunks.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const chunk = chunks[mid]!;
    if (index < chunk.first) high = mid - 1;
    else if (index >= chunk.first + chunk.count) low = mid + 1;
    else return chunk;
  }
  return undefined;
}

export function createBodyStore(options: BodyStoreOptions): BodyStore {
  const chunks: Record<MessageDirection, Chunk[]> = { sent: [], received: [] };
  const counts: Record<MessageDirection, number> = { sent: 0, received: 0 };
  // Sealed chunks still in memory, oldest first.
  const resident: Chunk[] = [];
  const segments: Segment[] = [];
  let memoryBytes = 0;
  // Where each body of the last few chunks read starts: a page of reads mostly stays in one chunk per direction.
  const starts = new Map<Chunk, Float64Array>();

  function newSegment(): Segment {
    const segment: Segment = {
      file: createSpillFile(options.segmentPath(segments.length)),
      bytes: 0,
      dropped: false,
      drop: (reason) => dropSegment(segment, reason),
    };
    segments.push(segment);
    options.space.add(segment);
    return segment;
  }

  function dropSegment(segment: Segment, reason: string): void {
    segment.dropped = true;
    segment.file.remove();
    for (const direction of ['sent', 'received'] as const) {
      for (const chunk of chunks[direction]) if (chunk.segment === segment) chunk.evicted = true;
    }
    starts.clear();
    trace('session', reason);
    options.onEvicted(reason);
  }

  function writeChunk(chunk: Chunk): void {
    const bodies = chunk.bodies!;
    const header = Buffer.allocUnsafe(4 * bodies.length);
    bodies.forEach((body, i) => header.writeUInt32LE(body.byteLength, 4 * i));
    const length = header.byteLength + chunk.bytes;
    let segment = segments[segments.length - 1];
    if (!segment || segment.dropped || segment.bytes >= options.segmentBytes) segment = newSegment();
    chunk.offset = segment.file.append([header, ...ranges(bodies)]);
    chunk.segment = segment;
    segment.bytes += length;
    options.space.grew(length);
  }

  function spill(chunk: Chunk): void {
    try {
      writeChunk(chunk);
    } catch (reason) {
      chunk.evicted = true;
      options.onEvicted(`cannot write the spill file (${(reason as Error).message}): older message bodies were dropped`);
    }
    memoryBytes -= chunk.bytes;
    delete chunk.bodies;
    delete chunk.arena;
  }

  function seal(keepNewest: boolean): void {
    const keep = keepNewest ? 1 : 0;
    while (memoryBytes > options.memoryBytes && resident.length > keep) spill(resident.shift()!);
  }

  function readBody(chunk: Chunk, index: number): Uint8Array | undefined {
    if (chunk.evicted || chunk.segment === undefined) return undefined;
    let at = starts.get(chunk);
    if (!at) {
      const header = chunk.segment.file.read(chunk.offset!, 4 * chunk.count);
      at = new Float64Array(chunk.count + 1);
      at[0] = chunk.offset! + header.byteLength;
      for (let i = 0; i < chunk.count; i++) at[i + 1] = at[i]! + header.readUInt32LE(4 * i);
      if (starts.size >= 4) starts.delete(starts.keys().next().value!);
      starts.set(chunk, at);
    }
    const i = index - chunk.first;
    return chunk.segment.file.read(at[i]!, at[i + 1]! - at[i]!);
  }

  return {
    add(direction, bytes) {
      const list = chunks[direction];
      let open = list[list.length - 1];
      if (!open?.bodies || open.bytes >= CHUNK_BYTES || open.count >= CHUNK_MESSAGES) {
        if (open?.bodies) resident.push(open);
        open = { first: counts[direction], count: 0, bytes: 0, bodies: [] };
        list.push(open);
        seal(true);
      }
      open.bodies!.push(keepable(open, bytes));
      open.count++;
      open.bytes += bytes.byteLength;
      memoryBytes += bytes.byteLength;
      return counts[direction]++;
    },
    get(direction, index) {
      const chunk = findChunk(chunks[direction], index);
      if (!chunk) return undefined;
      return chunk.bodies ? chunk.bodies[index - chunk.first] : readBody(chunk, index);
    },
    count: (direction) => counts[direction],
    get memoryBytes() {
      return memoryBytes;
    },
    delivered: () => seal(false),
    spillAll() {
      for (const direction of ['sent', 'received'] as const) {
        const open = chunks[direction][chunks[direction].length - 1];
        if (open?.bodies && !resident.includes(open)) resident.push(open);
      }
      while (resident.length > 0) spill(resident.shift()!);
    },
    release() {
      for (const segment of segments) {
        options.space.remove(segment);
        segment.file.remove();
      }
      segments.length = 0;
      chunks.sent = [];
      chunks.received = [];
      resident.length = 0;
      memoryBytes = 0;
    },
  };
}
