import type { CallEvent } from '../../shared/model';

/**
 * The newest events of one call, by sequence number, in a fixed ring: memory stays flat however long the
 * stream runs. Slot `seq % capacity` holds the event with that seq, so events the transport skipped simply
 * leave a hole; older rows are read back from the engine (`readEvents`).
 *
 * The ring is mutated in place and shared by successive SessionView objects: copying it per frame would
 * make ingest cost grow with the window. Readers look it up at render time.
 */
export interface RecentEvents {
  readonly capacity: number;
  /** Sequence number of the newest event put (0 before the first). */
  readonly newestSeq: number;
  /** Slots holding an event: never more than `capacity`. */
  readonly size: number;
  /** The event with this seq, if it is among the newest `capacity` seqs and was delivered. */
  get(seq: number): CallEvent | undefined;
  put(event: CallEvent): void;
}

export function createRecentEvents(capacity: number): RecentEvents {
  const slots: (CallEvent | undefined)[] = new Array<CallEvent | undefined>(capacity);
  let newestSeq = 0;
  let size = 0;
  return {
    capacity,
    get newestSeq() {
      return newestSeq;
    },
    get size() {
      return size;
    },
    get(seq) {
      if (seq <= newestSeq - capacity || seq > newestSeq) return undefined;
      const event = slots[seq % capacity];
      return event?.seq === seq ? event : undefined;
    },
    put(event) {
      const slot = event.seq % capacity;
      if (slots[slot] === undefined) size++;
      slots[slot] = event;
      if (event.seq > newestSeq) newestSeq = event.seq;
    },
  };
}
