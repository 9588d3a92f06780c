import { toFerryError } from '../../../shared/errors';
import type { MetadataEntry } from '../../../shared/model';
import { checkMetadata } from '../../engine';
import { badUsage, grpcurlFailure } from './grpcurl-output';

/** grpcurl's -expand-headers: `${NAME}` becomes the environment variable's value; a missing one is an error. */
export function expandHeaders(headers: readonly string[], env: NodeJS.ProcessEnv, what: string): string[] {
  return headers.map((header) =>
    header.replace(/\$\{(\w+)\}/g, (_match, name: string) => {
      const value = env[name];
      return value ?? grpcurlFailure(`Failed to expand ${what}: header ${JSON.stringify(header)} refers to missing environment variable ${JSON.stringify(name)}`, 'FAILED_PRECONDITION');
    }),
  );
}

const BASE64_FLAVOURS: readonly RegExp[] = [
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}==|[A-Za-z0-9_-]{3}=)?$/,
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2,3})?$/,
  /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2,3})?$/,
];

/**
 * grpcurl's MetadataFromHeaders: `name: value` split at the first colon (no colon: an empty value), the name
 * lower-cased, both trimmed. A `-bin` value is base64 in any of four flavours, or else taken as raw bytes.
 * Entries come back as Ferry's metadata, where `-bin` values are standard base64.
 */
export function metadataFromHeaders(headers: readonly string[]): MetadataEntry[] {
  return headers
    .filter((header) => header !== '')
    .map((header) => {
      const colon = header.indexOf(':');
      const key = (colon === -1 ? header : header.slice(0, colon)).trim().toLowerCase();
      const value = colon === -1 ? '' : header.slice(colon + 1).trim();
      if (!key.endsWith('-bin')) return { key, value };
      const decodable = BASE64_FLAVOURS.some((flavour) => flavour.test(value));
      const bytes = decodable ? Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64') : Buffer.from(value, 'utf8');
      return { key, value: bytes.toString('base64') };
    });
}

const USER_AGENT = 'user-agent';

/** `-H 'user-agent: …'` values: gRPC sends one user agent per connection, so they go in front of the channel's. */
export function userAgentsOf(entries: readonly MetadataEntry[]): string[] {
  return [...new Set(entries.filter((entry) => entry.key === USER_AGENT).map((entry) => entry.value))];
}

/**
 * The metadata of a call or of reflection requests, checked as Ferry's own verbs check it before anything is
 * dialed: headers HTTP/2 cannot carry (connection-specific ones), pseudo-headers and grpc- keys are refused
 * as bad usage instead of being sent to fail (or loop) on the wire.
 */
export function sendableMetadata(entries: readonly MetadataEntry[]): MetadataEntry[] {
  const metadata = entries.filter((entry) => entry.key !== USER_AGENT);
  try {
    checkMetadata(metadata);
  } catch (reason) {
    badUsage(`Invalid header: ${toFerryError(reason).message}`);
  }
  return metadata;
}
