/**
 * Mock servers: `ferry mock` and the app's (`startMock`), serving a schema from a responses file's cases.
 * What both sides of the engine's boundary share: a call as the mock reports it, and how a responses file
 * is read as an object and a recorded call goes into it.
 */
import { fail } from '../errors';
import { locateJsonPath, parseJson } from '../json';
import type { RichErrorDetail } from './call';
import type { WireProtocol } from './connection';
import { hasSpecialJsonForm } from './schema';

/** One call as a mock saw it (a line of `ferry mock`'s output): its requests as ProtoJSON, and how it answered. */
export interface MockCall {
  method: string;
  metadata: Record<string, string>;
  /** Each request as ProtoJSON (a client or bidi stream's every message). */
  requests: unknown[];
  /** How it answered: `OK` or the status's name. */
  status: string;
  /** A call on the web port: the protocol that carried it; absent for gRPC (whose calls print as they always did). */
  protocol?: Exclude<WireProtocol, 'grpc'>;
  /** No case answered it: the real server did (`passthrough`), and `status` is the server's. */
  passthrough?: true;
  /** Passed through and written into the responses file as a new case (`--record`). */
  recorded?: true;
}

/** A call the app's mock answered, as the page reads it back (`mockCalls`). */
export interface MockCallSeen extends MockCall {
  /** Numbers the mock's calls from 1, for asking only what came after. */
  seq: number;
  /** When the call ended, as an ISO time. */
  at: string;
}

export interface MockStarted {
  /** Where clients reach it: always the loopback address, `127.0.0.1:port`. */
  address: string;
  port: number;
  /** The gRPC-Web and Connect base URL (`http://127.0.0.1:port`), when asked for. */
  webUrl?: string;
  methods: number;
  services: number;
  /** Where the calls no case answers go, when the mock passes them through. */
  passthroughTo?: string;
}

/** The calls after the one asked about, oldest first; a mock keeps only its latest `MOCK_CALLS_KEPT`. */
export interface MockCallsPage {
  calls: MockCallSeen[];
  /** Calls after the one asked about that are no longer kept. */
  missed: number;
}

export const MOCK_CALLS_KEPT = 200;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** JSON text with object keys sorted, so two `when`s written in another key order compare equal. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (!isObject(value)) return JSON.stringify(value) ?? 'undefined';
  return `{${Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
    .join(',')}}`;
}

/** A responses file's text as its object of methods and their answers; fails (BAD_INPUT, placed) for any other JSON. */
export function responsesObject(text: string, file: string): Record<string, unknown> {
  const root = parseJson(text, { file });
  if (!isObject(root)) fail('BAD_INPUT', `${file}: expected a JSON object of methods and their answers`, { file, ...locateJsonPath(text, []) });
  return root;
}

/**
 * An error status as a responses file writes it: the code's name, the message, and each detail the schema
 * could decode as ProtoJSON with its `@type` (one that could not has no ProtoJSON to write, and is left out).
 * A type whose ProtoJSON is no object of its fields (a Duration is a string) keeps it under `value`, as Any's
 * ProtoJSON does. The app's Add to mock and `ferry mock --record` both record an error this way.
 */
export function recordedStatus(status: { name: string; message: string; details: readonly RichErrorDetail[] }): { code: string; message: string; details?: unknown[] } {
  const details = status.details.flatMap(({ typeUrl, type, value }) => (value === undefined ? [] : [hasSpecialJsonForm(type) ? { '@type': typeUrl, value } : { '@type': typeUrl, ...(value as object) }]));
  return { code: status.name, message: status.message, ...(details.length > 0 && { details }) };
}

/**
 * A method's entry of a mock's responses (one case, a list of them, or none yet) as a list with a recorded case
 * first: the first match answers, so the recorded call is answered so from now on. A case with an equal `when`
 * and no `metadata` condition (which would make it another case) is dropped; the app's Add to mock and
 * `ferry mock --record` both record this way.
 */
export function casesWithFirst(entry: unknown, recorded: { when: unknown }): unknown[] {
  const existing = entry === undefined ? [] : Array.isArray(entry) ? entry : [entry];
  const same = canonicalJson(recorded.when);
  return [recorded, ...existing.filter((one) => !(isObject(one) && one.metadata === undefined && canonicalJson(one.when) === same))];
}
