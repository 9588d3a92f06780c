/**
 * Events as spill records. Message events, nearly all of a long stream, take 17 bytes (kind, time, index,
 * size; the sequence number is implied by the position); the rare others are JSON.
 */
import type { CallEvent } from '../../../shared/model';

const JSON_EVENT = 0;
const SENT = 1;
const RECEIVED = 2;
const MESSAGE_RECORD = 1 + 8 + 4 + 4;

export function encodeEvents(events: readonly CallEvent[]): Buffer {
  let total = 0;
  const texts: (string | undefined)[] = events.map((event) => {
    if (event.type === 'call.message-sent' || event.type === 'call.message-received') {
      total += MESSAGE_RECORD;
      return undefined;
    }
    const text = JSON.stringify(event);
    total += 5 + Buffer.byteLength(text);
    return text;
  });
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  events.forEach((event, i) => {
    const text = texts[i];
    if (text === undefined && (event.type === 'call.message-sent' || event.type === 'call.message-received')) {
      at = out.writeUInt8(event.type === 'call.message-sent' ? SENT : RECEIVED, at);
      at = out.writeDoubleLE(event.timeMs, at);
      at = out.writeUInt32LE(event.index, at);
      at = out.writeUInt32LE(event.size, at);
      return;
    }
    at = out.writeUInt8(JSON_EVENT, at);
    const length = out.write(text!, at + 4);
    out.writeUInt32LE(length, at);
    at += 4 + length;
  });
  return out;
}

/** The events of one record block; `firstSeq` is the sequence number of the first. */
export function decodeEvents(bytes: Buffer, firstSeq: number): CallEvent[] {
  const events: CallEvent[] = [];
  let at = 0;
  while (at < bytes.length) {
    const kind = bytes.readUInt8(at);
    const seq = firstSeq + events.length;
    if (kind === JSON_EVENT) {
      const length = bytes.readUInt32LE(at + 1);
      events.push(JSON.parse(bytes.toString('utf8', at + 5, at + 5 + length)) as CallEvent);
      at += 5 + length;
      continue;
    }
    const timeMs = bytes.readDoubleLE(at + 1);
    const index = bytes.readUInt32LE(at + 9);
    const size = bytes.readUInt32LE(at + 13);
    events.push({ type: kind === SENT ? 'call.message-sent' : 'call.message-received', seq, timeMs, index, size });
    at += MESSAGE_RECORD;
  }
  return events;
}
