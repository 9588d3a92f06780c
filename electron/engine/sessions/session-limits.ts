/**
 * How much of its calls the engine keeps, and where. Every figure is a default of `EngineOptions.sessions`.
 * Per session, memory holds a window of the newest events and bodies; the rest is read back from spill files
 * in the OS temp folder, so a ten-million-message stream costs the same memory as a short one.
 */
export interface SessionLimits {
  /** Events of one session held in memory (the newest); older ones live in its spill file. */
  memoryEvents: number;
  /** Message bodies of one session held in memory, in bytes; older ones live in spill files. */
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
  memoryBodyBytes: 8 * 1024 ** 2,
  diskBytes: 4 * 1024 ** 3,
  segmentBytes: 64 * 1024 ** 2,
  keptSessions: 100,
  finishedMemoryBytes: 256 * 1024 ** 2,
};
