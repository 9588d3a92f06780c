/**
 * A `ferry mock` status's rich error details, encoded once when the responses file is read: each detail is
 * written as ProtoJSON with its `@type` (google.rpc.BadRequest, ErrorInfo… or any message type of the
 * schema), checked against its type, and kept in the two forms the protocols carry: the google.rpc.Status
 * that gRPC and gRPC-Web send as `grpc-status-details-bin`, and Connect's error `details` (each `{ type,
 * value }`, value in base64 without padding). The Status is built from Connect's form by the client's own
 * `statusDetailsBytes`, so both forms are the same details by construction.
 */
import { fail } from '../../../shared/errors';
import { encodeProtoJson } from '../codec';
import { connectDetail, connectDetailsOfStatus, statusDetailsBytes, type ConnectErrorDetail } from '../protocols/connect-error';
import { typeNameOfUrl, type SchemaRegistry } from '../schema';

export interface MockStatusDetails {
  /** A google.rpc.Status (code, message, details): the value of `grpc-status-details-bin`. */
  readonly status: Uint8Array;
  /** The same details for a Connect error's `details`. */
  readonly connect: readonly ConnectErrorDetail[];
}

/**
 * One detail (`{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": … }`) as Connect carries it.
 * Fails (BAD_INPUT, its fieldPath inside the detail) for an unknown type or a value that does not fit it.
 */
export function connectErrorDetail(registry: SchemaRegistry, detail: unknown): ConnectErrorDetail {
  const url = typeof detail === 'object' && detail !== null && !Array.isArray(detail) ? (detail as Record<string, unknown>)['@type'] : undefined;
  if (typeof url !== 'string') return fail('BAD_INPUT', 'expected a message with its type in "@type" ("type.googleapis.com/google.rpc.BadRequest"…)', { fieldPath: '@type' });
  if (!registry.findType(typeNameOfUrl(url))) return fail('BAD_INPUT', `@type: unknown message type "${url}" (neither a google.rpc error detail nor a type of the schema)`, { fieldPath: '@type' });
  // Any's own ProtoJSON reading (well-known types in their `value` form included), then its two fields by number.
  const anyType = registry.findType('google.protobuf.Any')!;
  const any = anyType.decode(encodeProtoJson(anyType, detail)) as unknown as Record<string, unknown>;
  const value = any[anyType.fieldsById[2]!.name] as Uint8Array;
  return connectDetail(typeNameOfUrl(url), value);
}

/** A status's details in both forms; none for an empty list. */
export function mockStatusDetails(code: number, message: string, details: readonly ConnectErrorDetail[]): MockStatusDetails | undefined {
  const status = statusDetailsBytes(code, message, details);
  return status && { status, connect: details };
}

/**
 * A real server's `grpc-status-details-bin` (a passthrough call's) in both forms: the bytes as they came, for
 * gRPC and gRPC-Web, and each detail of the google.rpc.Status for Connect.
 */
export function forwardedStatusDetails(status: Uint8Array): MockStatusDetails {
  return { status, connect: connectDetailsOfStatus(status) };
}
