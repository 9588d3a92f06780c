import { fail } from '../../../shared/errors';
import type { MetadataEntry } from '../../../shared/model';
import { toGrpcMetadata } from '../calls/metadata';

/** Response headers in arrival order, names lower-case, one value per entry. */
export type HeaderPairs = Array<[name: string, value: string]>;

/** Headers that belong to HTTP or to the protocol itself: a user setting one would break the call. */
const RESERVED_REQUEST = /^(?:connect-|content-|te$|host$|connection$|keep-alive$|transfer-encoding$|upgrade$|accept-encoding$|x-grpc-web$)/;

/**
 * Request metadata as HTTP header pairs, checked by the same rules as gRPC metadata (so one request gives
 * the same error over every protocol). `-bin` values travel base64-encoded, as gRPC-Web and Connect specify.
 */
export function requestHeaders(entries: readonly MetadataEntry[]): HeaderPairs {
  const pairs: HeaderPairs = [];
  for (const [key, values] of Object.entries(toGrpcMetadata(entries).toJSON())) {
    if (RESERVED_REQUEST.test(key)) fail('BAD_INPUT', `metadata "${key}": this header is set by the protocol and cannot be sent as metadata`, { fieldPath: key });
    for (const value of values) pairs.push([key, typeof value === 'string' ? value : Buffer.from(value).toString('base64')]);
  }
  return pairs;
}

/** Headers no server means as metadata: HTTP framing and each protocol's own negotiation. */
const NOT_METADATA = /^(?::|connection$|keep-alive$|transfer-encoding$|content-length$|grpc-encoding$|grpc-accept-encoding$|connect-content-encoding$|connect-accept-encoding$|content-encoding$|accept-encoding$)/;

/** Request headers a server does not take as the call's metadata: HTTP's own and the protocols' negotiation. */
export function isProtocolRequestHeader(name: string): boolean {
  return RESERVED_REQUEST.test(name) || NOT_METADATA.test(name) || name === 'grpc-timeout' || name === 'accept';
}

/**
 * Response headers or trailers as metadata entries, as grpc-js reports them: text values as sent,
 * `-bin` values re-encoded as padded standard base64 (servers may send them unpadded or comma-joined).
 */
export function metadataFromHeaders(pairs: HeaderPairs, skip: (name: string) => boolean = () => false): MetadataEntry[] {
  const entries: MetadataEntry[] = [];
  for (const [name, value] of pairs) {
    if (NOT_METADATA.test(name) || skip(name)) continue;
    if (!name.endsWith('-bin')) {
      entries.push({ key: name, value });
      continue;
    }
    for (const part of value.split(',')) entries.push({ key: name, value: Buffer.from(part.trim(), 'base64').toString('base64') });
  }
  return entries;
}

/** The first value of a header, or undefined. */
export function headerValue(pairs: HeaderPairs, name: string): string | undefined {
  return pairs.find(([key]) => key === name)?.[1];
}
