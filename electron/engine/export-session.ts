import type { CallSession } from './calls';

/** A session as NDJSON: one event per line; message events carry the message's ProtoJSON (decoded now). */
export function exportSessionNdjson(session: CallSession): string {
  const lines = session.events().map((event) => {
    if (event.type !== 'call.message-sent' && event.type !== 'call.message-received') return JSON.stringify(event);
    const direction = event.type === 'call.message-sent' ? 'sent' : 'received';
    const json = session.messageJson(direction, event.index);
    return JSON.stringify(json.ok ? { ...event, message: json.value } : { ...event, messageError: json.error.message });
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
