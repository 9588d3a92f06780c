/**
 * How much of its calls the engine keeps, and where. Every figure is a default of `EngineOptions.sessions`.
 * Per session, memory holds a window of the newest events and bodies; the rest is read back from spill files
 * in the OS temp folder, so a ten-million-message stream costs the same memory as a short one.
 */
export interface SessionLimits {
  /** Events of one session held in memory (the newest); older ones live in its spill file. */
  memoryEvents: number;
  /**
   * Bodies of one session's sealed chunks held in memory, in bytes, beside the chunk being filled in each
   * direction (up to 1 MiB or 4,096 messages); older ones live in spill files.
   */
  memoryBodyBytes: number;
  /** Spill files of all sessions together, in bytes; past it the oldest bodies are dropped (events stay). */
  diskBytes: number;
  /** Body spill files start a new segment at this size; the disk cap drops whole segments. */
  segmentBytes: number;
  /** Finished sessions kept; past it the oldest is evicted whole (its id then answers NOT_FOUND). */
  keptSessions: number;
  /** Memory of all finished sessions together; past it the oldest move their windows to disk. */
  finishedMemoryBytes: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  memoryEvents: 16_384,
  // Sealed chunks go to disk at once. Their bodies sit in malloc'd arenas among the transport's short-lived
  // buffers, and glibc gives back only the top of its heap: an 8 MiB window left a released 1M-message stream's
  // server at 1.4× its idle RSS (the heap's high-water mark), no window at 1.0×. Recent bodies read back from
  // the page cache in well under a millisecond, and a call that fits in its open chunks touches no disk.
  memoryBodyBytes: 0,
  diskBytes: 4 * 1024 ** 3,
  segmentBytes: 64 * 1024 ** 2,
  keptSessions: 100,
  finishedMemoryBytes: 256 * 1024 ** 2,
};
