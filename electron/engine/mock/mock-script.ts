/**
 * What `ferry mock` answers: a JSON file mapping methods to their answers, checked against the schema when
 * it is read (an unknown method, a response or `when` that does not fit its type, a bad status: named with
 * the file's line), each response encoded once. A method the file leaves out answers its type's example.
 * A method may have several cases, each taken when the request has the fields its `when` names (and the
 * metadata its `metadata` names); the first that matches answers.
 *
 *     { "acme.v1.Orders/Get": [
 *         { "when": { "id": "o-404" }, "status": { "code": "NOT_FOUND", "message": "no order o-404" } },
 *         { "response": { "id": "o-1" }, "delayMs": 50 } ],
 *       "acme.v1.Orders/List": { "responses": [{ "id": "o-1" }, { "id": "o-2" }] } }
 */
import { fail, FerryFailure } from '../../../shared/errors';
import { locateJsonPath, parseJson, type JsonPathSegment } from '../../../shared/json';
import { GRPC_STATUS_NAMES, grpcStatusCode } from '../../../shared/util';
import { encodeProtoJson, exampleMessage } from '../codec';
import type { MethodDescriptor, SchemaRegistry } from '../schema';
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
  status?: { code: number; message: string };
  /** Waits this long before answering (each response of a stream). */
  delayMs: number;
}

const ENTRY_KEYS = ['when', 'metadata', 'response', 'responses', 'status', 'delayMs'];

type Place = (path: JsonPathSegment[]) => { file: string; line?: number; column?: number };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The answers the file gives, by method path (`/pkg.Service/Method`): each method's cases in order. */
export function parseMockScript(text: string, file: string, registry: SchemaRegistry): Map<string, MockAnswer[]> {
  const root = parseJson(text, { file });
  const place: Place = (path) => ({ file, ...locateJsonPath(text, path) });
  const where = (path: JsonPathSegment[]) => {
    const at = place(path);
    return `${file}${at.line === undefined ? '' : `:${at.line}`}`;
  };
  if (!isObject(root)) fail('BAD_INPUT', `${file}: expected a JSON object of methods and their answers`, place([]));
  const answers = new Map<string, MockAnswer[]>();
  for (const [name, entry] of Object.entries(root)) {
    let method: MethodDescriptor;
    try {
      method = registry.findMethod(name);
    } catch (reason) {
      if (!(reason instanceof FerryFailure)) throw reason;
      return fail('BAD_INPUT', `${where([name])}: ${reason.error.message}`, place([name]));
    }
    const cases = Array.isArray(entry) ? entry.map((one, i) => answerOf(method, one, [name, i], place, where)) : [answerOf(method, entry, [name], place, where)];
    if (cases.length === 0) fail('BAD_INPUT', `${where([name])}: expected at least one answer`, place([name]));
    answers.set(method.path, cases);
  }
  return answers;
}

function answerOf(method: MethodDescriptor, entry: unknown, at: JsonPathSegment[], place: Place, where: (path: JsonPathSegment[]) => string): MockAnswer {
  const name = String(at[0]);
  if (!isObject(entry)) fail('BAD_INPUT', `${where(at)}: expected an object with when, metadata, response, responses, status or delayMs`, place(at));
  const unknown = Object.keys(entry).find((key) => !ENTRY_KEYS.includes(key));
  if (unknown) fail('BAD_INPUT', `${where([...at, unknown])}: unknown field "${unknown}" (expected ${ENTRY_KEYS.join(', ')})`, place([...at, unknown]));
  if ('response' in entry && 'responses' in entry) fail('BAD_INPUT', `${where(at)}: give response or responses, not both`, place(at));
  const values = 'responses' in entry ? entry.responses : 'response' in entry ? [entry.response] : [];
  if (!Array.isArray(values)) fail('BAD_INPUT', `${where([...at, 'responses'])}: expected an array of messages`, place([...at, 'responses']));
  const streams = method.kind === 'server-stream' || method.kind === 'bidi';
  if (!streams && values.length > 1) fail('BAD_INPUT', `${where([...at, 'responses'])}: ${name} is a ${method.kind} method and answers one message, not ${values.length}`, place([...at, 'responses']));
  const placed = <T>(path: JsonPathSegment[], make: () => T): T => {
    try {
      return make();
    } catch (reason) {
      if (!(reason instanceof FerryFailure)) throw reason;
      return fail('BAD_INPUT', `${where(path)}: ${reason.error.message}`, place(path));
    }
  };
  const encoded = (type: MethodDescriptor['responseType'], value: unknown, path: JsonPathSegment[]) => placed(path, () => encodeProtoJson(type, value));
  const responses: MockResponse[] = values.map((value, i) => {
    const path = 'responses' in entry ? [...at, 'responses', i] : [...at, 'response'];
    return hasPlaceholders(value) ? placed(path, () => responseTemplate(method, value)) : encoded(method.responseType, value, path);
  });
  // `when` is checked as a request would be (a mistyped field is named), and kept by JSON names to compare.
  if (entry.when !== undefined) encoded(method.requestType, entry.when, [...at, 'when']);
  const when = entry.when === undefined ? undefined : withJsonNames(method.requestType, entry.when);
  const metadata = entry.metadata === undefined ? undefined : metadataOf(entry.metadata, [...at, 'metadata'], place, where);
  const status = entry.status === undefined ? undefined : statusOf(entry.status, [...at, 'status'], place, where);
  const delayMs = entry.delayMs ?? 0;
  if (typeof delayMs !== 'number' || !Number.isInteger(delayMs) || delayMs < 0 || delayMs > 600_000) {
    fail('BAD_INPUT', `${where([...at, 'delayMs'])}: expected a whole number of milliseconds up to 600000`, place([...at, 'delayMs']));
  }
  if (responses.length === 0 && !status) responses.push(exampleOf(method));
  return { ...(when !== undefined && { when }), ...(metadata && { metadata }), responses, ...(status && { status }), delayMs };
}

function metadataOf(value: unknown, path: JsonPathSegment[], place: Place, where: (path: JsonPathSegment[]) => string): Record<string, string> {
  if (!isObject(value) || Object.values(value).some((v) => typeof v !== 'string')) fail('BAD_INPUT', `${where(path)}: expected an object of metadata keys and text values`, place(path));
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

function statusOf(value: unknown, path: JsonPathSegment[], place: Place, where: (path: JsonPathSegment[]) => string): { code: number; message: string } {
  const code = isObject(value) ? value.code : undefined;
  const number = typeof code === 'string' ? grpcStatusCode(code) : code;
  if (!isObject(value) || typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number >= GRPC_STATUS_NAMES.length) {
    return fail('BAD_INPUT', `${where(path)}: expected { "code": a status name other than OK (NOT_FOUND…) or its number 1–16, "message"?: text }`, place(path));
  }
  if (value.message !== undefined && typeof value.message !== 'string') fail('BAD_INPUT', `${where([...path, 'message'])}: expected text`, place([...path, 'message']));
  return { code: number, message: typeof value.message === 'string' ? value.message : '' };
}

/** What a method the file leaves out answers: its response type's example, as the app's editor shows it. */
export function exampleOf(method: MethodDescriptor): Uint8Array {
  return encodeProtoJson(method.responseType, exampleMessage(method.responseType));
}
