import type { CallEvent, MessageDirection } from '../../../shared/model';
import { BatchTimer, type Paced } from './batch-timer';
import type { SessionStore } from './session-store';
import { monotonicMs } from '../monotonic-clock';

/** An event as callers add it: the recorder stamps `seq` and `timeMs`. */
export type CallEventInput = CallEvent extends infer E ? (E extends CallEvent ? Omit<E, 'seq' | 'timeMs'> : never) : never;

export interface SessionRecorderOptions {
  /** Where events and bodies are kept (or not: a transient store). */
  store: SessionStore;
  /**
   * Receives events in batches: the first `batchIntervalMs` after the start (a call that ends sooner is one batch),
   * then right away after a quiet spell and at most once per `batchIntervalMs` under load.
   */
  onEvents?: (events: CallEvent[]) => void;
  /**
   * Minimum time between two batches under load (default `DEFAULT_BATCH_INTERVAL_MS`; 0: a batch per I/O turn
   * that brings server messages, at most 64 events; see `scheduleUnpaced`).
   */
  batchIntervalMs?: number;
  /**
   * The method answers with one message (unary, client streaming). Unpaced, that message then waits for the
   * call's end, which follows it a read later, instead of leaving in a batch of its own.
   */
  singleResponse?: boolean;
  /** Monotonic clock in ms; injectable for tests. */
  now?: () => number;
}

/** One call's recording: stamps events (sequence number, monotonic time), stores them and delivers them in batches. */
export interface SessionRecorder {
  record(event: CallEventInput): CallEvent;
  /** Keeps a message body; returns the message's index in its direction. */
  storeMessage(direction: MessageDirection, bytes: Uint8Array): number;
  /** The body, or undefined if the index is unknown, the body was evicted or the store keeps none. */
  messageBytes(direction: MessageDirection, index: number): Uint8Array | undefined;
  messageCount(direction: MessageDirection): number;
  readonly eventCount: number;
  /** The event with this sequence number (from 1), when the store keeps events. */
  event(seq: number): CallEvent | undefined;
  /** Milliseconds since the recording started, on the monotonic clock. */
  elapsed(): number;
  /** Delivers queued events now (e.g. once the call has ended, so listeners never wait a turn). */
  flush(): void;
}

/**
 * Unpaced (batchIntervalMs 0), a batch also leaves as soon as it holds this many events. A busy turn (hundreds
 * of messages read at once on a loaded machine) otherwise kept every event and body of it alive through the
 * young-generation GCs that ran during it, and V8, counting the survivors, doubled its new space partway through
 * a long stream: the CLI's peak for 1M messages was 98 MB against 83 MB for 100k.
 */
const UNPACED_BATCH_EVENTS = 64;

/**
 * The caller's own side of a call. Unpaced, these wait for the next event from the server, or for the call's
 * end (which flushes at once), instead of leaving a turn later on their own: with them and the response
 * headers each leaving alone, a unary `ferry call` made 2.75 batches on average where one does, each a
 * callback and an emit (62–85 µs more CPU per call than paced, in a harness alternating the two). The CLI only
 * counts sent messages; what it prints comes from the server. A busy client stream still leaves every
 * UNPACED_BATCH_EVENTS events.
 */
const OWN_SIDE: ReadonlySet<CallEvent['type']> = new Set(['call.started', 'call.message-sent', 'call.half-closed', 'call.cancelled']);

/**
 * A batch leaves in slices of at most this many events, each read back from the store only once the one before
 * has been handed on. Whole, a batch of a fast stream on a busy turn (1,000–4,000 events, and more after an
 * idle spell, when the loop runs behind) was alive at once with its decoded bodies and its JSON, 1–3 MB that
 * outlived a young-generation GC or two and was promoted; V8, counting the survivors, grew its new space to the
 * largest size, and `ferry serve`'s second 1M-message stream peaked at 1.3× the first (docs/PERFORMANCE.md,
 * "The second serve peak").
 */
const SLICE_EVENTS = 256;

/** The batch interval when none is given: one display frame, so a UI gets at most a batch per frame. */
export const DEFAULT_BATCH_INTERVAL_MS = 16;

/** Every paced recorder of the process waits on this one timer (see batch-timer.ts). */
const pacing = new BatchTimer();
let nextPacedId = 0;

export function createSessionRecorder(options: SessionRecorderOptions): SessionRecorder {
  return new BatchingRecorder(options);
}

// A class: one recorder is made per call, and an object literal with a getter would be a dictionary-mode object.
class BatchingRecorder implements SessionRecorder, Paced {
  private readonly store: SessionStore;
  private readonly onEvents: ((events: CallEvent[]) => void) | undefined;
  private readonly now: () => number;
  private readonly started: number;
  private readonly batchInterval: number;
  private readonly singleResponse: boolean;
  // Undelivered events the store keeps are a range of sequence numbers, read back from the store when the batch
  // leaves: held as objects for the batch interval, they outlived the young generation whenever it was small
  // (after an idle spell) and were promoted by the thousand. Events the store does not keep wait as objects.
  private pendingFrom = 0;
  private pendingKept = 0;
  private pendingLoose: CallEvent[] = [];
  private cancelScheduled: (() => void) | undefined;
  // The start counts as a delivery: a unary call made one batch for its start and one for its end, and the
  // first cost a callback, an emit and the inline decode of the request, all for events its end carries a
  // moment later.
  private lastFlush = monotonicMs();
  readonly flushNow = (): void => this.flush();
  readonly pacedId = nextPacedId++;
  pacedAt = Infinity;
  private readonly cancelPaced = (): void => pacing.cancel(this);

  constructor(options: SessionRecorderOptions) {
    this.store = options.store;
    this.onEvents = options.onEvents;
    this.now = options.now ?? monotonicMs;
    this.started = this.now();
    this.batchInterval = options.batchIntervalMs ?? DEFAULT_BATCH_INTERVAL_MS;
    this.singleResponse = options.singleResponse ?? false;
  }

  get eventCount(): number {
    return this.store.eventCount;
  }

  record(input: CallEventInput): CallEvent {
    // Stamped in place: every input is a fresh literal, and a spread copy per event showed in unary profiles.
    const event = input as CallEvent;
    event.seq = this.store.eventCount + 1;
    event.timeMs = this.now() - this.started;
    this.store.append(event);
    if (this.onEvents) {
      if (this.store.keepsEvents && this.pendingLoose.length === 0) {
        if (this.pendingKept++ === 0) this.pendingFrom = event.seq;
      } else {
        this.pendingLoose.push(event);
      }
      if (this.batchInterval === 0) this.scheduleUnpaced(event.type);
      else this.schedule();
    }
    return event;
  }

  storeMessage(direction: MessageDirection, bytes: Uint8Array): number {
    return this.store.addBody(direction, bytes);
  }

  messageBytes(direction: MessageDirection, index: number): Uint8Array | undefined {
    return this.store.body(direction, index);
  }

  messageCount(direction: MessageDirection): number {
    return this.store.messageCount(direction);
  }

  event(seq: number): CallEvent | undefined {
    return this.store.event(seq);
  }

  elapsed(): number {
    return this.now() - this.started;
  }

  flush(): void {
    this.cancelScheduled?.();
    this.cancelScheduled = undefined;
    if (this.pendingKept + this.pendingLoose.length === 0) return;
    this.lastFlush = monotonicMs();
    const from = this.pendingFrom;
    const end = from + this.pendingKept;
    const loose = this.pendingLoose;
    this.pendingKept = 0;
    this.pendingLoose = [];
    let slice: CallEvent[] = [];
    for (let seq = from; seq < end; seq++) {
      const event = this.store.event(seq);
      if (event && slice.push(event) === SLICE_EVENTS) slice = this.handOn(slice);
    }
    for (const event of loose) if (slice.push(event) === SLICE_EVENTS) slice = this.handOn(slice);
    if (slice.length > 0) this.onEvents?.(slice);
    this.store.delivered();
  }

  private handOn(slice: CallEvent[]): CallEvent[] {
    this.onEvents?.(slice);
    return [];
  }

  /**
   * A batch per I/O turn that brings the server's messages or the call's end, or per UNPACED_BATCH_EVENTS
   * events. The caller's own events wait for the server's (see OWN_SIDE). Response headers, and the one
   * response of a single-response method, wait up to one batch interval for what usually follows a read
   * later (the message, the end), so a unary call is one batch where it was two or three.
   */
  private scheduleUnpaced(type: CallEvent['type']): void {
    if (this.pendingKept + this.pendingLoose.length >= UNPACED_BATCH_EVENTS) return this.flush();
    if (OWN_SIDE.has(type)) return;
    if (type === 'call.headers-received' || (type === 'call.message-received' && this.singleResponse)) {
      if (!this.cancelScheduled) this.scheduleAt(monotonicMs() + DEFAULT_BATCH_INTERVAL_MS);
      return;
    }
    if (this.cancelScheduled === this.cancelPaced) {
      this.cancelPaced();
      this.cancelScheduled = undefined;
    }
    this.scheduleImmediate();
  }

  private scheduleAt(due: number): void {
    pacing.schedule(this, due);
    this.cancelScheduled = this.cancelPaced;
  }

  private scheduleImmediate(): void {
    if (this.cancelScheduled) return;
    const immediate = setImmediate(this.flushNow);
    this.cancelScheduled = () => clearImmediate(immediate);
  }

  private schedule(): void {
    if (this.cancelScheduled) return;
    // grpc-js hands over one socket read per I/O turn (a few messages), so a per-turn flush alone would still
    // mean a callback every couple of messages; pacing by time gives one batch per frame under load.
    const due = this.lastFlush + this.batchInterval;
    if (due > monotonicMs()) this.scheduleAt(due);
    else this.scheduleImmediate();
  }
}
