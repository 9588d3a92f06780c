/**
 * What `ferry mock` answers: a JSON file mapping methods to their answers, checked against the schema when
 * it is read (an unknown method, a response that does not fit its type, a bad status: named with the
 * file's line), each response encoded once. A method the file leaves out answers its type's example.
 *
 *     { "acme.v1.Orders/Get": { "response": { "id": "o-1" }, "delayMs": 50 },
 *       "acme.v1.Orders/List": { "responses": [{ "id": "o-1" }, { "id": "o-2" }] },
 *       "acme.v1.Orders/Delete": { "status": { "code": "PERMISSION_DENIED", "message": "not yours" } } }
 */
import { fail, FerryFailure } from '../../../shared/errors';
import { locateJsonPath, parseJson, type JsonPathSegment } from '../../../shared/json';
import { GRPC_STATUS_NAMES, grpcStatusCode } from '../../../shared/util';
import { encodeProtoJson, exampleMessage } from '../codec';
import type { MethodDescriptor, SchemaRegistry } from '../schema';

export interface MockAnswer {
  /** Each response, encoded: one for unary and client-stream methods, each in turn for streams. */
  responses: Uint8Array[];
  /** Ends the call with this status instead (after `responses`, for a server stream). */
  status?: { code: number; message: string };
  /** Waits this long before answering (each response of a stream). */
  delayMs: number;
}

const ENTRY_KEYS = ['response', 'responses', 'status', 'delayMs'];

type Place = (path: JsonPathSegment[]) => { file: string; line?: number; column?: number };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The answers the file gives, by method path (`/pkg.Service/Method`). */
export function parseMockScript(text: string, file: string, registry: SchemaRegistry): Map<string, MockAnswer> {
  const root = parseJson(text, { file });
  const place: Place = (path) => ({ file, ...locateJsonPath(text, path) });
  const where = (path: JsonPathSegment[]) => {
    const at = place(path);
    return `${file}${at.line === undefined ? '' : `:${at.line}`}`;
  };
  if (!isObject(root)) fail('BAD_INPUT', `${file}: expected a JSON object of methods and their answers`, place([]));
  const answers = new Map<string, MockAnswer>();
  for (const [name, entry] of Object.entries(root)) {
    let method: MethodDescriptor;
    try {
      method = registry.findMethod(name);
    } catch (reason) {
      if (!(reason instanceof FerryFailure)) throw reason;
      return fail('BAD_INPUT', `${where([name])}: ${reason.error.message}`, place([name]));
    }
    answers.set(method.path, answerOf(method, entry, name, place, where));
  }
  return answers;
}

function answerOf(method: MethodDescriptor, entry: unknown, name: string, place: Place, where: (path: JsonPathSegment[]) => string): MockAnswer {
  if (!isObject(entry)) fail('BAD_INPUT', `${where([name])}: expected an object with response, responses, status or delayMs`, place([name]));
  const unknown = Object.keys(entry).find((key) => !ENTRY_KEYS.includes(key));
  if (unknown) fail('BAD_INPUT', `${where([name, unknown])}: unknown field "${unknown}" (expected ${ENTRY_KEYS.join(', ')})`, place([name, unknown]));
  if ('response' in entry && 'responses' in entry) fail('BAD_INPUT', `${where([name])}: give response or responses, not both`, place([name]));
  const values = 'responses' in entry ? entry.responses : 'response' in entry ? [entry.response] : [];
  if (!Array.isArray(values)) fail('BAD_INPUT', `${where([name, 'responses'])}: expected an array of messages`, place([name, 'responses']));
  const streams = method.kind === 'server-stream' || method.kind === 'bidi';
  if (!streams && values.length > 1) fail('BAD_INPUT', `${where([name, 'responses'])}: ${name} is a ${method.kind} method and answers one message, not ${values.length}`, place([name, 'responses']));
  const responses = values.map((value, i) => {
    const path: JsonPathSegment[] = 'responses' in entry ? [name, 'responses', i] : [name, 'response'];
    try {
      return encodeProtoJson(method.responseType, value);
    } catch (reason) {
      if (!(reason instanceof FerryFailure)) throw reason;
      return fail('BAD_INPUT', `${where(path)}: ${reason.error.message}`, place(path));
    }
  });
  const status = entry.status === undefined ? undefined : statusOf(entry.status, [name, 'status'], place, where);
  const delayMs = entry.delayMs ?? 0;
  if (typeof delayMs !== 'number' || !Number.isInteger(delayMs) || delayMs < 0 || delayMs > 600_000) {
    fail('BAD_INPUT', `${where([name, 'delayMs'])}: expected a whole number of milliseconds up to 600000`, place([name, 'delayMs']));
  }
  if (responses.length === 0 && !status) responses.push(exampleOf(method));
  return { responses, ...(status && { status }), delayMs };
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
