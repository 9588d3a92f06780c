/** How a call event reads in one line: the timeline's rows, its search, and the engine's event filter. */
import type { CallEvent, MessageDirection, MetadataEntry } from './call';

/** Client-side facts (what we started, sent, closed, cancelled) are "sent"; what the server said is "received". */
export function eventDirection(event: CallEvent): MessageDirection {
  switch (event.type) {
    case 'call.started':
    case 'call.message-sent':
    case 'call.half-closed':
    case 'call.cancelled':
      return 'sent';
    default:
      return 'received';
  }
}

export type EventKind = 'started' | 'message' | 'headers' | 'trailers' | 'half-close' | 'cancelled' | 'status';

/** One word for what the event is, so rows of one direction tell apart by name (`sent #7 half-close`). */
export function eventKind(event: CallEvent): EventKind {
  switch (event.type) {
    case 'call.started':
      return 'started';
    case 'call.message-sent':
    case 'call.message-received':
      return 'message';
    case 'call.headers-received':
      return 'headers';
    case 'call.trailers-received':
      return 'trailers';
    case 'call.half-closed':
      return 'half-close';
    case 'call.cancelled':
      return 'cancelled';
    case 'call.ended':
      return 'status';
  }
}

/** A timeline row's accessible name: `<direction> #<seq> <kind>`, e.g. `received #9 status`. */
export function eventRowName(event: CallEvent): string {
  return `${eventDirection(event)} #${event.seq} ${eventKind(event)}`;
}

export function eventSize(event: CallEvent): number | undefined {
  return event.type === 'call.message-sent' || event.type === 'call.message-received' ? event.size : undefined;
}

function metadataSummary(label: string, metadata: readonly MetadataEntry[]): string {
  const shown = metadata.slice(0, 3).map((m) => `${m.key}: ${m.value.length > 40 ? `${m.value.slice(0, 40)}…` : m.value}`);
  return `${label} (${metadata.length})${shown.length > 0 ? ` ${shown.join(', ')}` : ''}${metadata.length > 3 ? ', …' : ''}`;
}

/** One line describing the event; `preview` is the message's JSON when it has been fetched. */
export function eventSummary(event: CallEvent, preview?: string): string {
  switch (event.type) {
    case 'call.started':
      return `started ${event.method} → ${event.target}`;
    case 'call.message-sent':
    case 'call.message-received':
      return preview === undefined ? `message ${event.index}` : `message ${event.index}  ${preview}`;
    case 'call.headers-received':
      return metadataSummary('headers', event.metadata);
    case 'call.trailers-received':
      return metadataSummary('trailers', event.metadata);
    case 'call.half-closed':
      return 'end of stream (half-close)';
    case 'call.cancelled':
      return 'cancelled';
    case 'call.ended': {
      // gRPC often sends the code name as the message ("OK"): `status OK`, not `status OK: OK`.
      const message = event.status.message.trim();
      return message === '' || message === event.status.name ? `status ${event.status.name}` : `status ${event.status.name}: ${message}`;
    }
  }
}

/** Compact one-line JSON for the timeline (the inspector shows it pretty-printed). */
export function compactJson(json: string, max = 160): string {
  const flat = json.replace(/\s*\n\s*/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

