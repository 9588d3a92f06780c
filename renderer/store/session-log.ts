import type { CallEvent, CallStatus, CallTimings, MetadataEntry } from '../../shared/model';

/**
 * What the renderer knows about one call: its events and the facts derived from them.
 *
 * `events` is append-only and grows in place: copying a 100,000-event array on every frame would make
 * ingest quadratic. Each applied batch returns a new SessionView object with a higher `version`, so
 * selectors and React still see a change; readers take `events.length` at render time.
 */
export interface SessionView {
  callId: string;
  events: CallEvent[];
  version: number;
  method?: string;
  sentCount: number;
  receivedCount: number;
  sentBytes: number;
  receivedBytes: number;
  headers?: MetadataEntry[];
  trailers?: MetadataEntry[];
  halfClosed: boolean;
  status?: CallStatus;
  timings?: CallTimings;
  ended: boolean;
  /** The engine dropped this call's message bodies, or its whole session, to stay within its limits. */
  evicted?: { scope: 'bodies' | 'session'; reason: string };
}

export function emptySession(callId: string): SessionView {
  return { callId, events: [], version: 0, sentCount: 0, receivedCount: 0, sentBytes: 0, receivedBytes: 0, halfClosed: false, ended: false };
}

/** Appends a batch to the session (in place, see above) and returns the updated view. */
export function appendCallEvents(session: SessionView, batch: readonly CallEvent[]): SessionView {
  const next: SessionView = { ...session, version: session.version + 1 };
  const log = session.events;
  for (const event of batch) {
    log.push(event);
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
        next.ended = true;
        break;
      case 'call.cancelled':
        break;
    }
  }
  return next;
}
