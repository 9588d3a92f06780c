/**
 * One forwarded call (mock-passthrough.ts's `ForwardedCall`) as the case of a responses file that answers it
 * again, written as a person would write it: the request as `when` (ProtoJSON, defaults omitted), the
 * response or a stream's responses, an error's status with its rich details (ProtoJSON with `@type`), and
 * the headers and trailers the file format accepts. mock-recorder.ts puts it into the file.
 */
import { fail } from '../../../shared/errors';
import { recordedStatus, type MetadataEntry } from '../../../shared/model';
import { GRPC_STATUS, grpcStatusName } from '../../../shared/util';
import type { TransportStatus } from '../calls/call-transport';
import { decodeStatusDetails } from '../calls/status-details';
import { decodeToProtoJson } from '../codec';
import type { MethodDescriptor, SchemaRegistry } from '../schema';
import { mockMetadataEntry } from './mock-metadata';
import type { ForwardedCall } from './mock-passthrough';
import { hasPlaceholders } from './mock-template';

export type RecordedCase = Record<string, unknown> & { when: unknown };

/** The `status` of a call that failed, its details decoded by the schema (one it does not know is left out). */
function statusOf(status: TransportStatus, registry: SchemaRegistry): Record<string, unknown> {
  const details = status.details ? decodeStatusDetails(status.details, registry, decodeToProtoJson) : [];
  return recordedStatus({ name: grpcStatusName(status.code), message: status.message, details });
}

/**
 * Headers or trailers as the file writes them, leaving out what it would refuse: what gRPC and the web
 * listener write themselves (`grpc-*`, `content-type`…), a key's second value (the file has one per key) and
 * a value with `{{…}}`, which the mock would read as a placeholder to fill in.
 */
function recordedMetadata(method: MethodDescriptor, entries: readonly MetadataEntry[]): Record<string, string> | undefined {
  const written: Record<string, string> = {};
  for (const { key, value } of entries) {
    if (Object.hasOwn(written, key) || hasPlaceholders(value)) continue;
    try {
      mockMetadataEntry(method, key, value);
      written[key] = value;
    } catch {
      // Refused by the file's rules: left out, so the file still reads back.
    }
  }
  return Object.keys(written).length > 0 ? written : undefined;
}

const decoded = (type: MethodDescriptor['requestType'], bytes: Buffer, what: string): unknown => {
  try {
    return decodeToProtoJson(type, bytes);
  } catch {
    return fail('SCHEMA_ERROR', `the ${what} is not a ${type.fullName.slice(1)} of the schema, so it has no ProtoJSON to write`);
  }
};

/**
 * The case answering `call` again, by its method's kind (unary or server stream, one request). Fails
 * (BAD_INPUT, SCHEMA_ERROR) for what a responses file cannot say: a stream that ended OK without a message
 * (a case without one answers its type's example), bytes that are no message of their type.
 */
export function recordedCase(method: MethodDescriptor, call: ForwardedCall, registry: SchemaRegistry): RecordedCase {
  const when = decoded(method.requestType, call.requests[0] ?? Buffer.alloc(0), 'request');
  const responses = call.responses.map((bytes) => decoded(method.responseType, bytes, 'response'));
  const ok = call.status.code === GRPC_STATUS.OK;
  if (ok && responses.length === 0) fail('BAD_INPUT', 'the server answered OK without a message, which a responses file cannot say (a case without one answers its type\'s example)');
  const answer = method.kind === 'unary' ? ok && { response: responses[0] } : responses.length > 0 && { responses };
  const headers = recordedMetadata(method, call.headers);
  const trailers = recordedMetadata(method, call.status.trailers);
  return { when, ...answer, ...(!ok && { status: statusOf(call.status, registry) }), ...(headers && { headers }), ...(trailers && { trailers }) };
}
