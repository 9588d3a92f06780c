import type { Result } from '../../../shared/errors';
import type { CallEvent, MessageDirection } from '../../../shared/model';

/** A kept message of a call as ProtoJSON, decoded now. */
export type DecodeMessage = (direction: MessageDirection, index: number) => Result<unknown>;

/**
 * Copies of message events of at most `maxBytes` on the wire carrying their decoded body (`message`, or
 * `messageError` when it does not decode); other events are passed as they are, recorded events untouched.
 */
export function inlineMessages(events: CallEvent[], maxBytes: number, decode: DecodeMessage): CallEvent[] {
  if (maxBytes <= 0) return events;
  return events.map((event) => {
    if ((event.type !== 'call.message-sent' && event.type !== 'call.message-received') || event.size > maxBytes) return event;
    const json = decode(event.type === 'call.message-sent' ? 'sent' : 'received', event.index);
    // Spelled out: a spread copy of each event showed in unary profiles.
    const { type, seq, timeMs, index, size } = event;
    return json.ok ? { type, seq, timeMs, index, size, message: json.value } : { type, seq, timeMs, index, size, messageError: json.error.message };
  });
}
