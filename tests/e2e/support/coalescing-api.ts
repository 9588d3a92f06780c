/**
 * The engine as a client sees it through a transport that fell behind: in each `call.events` batch, the
 * message events `behind` picks are replaced by their counts in `skipped`, as the FerryEvent contract lets
 * a transport do. The engine still records every event, so the UI reads the skipped rows back with
 * `readEvents`. The engine's own outbox (engine/clients/event-outbox.ts) does this when a socket falls
 * behind; this stand-in does it for chosen messages, deterministically, where real backpressure depends
 * on how busy the machine is.
 */
import type { FerryApi, FerryEvent, SkippedEvents } from '../../../shared/api';
import type { CallEvent } from '../../../shared/model';

type MessageEvent = Extract<CallEvent, { type: 'call.message-sent' | 'call.message-received' }>;

function coalesce(event: FerryEvent, behind: (event: MessageEvent) => boolean): FerryEvent {
  if (event.type !== 'call.events') return event;
  const skipped: SkippedEvents = { events: 0, sent: 0, received: 0, sentBytes: 0, receivedBytes: 0 };
  const kept = event.events.filter((e) => {
    if ((e.type !== 'call.message-sent' && e.type !== 'call.message-received') || !behind(e)) return true;
    skipped.events++;
    if (e.type === 'call.message-sent') {
      skipped.sent++;
      skipped.sentBytes += e.size;
    } else {
      skipped.received++;
      skipped.receivedBytes += e.size;
    }
    return false;
  });
  return skipped.events === 0 ? event : { ...event, events: kept, skipped };
}

export function withCoalescing(api: FerryApi, behind: (event: MessageEvent) => boolean): FerryApi {
  return { ...api, onEvent: (listener) => api.onEvent((event) => listener(coalesce(event, behind))) };
}
