/**
 * The bodies of one chunk while it is in memory. Bodies that must be copied (views into grpc-js's read
 * buffers) are copied into arenas: a few large allocations instead of one per message, freed whole when the
 * chunk spills, and written out as one range each. Where each body lies is kept in a typed array, not as a
 * view object per body: those views lived as long as the chunk, so each was promoted out of the young
 * generation, ~80 bytes of old-space garbage per message of a long stream (see docs/PERFORMANCE.md).
 */

// Arenas start small, so a unary call's session stays small (a 4 KiB first arena per direction, mostly empty,
// showed as external-memory GC pressure with many unary calls in flight).
const FIRST_ARENA = 512;
const LARGEST_ARENA = 256 * 1024;
const ARENA_BODY_MAX = 16 * 1024;
/**
 * A view keeping at most this many bytes of its buffer beyond itself is kept as it is. grpc-js hands over each
 * message as a view past the 5-byte frame header of a buffer of its own (Buffer.concat of the frame): copying
 * those was a fifth of a 64 KiB stream's CPU. Views into shared read or pool buffers are far larger.
 */
const KEEP_SLACK_BYTES = 64;

/** Whether a body may be kept as it is: a buffer of its own, not a view keeping a larger one alive. */
export function isAllItsOwn(bytes: Uint8Array): boolean {
  return bytes.buffer.byteLength - bytes.byteLength <= KEEP_SLACK_BYTES;
}
/** The arena number of a body kept as it is; its start is then its place in `own`. */
const OWN = 0xffffffff;
const FIRST_PLACES = 4;

export class HeldBodies {
  private readonly arenas: Buffer[] = [];
  // The arena being filled, and how far.
  private arena = -1;
  private arenaUsed = 0;
  private own: Uint8Array[] | undefined;
  // Per body: arena number, start, length.
  private places = new Uint32Array(3 * FIRST_PLACES);
  private held = 0;

  /** Keeps a body: copied when it is a view into a larger buffer, else as it is (it must not change later). */
  add(bytes: Uint8Array): void {
    if (3 * (this.held + 1) > this.places.length) this.grow();
    const at = 3 * this.held++;
    const allItsOwn = isAllItsOwn(bytes);
    if (allItsOwn || bytes.byteLength > ARENA_BODY_MAX) {
      this.own ??= [];
      this.places[at] = OWN;
      this.places[at + 1] = this.own.length;
      // A large view is copied on its own: it would keep its whole read buffer alive.
      this.own.push(allItsOwn ? bytes : Buffer.from(bytes));
    } else {
      this.arenaFor(bytes.byteLength).set(bytes, this.arenaUsed);
      this.places[at] = this.arena;
      this.places[at + 1] = this.arenaUsed;
      this.arenaUsed += bytes.byteLength;
    }
    this.places[at + 2] = bytes.byteLength;
  }

  get(i: number): Uint8Array | undefined {
    if (!(i >= 0 && i < this.held)) return undefined;
    const arena = this.places[3 * i]!;
    const start = this.places[3 * i + 1]!;
    return arena === OWN ? this.own![start] : this.arenas[arena]!.subarray(start, start + this.places[3 * i + 2]!);
  }

  /** Each body's length, as the segment header stores them. */
  lengths(): Buffer {
    const header = Buffer.allocUnsafe(4 * this.held);
    for (let i = 0; i < this.held; i++) header.writeUInt32LE(this.places[3 * i + 2]!, 4 * i);
    return header;
  }

  /** The bodies in order as few ranges as possible: neighbours in one arena are one range. */
  ranges(): Uint8Array[] {
    const out: Uint8Array[] = [];
    let arena = -1;
    let start = 0;
    let end = 0;
    const close = () => {
      if (end > start) out.push(this.arenas[arena]!.subarray(start, end));
    };
    for (let i = 0; i < this.held; i++) {
      const where = this.places[3 * i]!;
      const from = this.places[3 * i + 1]!;
      const length = this.places[3 * i + 2]!;
      if (where === arena && from === end) {
        end += length;
        continue;
      }
      if (arena !== -1) close();
      if (where === OWN) {
        arena = -1;
        if (length > 0) out.push(this.own![from]!);
        continue;
      }
      arena = where;
      start = from;
      end = from + length;
    }
    if (arena !== -1) close();
    return out;
  }

  /**
   * Empties the chunk for reuse by the next one, keeping its arenas: a long stream then fills the same few
   * arenas over and over. Thrown away, each arena outlived the young generation and its memory waited for a
   * full GC; that garbage was most of the external memory of a streaming server.
   * Only once the bodies were written out: views handed out before now read the next chunk's bodies.
   */
  recycle(): void {
    this.held = 0;
    this.arena = -1;
    this.arenaUsed = 0;
    this.own = undefined;
  }

  private arenaFor(length: number): Buffer {
    const current = this.arena >= 0 ? this.arenas[this.arena] : undefined;
    if (current && this.arenaUsed + length <= current.byteLength) return current;
    this.arenaUsed = 0;
    while (++this.arena < this.arenas.length) if (this.arenas[this.arena]!.byteLength >= length) return this.arenas[this.arena]!;
    const last = this.arenas[this.arenas.length - 1];
    const size = Math.max(length, last ? Math.min(2 * last.byteLength, LARGEST_ARENA) : FIRST_ARENA);
    // The first arena comes from Node's shared buffer pool: a buffer of its own per call and direction was a
    // malloc and external memory for V8 to track, for the few hundred bytes of a unary call.
    this.arenas.push(last ? Buffer.allocUnsafeSlow(size) : Buffer.allocUnsafe(size));
    return this.arenas[this.arena]!;
  }

  private grow(): void {
    const bigger = new Uint32Array(2 * this.places.length);
    bigger.set(this.places);
    this.places = bigger;
  }
}
