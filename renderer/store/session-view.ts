import type { SkippedEvents } from '../../shared/api';
import type { CallEvent, CallStatus, CallTimings, HttpVersion, MessageDirection, MetadataEntry, WireProtocol } from '../../shared/model';
import { createRecentEvents, type RecentEvents } from './recent-events';

/**
 * Events of a call the renderer keeps in memory: the newest ones, for the live tail of the timeline.
 * Everything older is read back from the engine page by page. With at most INLINE_MESSAGE_BYTES of
 * decoded message per event, a session's window holds at most about 8 MiB of messages whatever the stream.
 */
export const RECENT_EVENTS = 2_000;

/**
 * Live message events carry their decoded JSON up to this wire size (`StartCallRequest.inlineMessageBytes`):
 * a unary response or a small stream message shows without asking the engine again.
 */
export const INLINE_MESSAGE_BYTES = 4_096;

/**
 * What the renderer knows about one call: exact counts, the facts derived from its events, and a bounded
 * window of its newest events (`recent`). Nothing here grows with the length of the stream.
 * Each applied batch returns a new SessionView object with a higher `version`, so selectors and React see a
 * change although `recent` is updated in place (see RecentEvents).
 */
export interface SessionView {
  callId: string;
  version: number;
  method?: string;
  /** Sequence number of the newest event known, delivered or skipped: the timeline has this many rows. */
  lastSeq: number;
  recent: RecentEvents;
  sentCount: number;
  receivedCount: number;
  sentBytes: number;
  receivedBytes: number;
  /** Events the transport coalesced away while the renderer was behind, in total; their rows are paged in. */
  skipped: SkippedEvents;
  /** The last batch came with skipped events and the call goes on: the renderer is catching up. */
  catchingUp: boolean;
  headers?: MetadataEntry[];
  trailers?: MetadataEntry[];
  halfClosed: boolean;
  status?: CallStatus;
  timings?: CallTimings;
  /** Which protocol answered, and over which HTTP version (from the call's end). */
  protocol?: WireProtocol;
  httpVersion?: HttpVersion;
  ended: boolean;
  /** The engine dropped this call's message bodies, or its whole session, to stay within its limits. */
  evicted?: { scope: 'bodies' | 'session'; reason: string };
  /** The engine no longer knows the call (it answered NOT_FOUND): nothing more can be read of it. */
  released: boolean;
}

const noSkipped = (): SkippedEvents => ({ events: 0, sent: 0, received: 0, sentBytes: 0, receivedBytes: 0 });

export function emptySession(callId: string, capacity = RECENT_EVENTS): SessionView {
  return {
    callId,
    version: 0,
    lastSeq: 0,
    recent: createRecentEvents(capacity),
    sentCount: 0,
    receivedCount: 0,
    sentBytes: 0,
    receivedBytes: 0,
    skipped: noSkipped(),
    catchingUp: false,
    halfClosed: false,
    ended: false,
    released: false,
  };
}

function addSkipped(total: SkippedEvents, more: SkippedEvents): SkippedEvents {
  return {
    events: total.events + more.events,
    sent: total.sent + more.sent,
    received: total.received + more.received,
    sentBytes: total.sentBytes + more.sentBytes,
    receivedBytes: total.receivedBytes + more.receivedBytes,
  };
}

/** Applies one `call.events` batch: its events go into the window, its skipped counts into the totals. */
export function applyCallBatch(session: SessionView, events: readonly CallEvent[], skipped?: SkippedEvents): SessionView {
  const next: SessionView = { ...session, version: session.version + 1 };
  // Every seq is delivered or skipped exactly once, so the count is exact even when the skipped ones are the newest.
  let lastSeq = session.lastSeq + events.length;
  if (skipped) {
    lastSeq += skipped.events;
    next.skipped = addSkipped(session.skipped, skipped);
    next.sentCount += skipped.sent;
    next.receivedCount += skipped.received;
    next.sentBytes += skipped.sentBytes;
    next.receivedBytes += skipped.receivedBytes;
  }
  for (const event of events) {
    session.recent.put(event);
    if (event.seq > lastSeq) lastSeq = event.seq;
    countEvent(next, event);
  }
  next.lastSeq = lastSeq;
  // Once the call has ended nothing more is coming: the view has caught up, whatever the last batch skipped.
  next.catchingUp = skipped !== undefined && skipped.events > 0 && !next.ended;
  return next;
}

function countEvent(next: SessionView, event: CallEvent): void {
  switch (event.type) {
    case 'call.started':
      next.method = event.method;
      break;
    case 'call.message-sent':
      next.sentCount++;
      next.sentBytes += event.size;
      break;
    case 'call.message-received':
      next.receivedCount++;
      next.receivedBytes += event.size;
      // Live timings until call.ended brings the engine's own.
      if (next.timings?.firstMessageMs === undefined) next.timings = { ...next.timings, firstMessageMs: event.timeMs };
      break;
    case 'call.headers-received':
      next.headers = event.metadata;
      next.timings = { ...next.timings, headersMs: event.timeMs };
      break;
    case 'call.trailers-received':
      next.trailers = event.metadata;
      break;
    case 'call.half-closed':
      next.halfClosed = true;
      break;
    case 'call.ended':
      next.status = event.status;
      next.timings = event.timings;
      next.protocol = event.protocol;
      next.httpVersion = event.httpVersion;
      next.ended = true;
      break;
    case 'call.cancelled':
      break;
  }
}

type MessageEvent = Extract<CallEvent, { type: 'call.message-sent' | 'call.message-received' }>;

/**
 * A message event still in the window that carries its decoded JSON inline. Scans back from the newest
 * event (indices grow with seq), so it costs at most one pass over the window.
 */
export function findInlineMessage(session: SessionView, direction: MessageDirection, index: number): MessageEvent | undefined {
  const type = direction === 'sent' ? 'call.message-sent' : 'call.message-received';
  const { recent } = session;
  for (let seq = recent.newestSeq; seq > recent.newestSeq - recent.capacity && seq > 0; seq--) {
    const event = recent.get(seq);
    if (event?.type !== type) continue;
    if (event.index === index) return event.message === undefined ? undefined : event;
    if (event.index < index) return undefined;
  }
  return undefined;
}
