import type { CallEvent } from '../../../shared/model';

export type MessageDirection = 'sent' | 'received';

/** An event as callers add it: the log stamps `seq` and `timeMs`. */
export type CallEventInput = CallEvent extends infer E ? (E extends CallEvent ? Omit<E, 'seq' | 'timeMs'> : never) : never;

export interface SessionLogOptions {
  /**
   * Message bodies kept in memory, in bytes (default 64 MiB). Beyond it the oldest bodies are dropped (their
   * events and sizes stay). Follow-up: spill them to a file instead and read them back on demand (DESIGN.md).
   */
  maxRetainedBytes?: number;
  /** Receives events in batches: right away after a quiet spell, then at most once per `batchIntervalMs`. */
  onEvents?: (events: CallEvent[]) => void;
  /** Minimum time between two batches under load (default 16 ms, one display frame). */
  batchIntervalMs?: number;
  /** Monotonic clock in ms; injectable for tests. */
  now?: () => number;
}

export interface SessionLog {
  /** Stamps, stores and queues one event; returns it as stored. */
  record(event: CallEventInput): CallEvent;
  /** Keeps a message body; `bytes` must be a copy the log may own. Returns the message's index in its direction. */
  storeMessage(direction: MessageDirection, bytes: Uint8Array): number;
  /** The body, or undefined if the index is unknown or the body was evicted. */
  messageBytes(direction: MessageDirection, index: number): Uint8Array | undefined;
  messageCount(direction: MessageDirection): number;
  events(): readonly CallEvent[];
  /** Milliseconds since the log was created, on the monotonic clock. */
  elapsed(): number;
  /** Bytes of message bodies currently held. */
  readonly retainedBytes: number;
  /** Delivers queued events now (e.g. once the call has ended, so listeners never wait a turn). */
  flush(): void;
}

const DEFAULT_MAX_RETAINED_BYTES = 64 * 1024 * 1024;

/** The per-call event log: sequence numbers, monotonic times, batched delivery and bounded message storage. */
export function createSessionLog(options: SessionLogOptions = {}): SessionLog {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const maxRetained = options.maxRetainedBytes ?? DEFAULT_MAX_RETAINED_BYTES;
  const events: CallEvent[] = [];
  const bodies: Record<MessageDirection, (Uint8Array | undefined)[]> = { sent: [], received: [] };
  // Eviction walks both directions in arrival order, oldest first.
  const arrival: { direction: MessageDirection; index: number }[] = [];
  let evictFrom = 0;
  let retained = 0;
  const batchInterval = options.batchIntervalMs ?? 16;
  let pending: CallEvent[] = [];
  let cancelScheduled: (() => void) | undefined;
  let lastFlush = -Infinity;

  function flush(): void {
    cancelScheduled?.();
    cancelScheduled = undefined;
    if (pending.length === 0) return;
    lastFlush = performance.now();
    const batch = pending;
    pending = [];
    options.onEvents?.(batch);
  }

  function schedule(): void {
    if (cancelScheduled) return;
    // grpc-js hands over one socket read per I/O turn (a few messages), so a per-turn flush alone would still
    // mean a callback every couple of messages; pacing by time gives one batch per frame under load.
    const wait = lastFlush + batchInterval - performance.now();
    if (wait > 0) {
      const timeout = setTimeout(flush, wait);
      cancelScheduled = () => clearTimeout(timeout);
    } else {
      const immediate = setImmediate(flush);
      cancelScheduled = () => clearImmediate(immediate);
    }
  }

  function record(input: CallEventInput): CallEvent {
    // Stamped in place: every input is a fresh literal, and a spread copy per event showed in unary profiles.
    const event = input as CallEvent;
    event.seq = events.length + 1;
    event.timeMs = now() - started;
    events.push(event);
    if (options.onEvents) {
      pending.push(event);
      schedule();
    }
    return event;
  }

  function storeMessage(direction: MessageDirection, bytes: Uint8Array): number {
    const index = bodies[direction].push(bytes) - 1;
    arrival.push({ direction, index });
    retained += bytes.byteLength;
    while (retained > maxRetained && evictFrom < arrival.length - 1) {
      const oldest = arrival[evictFrom++]!;
      retained -= bodies[oldest.direction][oldest.index]?.byteLength ?? 0;
      bodies[oldest.direction][oldest.index] = undefined;
    }
    // Drop the evicted prefix now and then, so the arrival list does not grow with the whole stream.
    if (evictFrom > 1024 && evictFrom * 2 > arrival.length) {
      arrival.splice(0, evictFrom);
      evictFrom = 0;
    }
    return index;
  }

  return {
    record,
    storeMessage,
    messageBytes: (direction, index) => bodies[direction][index],
    messageCount: (direction) => bodies[direction].length,
    events: () => events,
    elapsed: () => now() - started,
    get retainedBytes() {
      return retained;
    },
    flush,
  };
}
