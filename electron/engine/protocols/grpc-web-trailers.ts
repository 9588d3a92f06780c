import { Status } from './status-codes';
import type { WebCallEnd } from './web-protocol';
import { metadataFromHeaders, headerValue, type HeaderPairs } from './web-metadata';

const STATUS_HEADERS = new Set(['grpc-status', 'grpc-message']);

/** The gRPC-Web trailer frame's payload: HTTP/1-style `name: value` lines separated by CRLF. */
export function parseTrailerFrame(payload: Buffer): HeaderPairs {
  const pairs: HeaderPairs = [];
  for (const line of payload.toString('utf8').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    pairs.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return pairs;
}

/** grpc-message's percent-encoding (gRPC over HTTP/2 spec): printable ASCII but `%` as it is, other UTF-8 bytes as %XX. */
export function encodeGrpcMessage(message: string): string {
  let out = '';
  for (const byte of Buffer.from(message, 'utf8')) out += byte >= 0x20 && byte <= 0x7e && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

/** A trailer frame's payload for a status and its trailers (`-bin` values in base64), as a server writes it (read back by parseTrailerFrame). */
export function trailerFramePayload(code: number, message: string, trailers: HeaderPairs = []): Buffer {
  const lines = [['grpc-status', String(code)], ['grpc-message', encodeGrpcMessage(message)], ...trailers].map(([name, value]) => `${name}:${value}\r\n`);
  return Buffer.from(lines.join(''), 'latin1');
}

/** grpc-message is percent-encoded (gRPC over HTTP/2 spec); a server that did it wrong still gets read. */
function decodeGrpcMessage(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * The status carried in gRPC headers (a trailer frame, HTTP/2 trailers, or a trailers-only response's
 * headers), or undefined when they carry none. Trailers leave out grpc-status and grpc-message, as grpc-js
 * reports them (grpc-status-details-bin stays).
 */
export function statusFromGrpcHeaders(pairs: HeaderPairs): WebCallEnd | undefined {
  const rawStatus = headerValue(pairs, 'grpc-status');
  if (rawStatus === undefined) return undefined;
  const parsed = /^\d+$/.test(rawStatus.trim()) ? Number(rawStatus) : NaN;
  const trailers = metadataFromHeaders(pairs, (name) => STATUS_HEADERS.has(name));
  if (!(parsed >= 0 && parsed <= 16)) {
    return { code: Status.UNKNOWN, message: `the server sent an invalid grpc-status "${rawStatus}"`, trailers };
  }
  const details = headerValue(pairs, 'grpc-status-details-bin');
  return {
    code: parsed,
    message: decodeGrpcMessage(headerValue(pairs, 'grpc-message') ?? ''),
    trailers,
    ...(details ? { statusDetails: Buffer.from(details, 'base64') } : {}),
  };
}
