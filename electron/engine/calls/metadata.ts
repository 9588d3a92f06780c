import * as grpc from '@grpc/grpc-js';
import { ferryError, type Result } from '../../../shared/errors';
import type { MetadataEntry } from '../../../shared/model';

const LEGAL_KEY = /^[0-9a-z_.-]+$/;
// Standard or URL-safe alphabet, padding optional: users paste both.
const BASE64 = /^(?:[A-Za-z0-9+/_-]{4})*(?:[A-Za-z0-9+/_-]{2}(?:==)?|[A-Za-z0-9+/_-]{3}=?)?$/;
// HTTP/2 header values: printable ASCII only (grpc-js would throw a less helpful error).
const LEGAL_TEXT_VALUE = /^[ -~]*$/;

function badEntry(key: string, why: string): Result<grpc.Metadata> {
  return { ok: false, error: ferryError('BAD_INPUT', `metadata "${key}": ${why}`, { fieldPath: key }) };
}

/** Builds grpc-js metadata; `-bin` values are base64 text and go on the wire as their bytes. */
export function toGrpcMetadata(entries: readonly MetadataEntry[]): Result<grpc.Metadata> {
  const metadata = new grpc.Metadata();
  for (const { key: rawKey, value } of entries) {
    const key = rawKey.trim().toLowerCase();
    if (!LEGAL_KEY.test(key)) return badEntry(rawKey, 'keys may only contain a-z, 0-9, "-", "_" and "."');
    if (key.startsWith('grpc-')) return badEntry(rawKey, 'keys starting with "grpc-" are reserved for gRPC itself');
    if (key.endsWith('-bin')) {
      const text = value.trim();
      if (!BASE64.test(text)) return badEntry(rawKey, 'binary (-bin) values must be base64');
      metadata.add(key, Buffer.from(text, 'base64'));
    } else {
      if (!LEGAL_TEXT_VALUE.test(value)) return badEntry(rawKey, 'text values may only contain printable ASCII; use a -bin key for other bytes');
      metadata.add(key, value);
    }
  }
  return { ok: true, value: metadata };
}

/** Flattens grpc-js metadata in arrival order; binary values come back as standard base64. */
export function fromGrpcMetadata(metadata: grpc.Metadata): MetadataEntry[] {
  const entries: MetadataEntry[] = [];
  for (const [key, values] of Object.entries(metadata.toJSON())) {
    for (const value of values) entries.push({ key, value: typeof value === 'string' ? value : Buffer.from(value).toString('base64') });
  }
  return entries;
}
