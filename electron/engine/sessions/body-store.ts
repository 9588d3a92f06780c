/**
 * Message bodies of one session, both directions. New bodies gather in an open chunk per direction (sealed at
 * `CHUNK_BYTES` or `CHUNK_MESSAGES`); sealed chunks stay in memory up to the session's body budget, then go to
 * append-only segment files, as `[length × count][bodies]` with one small index entry per chunk in memory.
 * Segments are the unit the disk cap drops, so dropping old bodies frees disk without touching events.
 */
import type { MessageDirection } from '../../../shared/model';
import { trace } from '../diagnostics/trace';
import { HeldBodies } from './held-bodies';
import { createSpillFile, type SpillFile } from './spill-file';
import type { SpillSegment, SpillSpace } from './spill-space';

const CHUNK_BYTES = 1024 * 1024;
const CHUNK_MESSAGES = 4096;

interface Segment extends SpillSegment {
  file: SpillFile;
  dropped: boolean;
}

interface Chunk {
  first: number;
  count: number;
  bytes: number;
  /** In memory while set. */
  bodies?: HeldBodies;
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
  return new ChunkedBodyStore(options);
}

// A class for the same reason as the event store's: one is made per call, and an object literal with a getter
// would be a dictionary-mode object.
class ChunkedBodyStore implements BodyStore {
  private chunks: Record<MessageDirection, Chunk[]> = { sent: [], received: [] };
  private readonly counts: Record<MessageDirection, number> = { sent: 0, received: 0 };
  // Sealed chunks still in memory, oldest first.
  private readonly resident: Chunk[] = [];
  private readonly segments: Segment[] = [];
  private heldBytes = 0;
  // The emptied bodies of chunks written out, for the next chunks (one per direction of a busy stream).
  private spares: HeldBodies[] = [];
  // Where each body of the last few chunks read starts: a page of reads mostly stays in one chunk per direction.
  private readonly starts = new Map<Chunk, Float64Array>();

  constructor(private readonly options: BodyStoreOptions) {}

  get memoryBytes(): number {
    return this.heldBytes;
  }

  add(direction: MessageDirection, bytes: Uint8Array): number {
    const list = this.chunks[direction];
    let open = list[list.length - 1];
    if (!open?.bodies || open.bytes >= CHUNK_BYTES || open.count >= CHUNK_MESSAGES) {
      if (open?.bodies) this.resident.push(open);
      open = { first: this.counts[direction], count: 0, bytes: 0, bodies: this.spares.pop() ?? new HeldBodies() };
      list.push(open);
      this.seal(true);
    }
    open.bodies!.add(bytes);
    open.count++;
    open.bytes += bytes.byteLength;
    this.heldBytes += bytes.byteLength;
    return this.counts[direction]++;
  }

  get(direction: MessageDirection, index: number): Uint8Array | undefined {
    const chunk = findChunk(this.chunks[direction], index);
    if (!chunk) return undefined;
    return chunk.bodies ? chunk.bodies.get(index - chunk.first) : this.readBody(chunk, index);
  }

  count(direction: MessageDirection): number {
    return this.counts[direction];
  }

  delivered(): void {
    this.seal(false);
  }

  spillAll(): void {
    for (const direction of ['sent', 'received'] as const) {
      const open = this.chunks[direction][this.chunks[direction].length - 1];
      if (open?.bodies && !this.resident.includes(open)) this.resident.push(open);
    }
    while (this.resident.length > 0) this.spill(this.resident.shift()!);
    // A finished session keeps no spare arenas.
    this.spares = [];
  }

  release(): void {
    for (const segment of this.segments) {
      this.options.space.remove(segment);
      segment.file.remove();
    }
    this.segments.length = 0;
    this.chunks = { sent: [], received: [] };
    this.resident.length = 0;
    this.spares = [];
    this.heldBytes = 0;
  }

  private newSegment(): Segment {
    const segment: Segment = {
      file: createSpillFile(this.options.segmentPath(this.segments.length)),
      bytes: 0,
      dropped: false,
      drop: (reason) => this.dropSegment(segment, reason),
    };
    this.segments.push(segment);
    this.options.space.add(segment);
    return segment;
  }

  private dropSegment(segment: Segment, reason: string): void {
    segment.dropped = true;
    segment.file.remove();
    for (const direction of ['sent', 'received'] as const) {
      for (const chunk of this.chunks[direction]) if (chunk.segment === segment) chunk.evicted = true;
    }
    this.starts.clear();
    trace('session', reason);
    this.options.onEvicted(reason);
  }

  private writeChunk(chunk: Chunk): void {
    const bodies = chunk.bodies!;
    const header = bodies.lengths();
    const length = header.byteLength + chunk.bytes;
    let segment = this.segments[this.segments.length - 1];
    if (!segment || segment.dropped || segment.bytes >= this.options.segmentBytes) segment = this.newSegment();
    chunk.offset = segment.file.append([header, ...bodies.ranges()]);
    chunk.segment = segment;
    segment.bytes += length;
    this.options.space.grew(length);
  }

  private spill(chunk: Chunk): void {
    try {
      this.writeChunk(chunk);
      // Written synchronously: nothing reads these bodies from memory any more.
      if (this.spares.length < 2) {
        chunk.bodies!.recycle();
        this.spares.push(chunk.bodies!);
      }
    } catch (reason) {
      chunk.evicted = true;
      this.options.onEvicted(`cannot write the spill file (${(reason as Error).message}): older message bodies were dropped`);
    }
    this.heldBytes -= chunk.bytes;
    delete chunk.bodies;
  }

  private seal(keepNewest: boolean): void {
    const keep = keepNewest ? 1 : 0;
    while (this.heldBytes > this.options.memoryBytes && this.resident.length > keep) this.spill(this.resident.shift()!);
  }

  private readBody(chunk: Chunk, index: number): Uint8Array | undefined {
    if (chunk.evicted || chunk.segment === undefined) return undefined;
    let at = this.starts.get(chunk);
    if (!at) {
      const header = chunk.segment.file.read(chunk.offset!, 4 * chunk.count);
      at = new Float64Array(chunk.count + 1);
      at[0] = chunk.offset! + header.byteLength;
      for (let i = 0; i < chunk.count; i++) at[i + 1] = at[i]! + header.readUInt32LE(4 * i);
      if (this.starts.size >= 4) this.starts.delete(this.starts.keys().next().value!);
      this.starts.set(chunk, at);
    }
    const i = index - chunk.first;
    return chunk.segment.file.read(at[i]!, at[i + 1]! - at[i]!);
  }
}
