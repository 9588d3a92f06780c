/**
 * `ferry mock`: a gRPC server for every method of a schema, answering what `mock-script.ts` read (or each
 * response type's example), so a client can be built and tested before the real service exists. Each
 * call is reported with its request decoded as ProtoJSON. Plaintext HTTP/2, no server reflection.
 */
import type * as grpc from '@grpc/grpc-js';
import { fail, toFerryError } from '../../../shared/errors';
import { GRPC_STATUS, grpcStatusName } from '../../../shared/util';
import { grpcJs } from '../channels/grpc-js';
import { decodeToProtoJson } from '../codec';
import type { MethodDescriptor, SchemaRegistry } from '../schema';
import { serveReflection } from './mock-reflection';
import { exampleOf, matchesWhen, type MockAnswer, type MockResponse } from './mock-script';

/** One call as the mock saw it: its requests as ProtoJSON (a stream's each), and how it answered. */
export interface MockCall {
  method: string;
  metadata: Record<string, string>;
  requests: unknown[];
  status: string;
}

export interface MockServerOptions {
  registry: SchemaRegistry;
  /** Each method's cases by its path; a method without any answers its response type's example. */
  answers: ReadonlyMap<string, readonly MockAnswer[]>;
  host: string;
  port: number;
  /** Serve TLS with this certificate chain and key (PEM); absent: plaintext. */
  tls?: { cert: Buffer; key: Buffer };
  onCall(call: MockCall): void;
}

export interface MockServer {
  /** The port it listens on (the one given, or the one the OS chose for 0). */
  port: number;
  methods: number;
  /** Answers the next calls from these (a responses file read again). */
  setAnswers(answers: ReadonlyMap<string, readonly MockAnswer[]>): void;
  close(): Promise<void>;
}

const KINDS = { unary: 'unary', 'server-stream': 'serverStream', 'client-stream': 'clientStream', bidi: 'bidi' } as const;
const identity = (bytes: Buffer): Buffer => bytes;
const wait = (ms: number): Promise<void> => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

function metadataOf(metadata: grpc.Metadata): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata.getMap()).map(([key, value]) => [key, Buffer.isBuffer(value) ? value.toString('base64') : String(value)]));
}

/** The first case a call matches, by its first request (`request()`, decoded when a case asks) and its metadata; none: the mock says so. */
function chosenCase(method: MethodDescriptor, cases: readonly MockAnswer[], request: () => unknown, metadata: grpc.Metadata): MockAnswer {
  const sent = (key: string, value: string) => metadata.get(key).some((given) => String(given) === value);
  const found = cases.find((answer) => (answer.when === undefined || matchesWhen(answer.when, request())) && Object.entries(answer.metadata ?? {}).every(([key, value]) => sent(key, value)));
  return found ?? { responses: [], status: { code: GRPC_STATUS.UNIMPLEMENTED, message: `ferry mock: no answer of ${method.path.slice(1)} matches this call (${cases.length} given)` }, delayMs: 0 };
}

/** What every handler of one method does: pick a case, decode for the report, report, and make the answer's bytes. */
function mockOf(method: MethodDescriptor, casesNow: () => readonly MockAnswer[], onCall: (call: MockCall) => void) {
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
    choose: (first: Buffer | undefined, metadata: grpc.Metadata) => chosenCase(method, casesNow(), () => requestJson(first), metadata),
    report: (call: { metadata: grpc.Metadata }, requests: readonly Buffer[], answer: MockAnswer) =>
      onCall({ method: method.path.slice(1), metadata: metadataOf(call.metadata), requests: requests.map(decoded), status: answer.status ? grpcStatusName(answer.status.code) : 'OK' }),
    failure: (answer: MockAnswer) => ({ code: answer.status!.code, details: answer.status!.message }),
    /** A response's bytes for the request it answers; one filled in from it may not fit its type (it throws). */
    bytesOf(response: MockResponse, request: Buffer | undefined): Buffer {
      return Buffer.from(typeof response === 'function' ? response(requestJson(request)) : response);
    },
    unfit: (reason: unknown) => ({ code: GRPC_STATUS.INTERNAL, details: `ferry mock: the response filled in from this request does not fit: ${toFerryError(reason).message}` }),
  };
}

type Mock = ReturnType<typeof mockOf>;

/** Unary and client-stream methods: the answer once the request (or the client's last message) is in. */
function singleAnswerHandler(mock: Mock): grpc.UntypedHandleCall {
  return (call: grpc.ServerUnaryCall<Buffer, Buffer> | grpc.ServerReadableStream<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
    const received: Buffer[] = [];
    const respond = async () => {
      const answer = mock.choose(received[0], call.metadata);
      mock.report(call, received, answer);
      await wait(answer.delayMs);
      if (answer.status) return callback(mock.failure(answer));
      try {
        callback(null, mock.bytesOf(answer.responses[0]!, received[0]));
      } catch (reason) {
        callback(mock.unfit(reason));
      }
    };
    if ('request' in call) {
      received.push(call.request);
      void respond();
      return;
    }
    call.on('data', (bytes: Buffer) => received.push(bytes));
    call.on('end', () => void respond());
  };
}

/** Server and bidi streams: each response in turn (a bidi stream's one per request), then the status. */
function streamHandler(mock: Mock, bidi: boolean): grpc.UntypedHandleCall {
  return (call: grpc.ServerWritableStream<Buffer, Buffer> | grpc.ServerDuplexStream<Buffer, Buffer>) => {
    let cancelled = false;
    call.on('cancelled', () => (cancelled = true));
    let next = 0;
    let broken = false;
    const send = async (answer: MockAnswer, count: number, request: Buffer | undefined) => {
      for (let i = 0; i < count && !cancelled && !broken && answer.responses.length > 0; i++) {
        await wait(answer.delayMs);
        try {
          call.write(mock.bytesOf(answer.responses[next++ % answer.responses.length]!, request));
        } catch (reason) {
          broken = true;
          call.emit('error', mock.unfit(reason));
        }
      }
    };
    const finish = (answer: MockAnswer) => {
      if (broken) return;
      if (answer.status) call.emit('error', mock.failure(answer));
      else call.end();
    };
    if (!bidi) {
      const request = (call as grpc.ServerWritableStream<Buffer, Buffer>).request;
      const answer = mock.choose(request, call.metadata);
      mock.report(call, [request], answer);
      void send(answer, answer.responses.length, request).then(() => finish(answer));
      return;
    }
    // The first request picks the case; each request gets the next response, filled in from it; the client's end ends the call.
    const received: Buffer[] = [];
    let answer: MockAnswer | undefined;
    let sending = Promise.resolve();
    call.on('data', (bytes: Buffer) => {
      received.push(bytes);
      const chosen = (answer ??= mock.choose(bytes, call.metadata));
      sending = sending.then(() => send(chosen, 1, bytes));
    });
    call.on('end', () => {
      const chosen = (answer ??= mock.choose(undefined, call.metadata));
      mock.report(call, received, chosen);
      void sending.then(() => finish(chosen));
    });
  };
}

function handlerOf(method: MethodDescriptor, casesNow: () => readonly MockAnswer[], onCall: (call: MockCall) => void): grpc.UntypedHandleCall {
  const mock = mockOf(method, casesNow, onCall);
  return method.kind === 'unary' || method.kind === 'client-stream' ? singleAnswerHandler(mock) : streamHandler(mock, method.kind === 'bidi');
}

/**
 * Binds, failing with the socket's own reason (`listen EADDRINUSE: address already in use …`). grpc-js also
 * logs a failed bind to the console; that line is kept quiet, the error says it better.
 */
async function bind(server: grpc.Server, address: string, credentials: grpc.ServerCredentials): Promise<number> {
  const { logVerbosity, setLogVerbosity } = grpcJs();
  setLogVerbosity(logVerbosity.NONE);
  try {
    return await new Promise<number>((resolve, reject) => server.bindAsync(address, credentials, (error, bound) => (error ? reject(error) : resolve(bound))));
  } catch (reason) {
    const message = (reason as Error).message;
    return fail('IO_ERROR', `cannot listen on ${address}: ${/errors: \[(.*)\]$/.exec(message)?.[1] ?? message}`);
  } finally {
    // Back to what grpc-js took from GRPC_VERBOSITY when it loaded (errors only, unless asked otherwise).
    const asked = process.env.GRPC_VERBOSITY?.toUpperCase();
    setLogVerbosity(asked === 'DEBUG' ? logVerbosity.DEBUG : asked === 'INFO' ? logVerbosity.INFO : asked === 'NONE' ? logVerbosity.NONE : logVerbosity.ERROR);
  }
}

export async function startMockServer(options: MockServerOptions): Promise<MockServer> {
  const { Server, ServerCredentials } = grpcJs();
  const server = new Server();
  const methods = options.registry.listServices().flatMap((service) => service.methods.map((summary) => options.registry.findMethod(summary.fullName)));
  let answers = options.answers;
  for (const method of methods) {
    const example: readonly MockAnswer[] = [{ responses: [exampleOf(method)], delayMs: 0 }];
    server.register(method.path, handlerOf(method, () => answers.get(method.path) ?? example, options.onCall), identity, identity, KINDS[method.kind]);
  }
  serveReflection(server, options.registry, options.registry.listServices().map((service) => service.fullName));
  const credentials = options.tls ? ServerCredentials.createSsl(null, [{ cert_chain: options.tls.cert, private_key: options.tls.key }], false) : ServerCredentials.createInsecure();
  const port = await bind(server, `${options.host}:${options.port}`, credentials);
  return {
    port,
    methods: methods.length,
    setAnswers: (next) => void (answers = next),
    close: () => new Promise((resolve) => server.tryShutdown(() => resolve())),
  };
}
