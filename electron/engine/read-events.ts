import type { EventPage, EventQuery, PagedEvent } from '../../shared/api';
import { compactJson, eventDirection, eventSummary, type CallEvent } from '../../shared/model';
import type { CallSession } from './calls';
import { formatJson } from './codec';

/** Events one answer looks at, at most, when a filter matches few: the caller continues from `nextSeq`. */
const MAX_SCANNED = 50_000;
/** A text filter decodes messages to search their JSON; this caps the decoding one answer does. */
const MAX_DECODED = 5_000;

function isMessage(event: CallEvent): event is Extract<CallEvent, { type: 'call.message-sent' | 'call.message-received' }> {
  return event.type === 'call.message-sent' || event.type === 'call.message-received';
}

/** A page of a session's recorded events, filtered and with previews as the query asks (see EventQuery). */
export function readEventPage(session: CallSession, query: EventQuery): EventPage {
  const total = session.eventCount;
  const text = query.text?.trim().toLowerCase() ?? '';
  const page: PagedEvent[] = [];
  let decoded = 0;
  let seq = Math.max(1, query.fromSeq);
  const scanEnd = Math.min(total, seq - 1 + MAX_SCANNED);

  const jsonOf = (event: CallEvent): string | undefined => {
    if (!isMessage(event)) return undefined;
    decoded++;
    const json = session.messageJson(eventDirection(event), event.index);
    return json.ok ? formatJson(json.value, 0) : undefined;
  };

  for (; seq <= scanEnd && page.length < query.limit && decoded < MAX_DECODED; seq++) {
    const event = session.event(seq)!;
    if (query.direction !== undefined && eventDirection(event) !== query.direction) continue;
    let json: string | undefined;
    if (text !== '' && !eventSummary(event).toLowerCase().includes(text)) {
      json = jsonOf(event);
      if (json === undefined || !json.toLowerCase().includes(text)) continue;
    }
    page.push(paged(session, event, query.previewChars, json, jsonOf));
  }
  return { events: page, nextSeq: seq, total, ended: session.status !== undefined };
}

function paged(session: CallSession, event: CallEvent, previewChars: number | undefined, json: string | undefined, jsonOf: (e: CallEvent) => string | undefined): PagedEvent {
  if (!isMessage(event)) return event;
  if (session.messageBytes(eventDirection(event), event.index) === undefined) return { ...event, bodyEvicted: true };
  if (!previewChars) return event;
  const preview = json ?? jsonOf(event);
  return preview === undefined ? event : { ...event, preview: compactJson(preview, previewChars) };
}
