import type { ExportChunk, ExportRange } from '../../shared/api';
import { eventDirection } from '../../shared/model';
import type { CallSession } from './calls';

/** One slice of a session as NDJSON: one event per line; message events carry the message's ProtoJSON (decoded now, read back from the spill files when the slice is old). */
export function exportSessionNdjson(session: CallSession, range: ExportRange): ExportChunk {
  const total = session.eventCount;
  const from = Math.max(1, range.fromSeq);
  const to = Math.min(total, from - 1 + range.limit);
  const lines: string[] = [];
  for (let seq = from; seq <= to; seq++) {
    const event = session.event(seq)!;
    if (event.type !== 'call.message-sent' && event.type !== 'call.message-received') {
      lines.push(JSON.stringify(event));
      continue;
    }
    const json = session.messageJson(eventDirection(event), event.index);
    lines.push(JSON.stringify(json.ok ? { ...event, message: json.value } : { ...event, messageError: json.error.message }));
  }
  const nextSeq = to + 1;
  return { ndjson: lines.length === 0 ? '' : `${lines.join('\n')}\n`, nextSeq, done: session.status !== undefined && nextSeq > total };
}
