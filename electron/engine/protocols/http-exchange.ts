import type { HeaderPairs } from './web-metadata';

/** What one HTTP request/response reports, the same for HTTP/1.1 and HTTP/2. */
export interface ExchangeHandlers {
  onResponse(status: number, headers: HeaderPairs): void;
  onData(chunk: Buffer): void;
  /** HTTP trailers (HTTP/2, or chunked HTTP/1.1); web protocols rarely use them. */
  onTrailers(trailers: HeaderPairs): void;
  onEnd(): void;
  /** The exchange failed before the body ended: `code` is the gRPC status it means. */
  onError(code: number, message: string): void;
}

export interface ExchangeRequest {
  /** The full request path, prefix included. */
  path: string;
  headers: HeaderPairs;
  /** The whole body, when it is known up front: sent at once with a content-length. */
  body?: Buffer;
}

/** One HTTP request in flight; streaming bodies (HTTP/2 only) use `write` and `end`. */
export interface HttpExchange {
  write(chunk: Buffer): void;
  end(): void;
  /** Aborts the request (RST_STREAM CANCEL on HTTP/2, closing the socket on HTTP/1.1). */
  cancel(): void;
}

/** Node's header object (values joined or listed) as ordered pairs; pseudo-headers dropped. */
export function pairsFromHeaderObject(headers: Record<string, string | string[] | number | undefined>): HeaderPairs {
  const pairs: HeaderPairs = [];
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(':') || value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) pairs.push([name.toLowerCase(), String(one)]);
  }
  return pairs;
}

/** Node's raw header list (`[name, value, name, value, …]`, one entry per header line) as pairs. */
export function pairsFromRawHeaders(raw: readonly string[]): HeaderPairs {
  const pairs: HeaderPairs = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i]!.toLowerCase(), raw[i + 1]!]);
  return pairs;
}
