/**
 * Events on their way to one client. They leave in one batch per turn while the transport keeps up (at once
 * for a transport that sends each event on its own), a batch holding at most DELIVER_AT_CALL_EVENTS call
 * events; while it is behind they wait, and message events of each call are replaced by `skipped` counts
 * (the client reads those rows back with readEvents). Headers, trailers, half-close, cancel, the end of a
 * call and every other event are never dropped, so what waits stays small however fast the streams run.
 */
import type { FerryEvent, SkippedEvents } from '../../../shared/api';
import type { CallEvent } from '../../../shared/model';

/** How a transport takes events to its client. */
export interface ClientTransport {
  /** Sends events now, in order. */
  deliver(events: FerryEvent[]): void;
  /** True while earlier events have not left yet (WebSocket bufferedAmount, IPC batches not acknowledged). */
  isBehind(): boolean;
  /**
   * Sends every event as a message of its own (WebSocket frames), so holding events to the end of the turn
   * gains nothing: an event leaves at once when nothing waits. Held, a 16 ms batch of a fast stream (a thousand
   * and more event objects) outlived a young-generation GC or two while the turn read on, and was promoted.
   */
  readonly sendsEachEvent?: boolean;
}

/** How often a transport that is behind is checked again. */
const RETRY_MS = 16;
/** While behind, the waiting events are coalesced once they number this many. */
const COALESCE_AT = 64;
/**
 * A transport that takes a batch per turn (IPC) gets what waits at once when it holds this many call events,
 * and the rest of the turn goes in later batches; while it is behind, that many waiting are coalesced. A turn
 * of a fast stream reads up to ~2 MB from the socket: ~14,000 100 B messages, whose events and decoded bodies
 * were alive at once in one batch, outlived the young generation and were promoted (docs/PERFORMANCE.md,
 * "The desktop path").
 */
const DELIVER_AT_CALL_EVENTS = 1024;

type CallEvents = Extract<FerryEvent, { type: 'call.events' }>;

function noneSkipped(): SkippedEvents {
  return { events: 0, sent: 0, received: 0, sentBytes: 0, receivedBytes: 0 };
}

function addSkipped(into: SkippedEvents, more: SkippedEvents): void {
  into.events += more.events;
  into.sent += more.sent;
  into.received += more.received;
  into.sentBytes += more.sentBytes;
  into.receivedBytes += more.receivedBytes;
}

function skip(into: SkippedEvents, event: CallEvent): boolean {
  if (event.type === 'call.message-sent') {
    into.sent++;
    into.sentBytes += event.size;
  } else if (event.type === 'call.message-received') {
    into.received++;
    into.receivedBytes += event.size;
  } else {
    return false;
  }
  into.events++;
  return true;
}

/** One `call.events` per call, holding its events that are not messages and the counts of those that are. */
export function coalesceEvents(queue: readonly FerryEvent[]): FerryEvent[] {
  const out: FerryEvent[] = [];
  const byCall = new Map<string, CallEvents & { skipped: SkippedEvents }>();
  for (const event of queue) {
    if (event.type !== 'call.events') {
      out.push(event);
      continue;
    }
    let merged = byCall.get(event.callId);
    if (!merged) {
      merged = { type: 'call.events', callId: event.callId, events: [], skipped: noneSkipped() };
      byCall.set(event.callId, merged);
      out.push(merged);
    }
    if (event.skipped) addSkipped(merged.skipped, event.skipped);
    for (const callEvent of event.events) if (!skip(merged.skipped, callEvent)) merged.events.push(callEvent);
  }
  for (const merged of byCall.values()) if (merged.skipped.events === 0) delete (merged as Partial<CallEvents>).skipped;
  return out;
}

function countCallEvents(queue: readonly FerryEvent[]): number {
  let count = 0;
  for (const event of queue) if (event.type === 'call.events') count += event.events.length;
  return count;
}

export interface EventOutbox {
  push(event: FerryEvent): void;
  close(): void;
}

export function createEventOutbox(transport: ClientTransport): EventOutbox {
  let queue: FerryEvent[] = [];
  let timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  let closed = false;
  let coalesceAt = COALESCE_AT;
  let waitingCallEvents = 0;

  function coalesce(): void {
    queue = coalesceEvents(queue);
    coalesceAt = Math.max(COALESCE_AT, 2 * queue.length);
    waitingCallEvents = countCallEvents(queue);
  }

  function deliverWaiting(): void {
    const batch = queue;
    queue = [];
    waitingCallEvents = 0;
    transport.deliver(batch);
  }

  function flush(): void {
    timer = undefined;
    if (closed || queue.length === 0) return;
    if (transport.isBehind()) {
      coalesce();
      timer = setTimeout(flush, RETRY_MS);
      return;
    }
    deliverWaiting();
  }

  return {
    push(event) {
      if (closed) return;
      if (transport.sendsEachEvent && queue.length === 0 && !transport.isBehind()) return transport.deliver([event]);
      queue.push(event);
      if (event.type === 'call.events') waitingCallEvents += event.events.length;
      if (timer === undefined) timer = setImmediate(flush);
      if (waitingCallEvents < DELIVER_AT_CALL_EVENTS && queue.length < coalesceAt) return;
      if (transport.isBehind()) coalesce();
      else if (waitingCallEvents >= DELIVER_AT_CALL_EVENTS) deliverWaiting();
    },
    close() {
      closed = true;
      queue = [];
    },
  };
}
