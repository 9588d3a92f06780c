/**
 * What `ferry mock` answers: a JSON file mapping methods to their answers, checked against the schema when
 * it is read (an unknown method, a response or `when` that does not fit its type, a bad status, metadata
 * gRPC would refuse, an error detail that does not fit its `@type`: named with the file's line), each
 * response and each status's details encoded once. A method the file leaves out answers its type's example.
 * A method may have several cases, each taken when the request has the fields its `when` names (and the
 * metadata its `metadata` names); the first that matches answers. A case may send `headers` before its
 * first response and `trailers` with its status (mock-metadata.ts), and an error status may carry rich
 * details (mock-status-details.ts).
 *
 *     { "acme.v1.Orders/Get": [
 *         { "when": { "id": "o-404" }, "status": { "code": "NOT_FOUND", "message": "no order o-404",
 *             "details": [{ "@type": "type.googleapis.com/google.rpc.ResourceInfo", "resourceName": "o-404" }] } },
 *         { "response": { "id": "o-1" }, "delayMs": 50, "headers": { "x-request-id": "r-{{request.id}}" },
 *           "trailers": { "x-cost": "3" } } ],
 *       "acme.v1.Orders/List": { "responses": [{ "id": "o-1" }, { "id": "o-2" }] } }
 */
import { fail, FerryFailure } from '../../../shared/errors';
import { locateJsonPath, type JsonPathSegment } from '../../../shared/json';
import { responsesObject } from '../../../shared/model';
import { GRPC_STATUS_NAMES, grpcStatusCode } from '../../../shared/util';
import { encodeProtoJson, exampleMessage } from '../codec';
import type { MethodDescriptor, SchemaRegistry } from '../schema';
import { mockMetadataEntry, type MockMetadataEntry } from './mock-metadata';
import { connectErrorDetail, mockStatusDetails, type MockStatusDetails } from './mock-status-details';
import { fieldNamed, hasPlaceholders, messageOf, responseTemplate, type FilledResponse } from './mock-template';

/** A response as encoded bytes, or filled from each request (`{{request.id}}`, mock-template.ts). */
export type MockResponse = Uint8Array | FilledResponse;

export interface MockAnswer {
  /** Taken only for a request with these fields (JSON names, ProtoJSON values; others may be anything). */
  when?: unknown;
  /** Taken only for a call with these metadata values (keys lower-case). */
  metadata?: Record<string, string>;
  /** Each response, encoded (or filled from the request, when it names request fields): one for unary and client-stream methods, each in turn for streams. */
  responses: MockResponse[];
  /** Ends the call with this status instead (after `responses`, for a server stream). */
  status?: MockAnswerStatus;
  /** Sent before the first response (with the status when there is none). */
  headers?: readonly MockMetadataEntry[];
  /** Sent with the status, OK or not. */
  trailers?: readonly MockMetadataEntry[];
  /** Waits this long before answering (each response of a stream). */
  delayMs: number;
}

export interface MockAnswerStatus {
  code: number;
  message: string;
  /** Rich error details, encoded for each protocol. */
  details?: MockStatusDetails;
}

const ENTRY_KEYS = ['when', 'metadata', 'response', 'responses', 'status', 'headers', 'trailers', 'delayMs'];
const STATUS_KEYS = ['code', 'message', 'details'];

type Place = (path: JsonPathSegment[]) => { file: string; line?: number; column?: number };

/** One file being read: the schema, and how a refusal names the file's line of the value at a path. */
interface Reading {
  registry: SchemaRegistry;
  refuse(path: JsonPathSegment[], why: string): never;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The answers the file gives, by method path (`/pkg.Service/Method`): each method's cases in order. */
export function parseMockScript(text: string, file: string, registry: SchemaRegistry): Map<string, MockAnswer[]> {
  const root = responsesObject(text, file);
  const place: Place = (path) => ({ file, ...locateJsonPath(text, path) });
  const refuse = (path: JsonPathSegment[], why: string): never => {
    const at = place(path);
    return fail('BAD_INPUT', `${file}${at.line === undefined ? '' : `:${at.line}`}: ${why}`, at);
  };
  const reading: Reading = { registry, refuse };
  const answers = new Map<string, MockAnswer[]>();
  for (const [name, entry] of Object.entries(root)) {
    let method: MethodDescriptor;
    try {
      method = registry.findMethod(name);
    } catch (reason) {
      if (!(reason instanceof FerryFailure)) throw reason;
      return refuse([name], reason.error.message);
    }
    const cases = Array.isArray(entry) ? entry.map((one, i) => answerOf(method, one, [name, i], reading)) : [answerOf(method, entry, [name], reading)];
    if (cases.length === 0) refuse([name], 'expected at least one answer');
    answers.set(method.path, cases);
  }
  return answers;
}

/** The file's path of a failure's `fieldPath` inside the value at `path` (`items[2].price` → …, "items", 2, "price"). */
function pathWithin(path: JsonPathSegment[], fieldPath: string | undefined): JsonPathSegment[] {
  const inner: JsonPathSegment[] = [];
  for (const [, name, index, quoted] of (fieldPath ?? '').matchAll(/([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)) {
    inner.push(name ?? (index !== undefined ? Number(index) : (JSON.parse(quoted!) as string)));
  }
  return [...path, ...inner];
}

/** `make()`, a failure of it refused with the file's line: the value at `path`, or the place inside it the failure names. */
function placed<T>(reading: Reading, path: JsonPathSegment[], make: () => T): T {
  try {
    return make();
  } catch (reason) {
    if (!(reason instanceof FerryFailure)) throw reason;
    return reading.refuse(pathWithin(path, reason.error.details?.fieldPath), reason.error.message);
  }
}

function answerOf(method: MethodDescriptor, entry: unknown, at: JsonPathSegment[], reading: Reading): MockAnswer {
  const name = String(at[0]);
  if (!isObject(entry)) reading.refuse(at, `expected an object with ${ENTRY_KEYS.join(', ')}`);
  const unknown = Object.keys(entry).find((key) => !ENTRY_KEYS.includes(key));
  if (unknown) reading.refuse([...at, unknown], `unknown field "${unknown}" (expected ${ENTRY_KEYS.join(', ')})`);
  if ('response' in entry && 'responses' in entry) reading.refuse(at, `give response or responses, not both`);
  const values = 'responses' in entry ? entry.responses : 'response' in entry ? [entry.response] : [];
  if (!Array.isArray(values)) reading.refuse([...at, 'responses'], `expected an array of messages`);
  const streams = method.kind === 'server-stream' || method.kind === 'bidi';
  if (!streams && values.length > 1) reading.refuse([...at, 'responses'], `${name} is a ${method.kind} method and answers one message, not ${values.length}`);
  const encoded = (type: MethodDescriptor['responseType'], value: unknown, path: JsonPathSegment[]) => placed(reading, path, () => encodeProtoJson(type, value));
  const responses: MockResponse[] = values.map((value, i) => {
    const path = 'responses' in entry ? [...at, 'responses', i] : [...at, 'response'];
    return hasPlaceholders(value) ? placed(reading, path, () => responseTemplate(method, value)) : encoded(method.responseType, value, path);
  });
  // `when` is checked as a request would be (a mistyped field is named), and kept by JSON names to compare.
  if (entry.when !== undefined) encoded(method.requestType, entry.when, [...at, 'when']);
  const when = entry.when === undefined ? undefined : withJsonNames(method.requestType, entry.when);
  const metadata = entry.metadata === undefined ? undefined : metadataOf(entry.metadata, [...at, 'metadata'], reading);
  const status = entry.status === undefined ? undefined : statusOf(entry.status, [...at, 'status'], reading);
  const headers = entry.headers === undefined ? undefined : responseMetadataOf(method, entry.headers, [...at, 'headers'], reading);
  const trailers = entry.trailers === undefined ? undefined : responseMetadataOf(method, entry.trailers, [...at, 'trailers'], reading);
  const delayMs = entry.delayMs ?? 0;
  if (typeof delayMs !== 'number' || !Number.isInteger(delayMs) || delayMs < 0 || delayMs > 600_000) {
    reading.refuse([...at, 'delayMs'], `expected a whole number of milliseconds up to 600000`);
  }
  if (responses.length === 0 && !status) responses.push(exampleOf(method));
  return { ...(when !== undefined && { when }), ...(metadata && { metadata }), responses, ...(status && { status }), ...(headers && headers.length > 0 && { headers }), ...(trailers && trailers.length > 0 && { trailers }), delayMs };
}

function metadataOf(value: unknown, path: JsonPathSegment[], reading: Reading): Record<string, string> {
  if (!isObject(value) || Object.values(value).some((v) => typeof v !== 'string')) reading.refuse(path, `expected an object of metadata keys and text values`);
  return Object.fromEntries(Object.entries(value as Record<string, string>).map(([key, v]) => [key.toLowerCase(), v]));
}

/** A `when` object with each field under its JSON name (`order_id` → `orderId`), as requests are decoded. */
function withJsonNames(type: MethodDescriptor['requestType'], value: unknown): unknown {
  // Well-known types have JSON forms of their own (a Timestamp is a string, a Struct any object): kept as written.
  if (!isObject(value) || type.fullName.startsWith('.google.protobuf.')) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      const field = fieldNamed(type, key);
      if (!field) return [key, inner];
      const message = messageOf(field);
      return [field.jsonName ?? key, message ? withJsonNames(message, inner) : inner];
    }),
  );
}

/** Whether a request (ProtoJSON with defaults) has what `when` names: objects by their named fields, the rest by value. */
export function matchesWhen(when: unknown, request: unknown): boolean {
  if (isObject(when)) return isObject(request) && Object.entries(when).every(([key, value]) => matchesWhen(value, request[key]));
  if (Array.isArray(when)) return Array.isArray(request) && request.length === when.length && when.every((value, i) => matchesWhen(value, request[i]));
  // 5 and "5" alike: ProtoJSON writes 64-bit integers as strings, a file may not.
  return request !== undefined && request !== null && String(when) === String(request);
}

/** A case's `headers` or `trailers`: an object of keys and text values, each checked as gRPC metadata. */
function responseMetadataOf(method: MethodDescriptor, value: unknown, path: JsonPathSegment[], reading: Reading): MockMetadataEntry[] {
  if (!isObject(value)) return reading.refuse(path, `expected an object of metadata keys and text values`);
  const seen = new Set<string>();
  return Object.entries(value).map(([key, text]) => {
    if (typeof text !== 'string') reading.refuse([...path, key], `metadata "${key}": expected a text value (base64 for a -bin key)`);
    if (seen.has(key.toLowerCase())) reading.refuse([...path, key], `metadata "${key}" is given twice (keys are lower-cased)`);
    seen.add(key.toLowerCase());
    return placed(reading, [...path, key], () => mockMetadataEntry(method, key, text));
  });
}

function statusOf(value: unknown, path: JsonPathSegment[], reading: Reading): MockAnswerStatus {
  const code = isObject(value) ? value.code : undefined;
  const number = typeof code === 'string' ? grpcStatusCode(code) : code;
  if (!isObject(value) || typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number >= GRPC_STATUS_NAMES.length) {
    return reading.refuse(path, `expected { "code": a status name other than OK (NOT_FOUND…) or its number 1–16, "message"?: text, "details"?: [messages with "@type"] }`);
  }
  const unknown = Object.keys(value).find((key) => !STATUS_KEYS.includes(key));
  if (unknown) reading.refuse([...path, unknown], `unknown field "${unknown}" (expected ${STATUS_KEYS.join(', ')})`);
  if (value.message !== undefined && typeof value.message !== 'string') reading.refuse([...path, 'message'], `expected text`);
  const message = typeof value.message === 'string' ? value.message : '';
  if (value.details !== undefined && !Array.isArray(value.details)) reading.refuse([...path, 'details'], `expected an array of messages, each with its "@type"`);
  const details = ((value.details as unknown[] | undefined) ?? []).map((detail, i) => placed(reading, [...path, 'details', i], () => connectErrorDetail(reading.registry, detail)));
  const encoded = mockStatusDetails(number, message, details);
  return { code: number, message, ...(encoded && { details: encoded }) };
}

/** What a method the file leaves out answers: its response type's example, as the app's editor shows it. */
export function exampleOf(method: MethodDescriptor): Uint8Array {
  return encodeProtoJson(method.responseType, exampleMessage(method.responseType));
}
