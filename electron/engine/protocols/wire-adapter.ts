import type { MetadataEntry } from '../../../shared/model';
import type { Compression } from './message-compression';
import type { JsonWire, WebCallEnd } from './web-protocol';
import type { HeaderPairs } from './web-metadata';
import { nodeHttp } from './node-network';

/** Where a protocol's response reader puts what it understood. */
export interface ResponseSink {
  headers(headers: MetadataEntry[]): void;
  message(bytes: Buffer): void;
  end(end: WebCallEnd): void;
}

/**
 * Reads one HTTP response as a protocol defines it. May throw a FerryFailure (a message too large, a body
 * that does not decode); the caller then ends the call with that code.
 */
export interface ResponseReader {
  response(status: number, headers: HeaderPairs): void;
  data(chunk: Buffer): void;
  trailers(trailers: HeaderPairs): void;
  end(): void;
}

export interface WireSettings {
  /** Compress request messages. */
  compression?: Compression;
  maxReceiveBytes: number;
  /** Set for `connect` + `json`. */
  json?: JsonWire;
}

/** What differs between gRPC-Web (binary, text), Connect streaming and Connect unary: framing and headers. */
export interface WireAdapter {
  /** Protocol headers, the deadline's among them; the user's metadata goes after them. */
  headers(timeoutMs: number | undefined): HeaderPairs;
  /** One request message as it goes into the body. */
  frame(message: Uint8Array): Buffer;
  reader(sink: ResponseSink): ResponseReader;
}

/** The end of a call whose response was not what the protocol promises (wrong content type, HTTP error). */
export function contentTypeMismatch(expected: string, got: string | undefined): string {
  return `the server answered with content-type "${got ?? '(none)'}", not ${expected}: is this URL an endpoint of that protocol?`;
}

/**
 * A non-200 answer in one sentence: the reason phrase, the start of the body (a proxy's or web server's error
 * page is the best clue there is) and, for the statuses that mean "wrong protocol or path", what to check.
 */
export function httpErrorMessage(httpStatus: number, body: Buffer, protocol: string): string {
  const text = body.toString('utf8').replace(/\s+/g, ' ').trim().slice(0, 200);
  const head = `HTTP ${httpStatus} ${nodeHttp().STATUS_CODES[httpStatus] ?? ''}`.trim() + (text ? `: ${text}` : '');
  if (httpStatus === 415) return `${head} (the server does not accept ${protocol} requests here; try another protocol)`;
  if (httpStatus === 404) return `${head} (no such method at this URL; check the path prefix)`;
  if (httpStatus === 505) return `${head} (the server needs HTTP/2 for this method; try HTTP/2)`;
  return head;
}

/** The start of an error response's body: enough to explain it, bounded whatever the server sends. */
export function createErrorBody(limit = 4096): { push(chunk: Buffer): void; bytes(): Buffer } {
  const chunks: Buffer[] = [];
  let kept = 0;
  return {
    push(chunk) {
      if (kept >= limit) return;
      const part = chunk.subarray(0, limit - kept);
      chunks.push(Buffer.from(part));
      kept += part.byteLength;
    },
    bytes: () => Buffer.concat(chunks),
  };
}
