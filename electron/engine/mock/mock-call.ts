/**
 * One method's mock, whatever protocol carries its calls: the case a call gets (by its first request and its
 * metadata), its headers and trailers (filled in from the first request), each response filled in from the
 * request it answers and paced by the case's delay, the status it ends with (and its details), and the report
 * of the call. The answer logic lives here once; the front ends (gRPC in
 * mock-server.ts, gRPC-Web and Connect in mock-web-server.ts) only move bytes: they feed a call's requests and
 * its end in, and write out the messages and the status it answers. With passthrough, a call no case answers
 * is forwarded to the real server instead (mock-passthrough.ts), through the same sink.
 */
import { toFerryError } from '../../../shared/errors';
import type { MetadataEntry, MockCall } from '../../../shared/model';
import { GRPC_STATUS, grpcStatusName } from '../../../shared/util';
import { decodeToProtoJson, typeName } from '../codec';
import type { WebProtocol } from '../protocols';
import type { MethodDescriptor } from '../schema';
import { filledMetadata, type MockMetadataEntry } from './mock-metadata';
import type { Passthrough } from './mock-passthrough';
import { matchesWhen, type MockAnswer, type MockResponse } from './mock-script';
import type { MockStatusDetails } from './mock-status-details';

export type { MockCall };

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

/** How a call came in: its metadata (`-bin` values in base64), its deadline and, for a web call, its protocol. */
export interface MockCallStart {
  metadata: readonly MetadataEntry[];
  protocol?: WebProtocol;
  /** Time left until the client's deadline, in milliseconds; absent without one. A forwarded call takes it along. */
  deadlineMs?: number;
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

/** What answers a call: one of its method's cases, or (with passthrough) the real server. */
type Choice = MockAnswer | { forward: Passthrough };

/**
 * The first case a call matches, by its metadata and its first request (`request()`, decoded when a case
 * asks). Without the request (`request` undefined: it has not come yet) the choice is made when no case
 * before the one taken asks for it, else it waits (undefined), so a call no case can answer is forwarded at
 * once, before a bidi client that waits for the server sends anything. No case matches: the real server
 * answers with passthrough, else the mock says so.
 */
function chosenCase(method: MethodDescriptor, cases: readonly MockAnswer[], metadata: readonly MetadataEntry[], request: () => unknown, passthrough: Passthrough | undefined): Choice;
function chosenCase(method: MethodDescriptor, cases: readonly MockAnswer[], metadata: readonly MetadataEntry[], request: undefined, passthrough: Passthrough | undefined): Choice | undefined;
function chosenCase(method: MethodDescriptor, cases: readonly MockAnswer[], metadata: readonly MetadataEntry[], request: (() => unknown) | undefined, passthrough: Passthrough | undefined): Choice | undefined {
  const sent = (key: string, value: string) => metadata.some((entry) => entry.key === key && entry.value === value);
  const status = (code: number, message: string): MockAnswer => ({ responses: [], status: { code, message }, delayMs: 0 });
  const forward = passthrough && { forward: passthrough };
  try {
    for (const answer of cases) {
      if (!Object.entries(answer.metadata ?? {}).every(([key, value]) => sent(key, value))) continue;
      if (answer.when === undefined) return answer;
      if (!request) return undefined;
      if (matchesWhen(answer.when, request())) return answer;
    }
  } catch (reason) {
    // Bytes that are no request of this type cannot be compared with a `when`: the real server, or the client, hears why.
    return forward ?? status(GRPC_STATUS.INVALID_ARGUMENT, `ferry mock: the request is not a ${typeName(method.requestType)}: ${toFerryError(reason).message}`);
  }
  return forward ?? status(GRPC_STATUS.UNIMPLEMENTED, `ferry mock: no answer of ${method.path.slice(1)} matches this call (${cases.length} given)`);
}

/** What every call of one method shares: the cases as they are now, the request decoding and the report. */
function methodContext(method: MethodDescriptor, casesNow: () => readonly MockAnswer[], onCall: (call: MockCall) => void, passthrough: Passthrough | undefined) {
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
    path: method.path,
    // The cases as they are when a call picks one: a responses file read again changes the next call's answer.
    chooseBefore: (metadata: readonly MetadataEntry[]) => chosenCase(method, casesNow(), metadata, undefined, passthrough),
    choose: (metadata: readonly MetadataEntry[], first: Buffer | undefined) => chosenCase(method, casesNow(), metadata, () => requestJson(first), passthrough),
    report: (call: MockCallStart, requests: readonly Buffer[], code: number, forwarded: boolean, recorded = false) =>
      onCall({
        method: method.path.slice(1),
        metadata: firstValues(call.metadata),
        requests: requests.map(decoded),
        status: grpcStatusName(code),
        ...(call.protocol && { protocol: call.protocol }),
        ...(forwarded && { passthrough: true as const }),
        ...(recorded && { recorded: true as const }),
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
 * One call a case answers. Unary and client-stream methods answer once the client's last request is in; a
 * server stream sends each response in turn; a bidi stream answers each request with the next response and
 * ends when the client does. The call is reported when the client's requests are all in.
 */
function answerCall(mock: MethodContext, kind: MethodDescriptor['kind'], call: MockCallStart, sink: MockCallSink, chosen: MockAnswer): MockCallInput {
  const received: Buffer[] = [];
  let next = 0;
  let ended = false;
  let sending = Promise.resolve();
  const end = (status: MockStatus) => {
    if (ended) return;
    ended = true;
    sink.end(status);
  };
  let headersSent = false;
  /** The case's headers, once, before its first message or its end; false when they do not fill in (the call ended saying so). */
  const sendHeaders = (): boolean => {
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
  const endWith = () => {
    if (ended || !sendHeaders()) return;
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
  const sendNext = (request: Buffer | undefined) => {
    if (ended || chosen.responses.length === 0 || !sendHeaders()) return;
    try {
      sink.message(mock.bytesOf(chosen.responses[next++ % chosen.responses.length]!, request));
    } catch (reason) {
      end(unfit(UNFIT_RESPONSE, reason));
    }
  };
  /** A stream's next response, after the case's delay (no delay when the case has no responses). */
  const sendLater = async (request: Buffer | undefined) => {
    if (chosen.responses.length === 0) return;
    await wait(chosen.delayMs);
    sendNext(request);
  };
  const answerAll = async () => {
    if (kind === 'server-stream') {
      for (let i = 0; i < chosen.responses.length && !ended; i++) await sendLater(received[0]);
    } else {
      // Unary and client streams: one answer after the delay, a status instead of the response when the case has one.
      await wait(chosen.delayMs);
      if (!chosen.status) sendNext(received[0]);
    }
    endWith();
  };
  return {
    request(bytes) {
      if (ended) return;
      received.push(bytes);
      if (kind === 'bidi') sending = sending.then(() => sendLater(bytes));
    },
    halfClose() {
      if (ended) return;
      mock.report(call, received, chosen.status?.code ?? GRPC_STATUS.OK, false);
      if (kind === 'bidi') void sending.then(endWith);
      else void answerAll();
    },
    cancel(status) {
      if (status) end(status);
      ended = true;
    },
  };
}

/** One call the real server answers: each request passed on as it comes (and kept for the report), reported when it ends. */
function forwardedCall(mock: MethodContext, passthrough: Passthrough, call: MockCallStart, sink: MockCallSink): MockCallInput {
  const received: Buffer[] = [];
  const upstream = passthrough.forward(mock.path, call, sink, (code, recorded) => mock.report(call, received, code, true, recorded));
  return {
    request(bytes) {
      // A copy for the report: grpc-js's may be a view that would keep its whole 64 KiB chunk alive.
      received.push(Buffer.from(bytes));
      upstream.request(bytes);
    },
    halfClose: () => upstream.halfClose(),
    cancel: (status) => upstream.cancel(status),
  };
}

/**
 * One call, routed to what answers it as soon as that is known: at its start when no case needs its first
 * request, else when that request (or, without any, the client's end) comes. That first input then goes
 * on to the case's answer or to the real server, so nothing waits in between.
 */
function routeCall(mock: MethodContext, kind: MethodDescriptor['kind'], call: MockCallStart, sink: MockCallSink): MockCallInput {
  let routed: MockCallInput | undefined;
  let stopped = false;
  const route = (choice: Choice): MockCallInput => (routed = 'forward' in choice ? forwardedCall(mock, choice.forward, call, sink) : answerCall(mock, kind, call, sink, choice));
  const early = mock.chooseBefore(call.metadata);
  if (early) route(early);
  return {
    request(bytes) {
      if (!stopped) (routed ?? route(mock.choose(call.metadata, bytes))).request(bytes);
    },
    halfClose() {
      if (!stopped) (routed ?? route(mock.choose(call.metadata, undefined))).halfClose();
    },
    cancel(status) {
      if (routed) return routed.cancel(status);
      // Stopped before anything answers it: the listener's status (a deadline) is all the client gets.
      stopped = true;
      if (status) sink.end(status);
    },
  };
}

export function createMethodMock(method: MethodDescriptor, casesNow: () => readonly MockAnswer[], onCall: (call: MockCall) => void, passthrough?: Passthrough): MethodMock {
  const mock = methodContext(method, casesNow, onCall, passthrough);
  return { method, start: (call, sink) => routeCall(mock, method.kind, call, sink) };
}
