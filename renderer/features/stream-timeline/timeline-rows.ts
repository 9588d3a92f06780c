import type { CallEvent, MetadataEntry } from '../../../shared/model';

export type EventDirection = 'sent' | 'received';
export type DirectionFilter = 'all' | EventDirection;

/** Client-side facts (what we started, sent, closed, cancelled) are "sent"; what the server said is "received". */
export function eventDirection(event: CallEvent): EventDirection {
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

export interface TimelineFilter {
  direction: DirectionFilter;
  text: string;
}

/** Rows of a filtered timeline; `scanned` is how much of the log they cover, so appends extend them. */
export interface FilteredRows {
  rows: number[];
  scanned: number;
}

/**
 * Indices of the events among the first `length` that pass the filter, or undefined when nothing is
 * filtered (callers then map row i to event i without building a 100,000-entry array). Given the previous
 * result for the same log and filter, only the newly appended events are scanned: a live stream with a
 * filter set costs per frame what arrived in that frame, and `maxScan` caps one call so a new search over a
 * long log is spread over several frames (call again with the result until `scanned` reaches `length`).
 * Text search sees the summary line only, so a
 * message's body matches only once its JSON has been fetched (selected).
 */
export function filterTimeline(
  events: readonly CallEvent[],
  length: number,
  filter: TimelineFilter,
  previewOf: (event: CallEvent) => string | undefined,
  previous?: FilteredRows,
  maxScan = Infinity,
): FilteredRows | undefined {
  const text = filter.text.trim().toLowerCase();
  if (filter.direction === 'all' && text === '') return undefined;
  const extend = previous !== undefined && previous.scanned <= length;
  const rows = extend ? previous.rows : [];
  const from = extend ? previous.scanned : 0;
  const to = Math.min(length, from + maxScan);
  for (let i = from; i < to; i++) {
    const event = events[i] as CallEvent;
    if (filter.direction !== 'all' && eventDirection(event) !== filter.direction) continue;
    if (text !== '' && !eventSummary(event, previewOf(event)).toLowerCase().includes(text)) continue;
    rows.push(i);
  }
  return { rows, scanned: to };
}

/** The row showing the event with `seq` (rows are in log order, and seq grows along the log). */
export function rowOfSeq(seq: number, count: number, seqAt: (row: number) => number | undefined): number | undefined {
  let lo = 0;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = seqAt(mid);
    if (at === undefined) return undefined;
    if (at === seq) return mid;
    if (at < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}
