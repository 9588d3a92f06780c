/**
 * The disk cap shared by every session of one engine. Body segments register here in the order they were
 * written; when the total passes the cap, the oldest segments are dropped (their owners mark the bodies
 * evicted and tell the user) until it fits again. Event records do not count: they are small and always kept.
 */
export interface SpillSegment {
  /** Bytes written so far. */
  bytes: number;
  /** Deletes the file and marks its bodies evicted; called by the space when over the cap. */
  drop(reason: string): void;
}

export interface SpillSpace {
  readonly capBytes: number;
  readonly usedBytes: number;
  add(segment: SpillSegment): void;
  /** A segment grew by `bytes` (its `bytes` already counts them); drops the oldest segments while over the cap. */
  grew(bytes: number): void;
  /** The owner deleted the segment itself (release). */
  remove(segment: SpillSegment): void;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  return bytes >= 1024 ** 2 ? `${Math.round(bytes / 1024 ** 2)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

export function createSpillSpace(capBytes: number): SpillSpace {
  // Insertion order is age order.
  const segments = new Set<SpillSegment>();
  let used = 0;

  function grew(bytes: number): void {
    used += bytes;
    const reason = `the spill files reached their disk cap of ${formatBytes(capBytes)}: the oldest message bodies were dropped (events and counts are kept)`;
    for (const oldest of segments) {
      if (used <= capBytes) break;
      segments.delete(oldest);
      used -= oldest.bytes;
      oldest.drop(reason);
    }
  }

  return {
    capBytes,
    get usedBytes() {
      return used;
    },
    add: (segment) => void segments.add(segment),
    grew,
    remove(segment) {
      if (segments.delete(segment)) used -= segment.bytes;
    },
  };
}
