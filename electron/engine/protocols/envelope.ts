import { fail } from '../../../shared/errors';

/**
 * The 5-byte length-prefixed envelope shared by gRPC, gRPC-Web and Connect streaming:
 * one flags byte, a big-endian uint32 length, then the payload.
 */
export const ENVELOPE_HEADER_BYTES = 5;
/** The payload is compressed with the call's negotiated encoding. */
export const FLAG_COMPRESSED = 0x01;
/** Connect: the end-stream message (JSON). */
export const FLAG_END_STREAM = 0x02;
/** gRPC-Web: the trailer frame (HTTP/1-style header lines). */
export const FLAG_TRAILERS = 0x80;

export function encodeEnvelope(flags: number, payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(ENVELOPE_HEADER_BYTES + payload.byteLength);
  out[0] = flags;
  out.writeUInt32BE(payload.byteLength, 1);
  out.set(payload, ENVELOPE_HEADER_BYTES);
  return out;
}

export type EnvelopeHandler = (flags: number, payload: Buffer) => void;

export interface EnvelopeReader {
  /** Feeds the next chunk of the body; calls the handler once per complete envelope, in order. */
  push(chunk: Buffer): void;
  /** Bytes of an envelope started but not finished (non-zero at the end of a body means it was cut short). */
  readonly pendingBytes: number;
}

/**
 * Splits a body into envelopes however it was chunked. Payloads are copies the handler may keep (a slice
 * would pin the whole read chunk, see docs/ARCHITECTURE.md, Library facts). `maxPayloadBytes` bounds one message, checked from
 * its header before any of it is buffered.
 */
export function createEnvelopeReader(onEnvelope: EnvelopeHandler, maxPayloadBytes: number): EnvelopeReader {
  let parts: Buffer[] = [];
  let buffered = 0;

  const lengthOf = (head: Buffer, offset: number): number => {
    const flags = head[offset]!;
    const length = head.readUInt32BE(offset + 1);
    const isMessage = (flags & (FLAG_TRAILERS | FLAG_END_STREAM)) === 0;
    if (isMessage && length > maxPayloadBytes) fail('RESOURCE_EXHAUSTED', `Received message larger than max (${length} vs. ${maxPayloadBytes})`);
    return length;
  };

  /** Emits every whole envelope in `chunk` (copying each payload) and keeps the unfinished rest. */
  const scan = (chunk: Buffer): void => {
    let offset = 0;
    while (chunk.byteLength - offset >= ENVELOPE_HEADER_BYTES) {
      const end = offset + ENVELOPE_HEADER_BYTES + lengthOf(chunk, offset);
      if (end > chunk.byteLength) break;
      onEnvelope(chunk[offset]!, Buffer.from(chunk.subarray(offset + ENVELOPE_HEADER_BYTES, end)));
      offset = end;
    }
    parts = offset < chunk.byteLength ? [chunk.subarray(offset)] : [];
    buffered = chunk.byteLength - offset;
  };

  /** An envelope spread over several chunks: join once it is complete. */
  const joinAndScan = (): void => {
    if (parts[0]!.byteLength < ENVELOPE_HEADER_BYTES) parts = [Buffer.concat(parts, buffered)];
    const needed = ENVELOPE_HEADER_BYTES + lengthOf(parts[0]!, 0);
    if (buffered < needed) return;
    const joined = Buffer.concat(parts, buffered);
    const payload = joined.subarray(ENVELOPE_HEADER_BYTES, needed);
    // A view is fine when the envelope fills the joined buffer; otherwise it would pin what follows.
    onEnvelope(joined[0]!, joined.byteLength === needed ? payload : Buffer.from(payload));
    scan(joined.subarray(needed));
  };

  return {
    push(chunk) {
      if (buffered === 0) return scan(chunk);
      parts.push(chunk);
      buffered += chunk.byteLength;
      if (buffered >= ENVELOPE_HEADER_BYTES) joinAndScan();
    },
    get pendingBytes() {
      return buffered;
    },
  };
}
