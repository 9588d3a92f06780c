import protobuf from 'protobufjs';
import type { MetadataEntry } from '../../../shared/model';
import { typeNameOfUrl } from '../schema/schema-registry';
import { codeForConnectName, codeForHttpStatus, connectCodeName, Status } from './status-codes';
import type { WebCallEnd } from './web-protocol';
import type { HeaderPairs } from './web-metadata';
import { httpErrorMessage } from './wire-adapter';

interface ConnectErrorJson {
  code?: unknown;
  message?: unknown;
  details?: unknown;
}

/**
 * A `google.rpc.Status` holding a Connect error's details, so they decode exactly like gRPC's
 * `grpc-status-details-bin` (Connect sends each detail as `{ type, value }`, value in base64 without padding).
 */
export function statusDetailsBytes(code: number, message: string, details: unknown): Uint8Array | undefined {
  if (!Array.isArray(details) || details.length === 0) return undefined;
  // Status: code = 1, message = 2, details = 3 (Any: type_url = 1, value = 2).
  const writer = protobuf.Writer.create().uint32(8).int32(code).uint32(18).string(message);
  for (const detail of details as Array<{ type?: unknown; value?: unknown }>) {
    if (typeof detail?.type !== 'string') continue;
    const value = typeof detail.value === 'string' ? Buffer.from(detail.value, 'base64') : new Uint8Array();
    writer.uint32(26).fork().uint32(10).string(`type.googleapis.com/${detail.type}`).uint32(18).bytes(value).ldelim();
  }
  return writer.finish();
}

/** One error detail as Connect carries it: the message type's full name, its bytes in base64 (unpadded). */
export interface ConnectErrorDetail {
  readonly type: string;
  readonly value: string;
}

/** One detail as Connect carries it: its type's full name, its bytes in base64 without padding. */
export function connectDetail(type: string, bytes: Uint8Array): ConnectErrorDetail {
  return { type, value: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64').replace(/=+$/, '') };
}

/**
 * The other way from `statusDetailsBytes`: each detail of a `google.rpc.Status` as Connect carries it, read by
 * field number, so no schema is needed (Status.details = 3; Any.type_url = 1, Any.value = 2). Bytes that are no
 * Status give the details read before the damage.
 */
export function connectDetailsOfStatus(status: Uint8Array): ConnectErrorDetail[] {
  const details: ConnectErrorDetail[] = [];
  try {
    const reader = protobuf.Reader.create(status);
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      if (tag === 26) details.push(connectDetailOfAny(reader.bytes()));
      else reader.skipType(tag & 7);
    }
  } catch {
    // The bytes are the server's to get wrong: a gRPC client decodes them as they came.
  }
  return details;
}

function connectDetailOfAny(any: Uint8Array): ConnectErrorDetail {
  const reader = protobuf.Reader.create(any);
  let typeUrl = '';
  let value: Uint8Array = new Uint8Array();
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag === 10) typeUrl = reader.string();
    else if (tag === 18) value = reader.bytes();
    else reader.skipType(tag & 7);
  }
  return connectDetail(typeNameOfUrl(typeUrl), value);
}

/** A Connect error object as a server writes it (a unary error body, an end-stream message's `error`). */
export function connectErrorJson(code: number, message: string, details: readonly ConnectErrorDetail[] = []): { code: string; message?: string; details?: readonly ConnectErrorDetail[] } {
  return { code: connectCodeName(code), ...(message ? { message } : {}), ...(details.length > 0 ? { details } : {}) };
}

/** A Connect error object (unary error body or end-stream `error`) as the end of a call. */
export function endFromConnectError(error: ConnectErrorJson, trailers: MetadataEntry[], fallbackCode: number): WebCallEnd {
  const code = codeForConnectName(error.code) ?? fallbackCode;
  const message = typeof error.message === 'string' ? error.message : '';
  const statusDetails = statusDetailsBytes(code, message, error.details);
  return { code, message, trailers, ...(statusDetails ? { statusDetails } : {}) };
}

function parseJsonObject(bytes: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A non-200 answer: Connect's JSON error body when there is one, else the code gRPC maps the HTTP status to. */
export function endFromErrorResponse(httpStatus: number, body: Buffer, trailers: MetadataEntry[]): WebCallEnd {
  const json = parseJsonObject(body);
  if (json && codeForConnectName(json.code) !== undefined) return endFromConnectError(json, trailers, codeForHttpStatus(httpStatus));
  return { code: codeForHttpStatus(httpStatus), message: httpErrorMessage(httpStatus, body, 'Connect'), trailers };
}

/** Connect's end-stream message: `{ error?, metadata? }` (metadata values are lists). */
export function parseEndStream(payload: Buffer): { error?: ConnectErrorJson; trailers: HeaderPairs } | undefined {
  const json = parseJsonObject(payload);
  if (!json) return undefined;
  const trailers: HeaderPairs = [];
  const metadata = json.metadata;
  if (metadata && typeof metadata === 'object') {
    for (const [key, values] of Object.entries(metadata as Record<string, unknown>)) {
      for (const value of Array.isArray(values) ? values : [values]) trailers.push([key.toLowerCase(), String(value)]);
    }
  }
  const error = json.error && typeof json.error === 'object' ? (json.error as ConnectErrorJson) : undefined;
  return { ...(error ? { error } : {}), trailers };
}

export const missingEndStream = (trailers: MetadataEntry[]): WebCallEnd => ({
  code: Status.INTERNAL,
  message: 'protocol error: the Connect stream ended without an end-stream message',
  trailers,
});
