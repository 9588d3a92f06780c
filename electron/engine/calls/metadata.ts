import type * as grpc from '@grpc/grpc-js';
import { fail } from '../../../shared/errors';
import type { MetadataEntry } from '../../../shared/model';
import { grpcJs } from '../channels/grpc-js';

const LEGAL_KEY = /^[0-9a-z_.-]+$/;
// Standard or URL-safe alphabet, padding optional: users paste both.
const BASE64 = /^(?:[A-Za-z0-9+/_-]{4})*(?:[A-Za-z0-9+/_-]{2}(?:==)?|[A-Za-z0-9+/_-]{3}=?)?$/;
// HTTP/2 header values: printable ASCII only (grpc-js would throw a less helpful error).
const LEGAL_TEXT_VALUE = /^[ -~]*$/;

/**
 * HTTP/2 forbids connection-specific headers (RFC 9113 §8.2.2). Node refuses to send a request holding one,
 * and grpc-js answers that by retrying at once, for ever: the call hangs with a core at 100%.
 */
const CONNECTION_SPECIFIC = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'http2-settings'];

/** Headers the protocol writes on every request itself: a value given as metadata would be replaced without a word. */
const SET_BY_PROTOCOL: Record<string, string> = {
  'content-type': 'the protocol sets content-type itself (application/grpc, or its web variant)',
  te: 'gRPC sends te: trailers itself',
  'content-length': 'the protocol frames messages itself, and a content-length would break the request',
  'user-agent': 'the user agent is set once per connection, not per call (gRPC would replace a per-call value)',
};

/** Headers Node's HTTP/2 sends at most once (ERR_HTTP2_HEADER_SINGLE_VALUE): a second value fails the call. */
const SINGLE_VALUE = new Set([
  'access-control-allow-credentials', 'access-control-max-age', 'access-control-request-method', 'age', 'authorization',
  'content-encoding', 'content-language', 'content-length', 'content-location', 'content-md5', 'content-range',
  'content-type', 'date', 'dnt', 'etag', 'expires', 'from', 'host', 'if-match', 'if-modified-since', 'if-none-match',
  'if-range', 'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'proxy-authorization', 'range',
  'referer', 'retry-after', 'tk', 'upgrade-insecure-requests', 'user-agent', 'x-content-type-options',
]);

function badEntry(key: string, why: string): never {
  return fail('BAD_INPUT', `metadata "${key}": ${why}`, { fieldPath: key });
}

function keyProblem(key: string): string | undefined {
  if (key.startsWith(':')) return 'pseudo-headers are set by gRPC itself (the authority setting sets :authority)';
  if (!LEGAL_KEY.test(key)) return 'keys may only contain a-z, 0-9, "-", "_" and "."';
  if (key.startsWith('grpc-')) return 'keys starting with "grpc-" are reserved for gRPC itself';
  if (CONNECTION_SPECIFIC.includes(key)) return `HTTP/2 forbids connection-specific headers (${CONNECTION_SPECIFIC.join(', ')}), so gRPC cannot send it`;
  const reserved = SET_BY_PROTOCOL[key];
  return reserved === undefined ? undefined : `${reserved}; remove it`;
}

function valueProblem(key: string, value: string): string | undefined {
  if (key.endsWith('-bin')) return BASE64.test(value.trim()) ? undefined : 'binary (-bin) values must be base64';
  return LEGAL_TEXT_VALUE.test(value) ? undefined : 'text values may only contain printable ASCII; use a -bin key for other bytes';
}

/** Why gRPC cannot send this one entry as given, or undefined when it can. */
export function metadataEntryProblem({ key: rawKey, value }: MetadataEntry): string | undefined {
  const key = rawKey.trim().toLowerCase();
  return keyProblem(key) ?? valueProblem(key, value);
}

/**
 * Checks entries before anything is dialed, so every front end (CLI flags, `ferry run` files, the UI's
 * call and connection metadata) refuses what HTTP/2 or gRPC would refuse, replace or loop on.
 */
export function checkMetadata(entries: readonly MetadataEntry[]): void {
  const seen = new Set<string>();
  for (const entry of entries) {
    const problem = metadataEntryProblem(entry);
    if (problem) badEntry(entry.key, problem);
    const key = entry.key.trim().toLowerCase();
    if (SINGLE_VALUE.has(key) && seen.has(key)) {
      fail('BAD_INPUT', `metadata "${entry.key}" is given twice, but HTTP/2 allows this header once`, { fieldPath: entry.key });
    }
    seen.add(key);
  }
}

/** Builds grpc-js metadata; `-bin` values are base64 text and go on the wire as their bytes. */
export function toGrpcMetadata(entries: readonly MetadataEntry[]): grpc.Metadata {
  checkMetadata(entries);
  const metadata = new (grpcJs().Metadata)();
  for (const { key: rawKey, value } of entries) {
    const key = rawKey.trim().toLowerCase();
    if (key.endsWith('-bin')) metadata.add(key, Buffer.from(value.trim(), 'base64'));
    else metadata.add(key, value);
  }
  return metadata;
}

/** Flattens grpc-js metadata in arrival order; binary values come back as standard base64. */
export function fromGrpcMetadata(metadata: grpc.Metadata): MetadataEntry[] {
  const entries: MetadataEntry[] = [];
  for (const [key, values] of Object.entries(metadata.toJSON())) {
    for (const value of values) entries.push({ key, value: typeof value === 'string' ? value : Buffer.from(value).toString('base64') });
  }
  return entries;
}
