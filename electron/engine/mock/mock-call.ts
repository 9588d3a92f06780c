/**
 * One method's mock, whatever protocol carries its calls: the case a call gets (by its first request and its
 * metadata), its headers and trailers (filled in from the first request), each response filled in from the
 * request it answers and paced by the case's delay, the status it ends with (and its details), and the report
 * of the call. The answer logic lives here once; the front ends (gRPC in
 * mock-server.ts, gRPC-Web and Connect in mock-web-server.ts) only move bytes: they feed a call's requests and
 * its end in, and write out the messages and the status it answers.
 */
import { toFerryError } from '../../../shared/errors';
import type { MetadataEntry } from '../../../shared/model';
import { GRPC_STATUS, grpcStatusName } from '../../../shared/util';
import { decodeToProtoJson, typeName } from '../codec';
import type { WebProtocol } from '../protocols';
import type { MethodDescriptor } from '../schema';
import { filledMetadata, type MockMetadataEntry } from './mock-metadata';
import { matchesWhen, type MockAnswer, type MockResponse } from './mock-script';
import type { MockStatusDetails } from './mock-status-details';

/** One call as the mock saw it: its requests as ProtoJSON (a stream's each), and how it answered. */
export interface MockCall {
  method: string;
  metadata: Record<string, string>;
  requests: unknown[];
  status: string;
  /** Only for a call on the web listener: the protocol that carried it (gRPC calls print as they always did). */
  protocol?: WebProtocol;
}

export interface MockStatus {
  code: number;
  message: string;
  /** Rich error details (google.rpc.Status for gRPC and gRPC-Web, Connect's error details). */
  details?: MockStatusDetails;
  /** Trailing metadata (`-bin` values in base64). */
  trailers?: readonly MetadataEntry[];
}

export const OK_STATUS: MockStatus = { code: GRPC_STATUS.OK, message: '' };

/** Where a front end writes a call's answer: headers at most once and before all else, messages (protobuf bytes), then exactly one end. */
export interface MockCallSink {
  /** The case's response headers (`-bin` values in base64); not called when it has none. */
  headers(metadata: readonly MetadataEntry[]): void;
  message(bytes: Buffer): void;
  end(status: MockStatus): void;
}

/** What a front end feeds into a call. */
export interface MockCallInput {
  request(bytes: Buffer): void;
  /** The client sent its last request. */
  halfClose(): void;
  /** Stops the call: the client went away (no status), or it ends with `status` (a deadline, a body that does not read). */
  cancel(status?: MockStatus): void;
}

/** How a call came in: its metadata (`-bin` values in base64) and, for a web call, its protocol. */
export interface MockCallStart {
  metadata: readonly MetadataEntry[];
  protocol?: WebProtocol;
}

export interface MethodMock {
  readonly method: MethodDescriptor;
  start(call: MockCallStart, sink: MockCallSink): MockCallInput;
}

const wait = (ms: number): Promise<void> => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

/** The first value of each key, as grpc-js's `Metadata.getMap()` gives them (the report's shape). */
function firstValues(metadata: readonly MetadataEntry[]): Record<string, string> {
  const first = new Map<string, string>();
  for (const { key, value } of metadata) if (!first.has(key)) first.set(key, value);
  return Object.fromEntries(first);
}

/** The first case a call matches, by its first request (`request()`, decoded when a case asks) and its metadata; none: the mock says so. */
function chosenCase(method: MethodDescriptor, cases: readonly MockAnswer[], request: () => unknown, metadata: readonly MetadataEntry[]): MockAnswer {
  const sent = (key: string, value: string) => metadata.some((entry) => entry.key === key && entry.value === value);
  const matches = (answer: MockAnswer) => (answer.when === undefined || matchesWhen(answer.when, request())) && Object.entries(answer.metadata ?? {}).every(([key, value]) => sent(key, value));
  const status = (code: number, message: string): MockAnswer => ({ responses: [], status: { code, message }, delayMs: 0 });
  try {
    return cases.find(matches) ?? status(GRPC_STATUS.UNIMPLEMENTED, `ferry mock: no answer of ${method.path.slice(1)} matches this call (${cases.length} given)`);
  } catch (reason) {
    // Bytes that are no request of this type cannot be compared with a `when`: the client hears why.
    return status(GRPC_STATUS.INVALID_ARGUMENT, `ferry mock: the request is not a ${typeName(method.requestType)}: ${toFerryError(reason).message}`);
  }
}

/** What every call of one method shares: the cases as they are now, the request decoding and the report. */
function methodContext(method: MethodDescriptor, casesNow: () => readonly MockAnswer[], onCall: (call: MockCall) => void) {
  const decoded = (bytes: Buffer): unknown => {
    try {
      return decodeToProtoJson(method.requestType, bytes);
    } catch {
      return { undecodable: bytes.toString('base64') };
    }
  };
  // A request as cases compare it and responses fill from it: defaults written out, so `when: { "count": 0 }`
  // matches a request that left count at 0. Decoded once per request, whichever asks first.
  const withDefaults = new WeakMap<Buffer, unknown>();
  const empty = Buffer.alloc(0);
  const requestJson = (bytes: Buffer = empty): unknown => {
    if (!withDefaults.has(bytes)) withDefaults.set(bytes, decodeToProtoJson(method.requestType, bytes, { emitDefaults: true }));
    return withDefaults.get(bytes);
  };
  return {
    // The cases as they are when a call picks one: a responses file read again changes the next call's answer.
    choose: (first: Buffer | undefined, metadata: readonly MetadataEntry[]) => chosenCase(method, casesNow(), () => requestJson(first), metadata),
    report: (call: MockCallStart, requests: readonly Buffer[], answer: MockAnswer) =>
      onCall({
        method: method.path.slice(1),
        metadata: firstValues(call.metadata),
        requests: requests.map(decoded),
        status: answer.status ? grpcStatusName(answer.status.code) : 'OK',
        ...(call.protocol && { protocol: call.protocol }),
      }),
    /** A response's bytes for the request it answers; one filled in from it may not fit its type (it throws). */
    bytesOf: (response: MockResponse, request: Buffer | undefined): Buffer => Buffer.from(typeof response === 'function' ? response(requestJson(request)) : response),
    /** Headers or trailers for a call's first request; one filled in from it may be no valid metadata (it throws). */
    metadataOf: (entries: readonly MockMetadataEntry[], request: Buffer | undefined): MetadataEntry[] => filledMetadata(entries, () => requestJson(request)),
  };
}

type MethodContext = ReturnType<typeof methodContext>;

/** The status of a call whose case does not fill in from its request: `what` went wrong, and why. */
const unfit = (what: string, reason: unknown): MockStatus => ({ code: GRPC_STATUS.INTERNAL, message: `ferry mock: ${what}: ${toFerryError(reason).message}` });
const UNFIT_RESPONSE = 'the response filled in from this request does not fit';
const unfitMetadata = (which: 'headers' | 'trailers') => `the ${which} filled in from this request are not valid metadata`;

/**
 * One call. Unary and client-stream methods answer once the client's last request is in; a server stream sends
 * each response in turn; a bidi stream answers each request with the next response (the first request picks
 * the case) and ends when the client does. The report is made when the case is known for good.
 */
function runCall(mock: MethodContext, kind: MethodDescriptor['kind'], call: MockCallStart, sink: MockCallSink): MockCallInput {
  const received: Buffer[] = [];
  let answer: MockAnswer | undefined;
  let next = 0;
  let ended = false;
  let sending = Promise.resolve();
  const end = (status: MockStatus) => {
    if (ended) return;
    ended = true;
    sink.end(status);
  };
  const choose = (): MockAnswer => (answer ??= mock.choose(received[0], call.metadata));
  let headersSent = false;
  /** The case's headers, once, before its first message or its end; false when they do not fill in (the call ended saying so). */
  const sendHeaders = (chosen: MockAnswer): boolean => {
    if (headersSent || !chosen.headers) return !ended;
    headersSent = true;
    try {
      sink.headers(mock.metadataOf(chosen.headers, received[0]));
      return true;
    } catch (reason) {
      end(unfit(unfitMetadata('headers'), reason));
      return false;
    }
  };
  /** The case's status with its trailers (trailers that do not fill in end the call with why instead). */
  const endWith = (chosen: MockAnswer) => {
    if (ended || !sendHeaders(chosen)) return;
    const status = chosen.status ?? OK_STATUS;
    if (!chosen.trailers) return end(status);
    let trailers: MetadataEntry[];
    try {
      trailers = mock.metadataOf(chosen.trailers, received[0]);
    } catch (reason) {
      return end(unfit(unfitMetadata('trailers'), reason));
    }
    end({ ...status, trailers });
  };
  /** The case's next response, filled in from `request` (a response that does not fit ends the call). */
  const sendNext = (chosen: MockAnswer, request: Buffer | undefined) => {
    if (ended || chosen.responses.length === 0 || !sendHeaders(chosen)) return;
    try {
      sink.message(mock.bytesOf(chosen.responses[next++ % chosen.responses.length]!, request));
    } catch (reason) {
      end(unfit(UNFIT_RESPONSE, reason));
    }
  };
  /** A stream's next response, after the case's delay (no delay when the case has no responses). */
  const sendLater = async (chosen: MockAnswer, request: Buffer | undefined) => {
    if (chosen.responses.length === 0) return;
    await wait(chosen.delayMs);
    sendNext(chosen, request);
  };
  const answerAll = async (chosen: MockAnswer) => {
    if (kind === 'server-stream') {
      for (let i = 0; i < chosen.responses.length && !ended; i++) await sendLater(chosen, received[0]);
    } else {
      // Unary and client streams: one answer after the delay, a status instead of the response when the case has one.
      await wait(chosen.delayMs);
      if (!chosen.status) sendNext(chosen, received[0]);
    }
    endWith(chosen);
  };
  return {
    request(bytes) {
      if (ended) return;
      received.push(bytes);
      if (kind !== 'bidi') return;
      const chosen = choose();
      sending = sending.then(() => sendLater(chosen, bytes));
    },
    halfClose() {
      if (ended) return;
      const chosen = choose();
      mock.report(call, received, chosen);
      if (kind === 'bidi') void sending.then(() => endWith(chosen));
      else void answerAll(chosen);
    },
    cancel(status) {
      if (status) end(status);
      ended = true;
    },
  };
}

export function createMethodMock(method: MethodDescriptor, casesNow: () => readonly MockAnswer[], onCall: (call: MockCall) => void): MethodMock {
  const mock = methodContext(method, casesNow, onCall);
  return { method, start: (call, sink) => runCall(mock, method.kind, call, sink) };
}
