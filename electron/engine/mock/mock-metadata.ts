/**
 * The metadata a `ferry mock` case answers with: `headers` (sent before the first response, or with the
 * status when there is none) and `trailers` (sent with the status). Checked when the file is read by the rules
 * the engine's requests obey (engine/calls/metadata.ts: lower-case legal keys, no `grpc-` or pseudo-headers,
 * printable ASCII text, base64 for `-bin` keys), plus the headers the web listener writes itself. A value may
 * name request fields (`{{request.id}}`): filled in as text from the call's first request and checked then.
 */
import { fail } from '../../../shared/errors';
import type { MetadataEntry } from '../../../shared/model';
import { metadataEntryProblem } from '../calls/metadata';
import type { MethodDescriptor } from '../schema';
import { hasPlaceholders, textTemplate, type FilledText } from './mock-template';

/** One header or trailer: its value as it goes out (`-bin`: standard base64), or filled in per call. */
export interface MockMetadataEntry {
  readonly key: string;
  readonly value: string | FilledText;
}

/**
 * Headers the web listener writes itself, or that a Connect client reads as something else than metadata:
 * `trailer-x` would arrive as the trailer `x` of a unary call, `connect-*` is the protocol's own.
 */
function webProblem(key: string): string | undefined {
  if (/^(?:connect-|trailer-)/.test(key)) return 'keys starting with "connect-" or "trailer-" are reserved by the Connect protocol';
  if (/^(?:access-control-|vary$)/.test(key)) return 'the mock writes CORS headers itself';
  if (key.startsWith('content-')) return 'the mock describes the body it frames itself';
  return undefined;
}

/** Why `value` cannot go out under `key` as a response's metadata, or undefined when it can. */
function problemOf(key: string, value: string): string | undefined {
  return metadataEntryProblem({ key, value }) ?? webProblem(key);
}

/**
 * Why a response header a real server sent (a passthrough call's) cannot go back to the client: what gRPC
 * writes itself (`content-type`, `grpc-*`…), and for a web call the headers its listener writes itself.
 */
export function forwardedHeaderProblem({ key, value }: MetadataEntry, web: boolean): string | undefined {
  return metadataEntryProblem({ key, value }) ?? (web ? webProblem(key) : undefined);
}

const normalized = (key: string, value: string): string => (key.endsWith('-bin') ? Buffer.from(value.trim(), 'base64').toString('base64') : value);

/**
 * One entry as the file gives it (the key lower-cased), checked now; a value with placeholders has its paths
 * checked now and its value when a call fills it in. Fails (BAD_INPUT) saying what is wrong.
 */
export function mockMetadataEntry(method: MethodDescriptor, rawKey: string, value: string): MockMetadataEntry {
  const key = rawKey.toLowerCase();
  const templated = hasPlaceholders(value);
  // A templated value is checked once filled in; its key now (an empty value fits every key).
  const problem = problemOf(key, templated ? '' : value);
  if (problem) fail('BAD_INPUT', `metadata "${key}": ${problem}`);
  return { key, value: templated ? textTemplate(method, value) : normalized(key, value) };
}

/** The entries for one call, placeholders filled in from `request()`; a filled value that is no valid metadata fails (BAD_INPUT). */
export function filledMetadata(entries: readonly MockMetadataEntry[], request: () => unknown): MetadataEntry[] {
  return entries.map(({ key, value }) => {
    if (typeof value === 'string') return { key, value };
    const text = value(request());
    const problem = problemOf(key, text);
    if (problem) fail('BAD_INPUT', `metadata "${key}" filled in as ${JSON.stringify(text)}: ${problem}`);
    return { key, value: normalized(key, text) };
  });
}
