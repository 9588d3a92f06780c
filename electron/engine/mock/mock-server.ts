/**
 * `ferry mock`: a gRPC server for every method of a schema, answering what `mock-script.ts` read (or each
 * response type's example), so a client can be built and tested before the real service exists, with server
 * reflection; and, when asked for a web port, the same methods with the same answers over gRPC-Web and
 * Connect for browsers (mock-web-server.ts). What a call answers is decided once, in mock-call.ts; this file's
 * gRPC front end only adapts grpc-js's handler shapes to it. With passthrough, calls no case answers go to the
 * real server (mock-passthrough.ts), and with `record` the calls it answers become cases (mock-recorder.ts).
 */
import type * as grpc from '@grpc/grpc-js';
import type { EventEmitter } from 'node:events';
import { fail } from '../../../shared/errors';
import type { MetadataEntry } from '../../../shared/model';
import { GRPC_STATUS } from '../../../shared/util';
import { fromGrpcMetadata, toGrpcMetadata } from '../calls/metadata';
import { STATUS_DETAILS_KEY } from '../calls/status-details';
import { grpcJs } from '../channels/grpc-js';
import type { SchemaRegistry } from '../schema';
import { createMethodMock, type MethodMock, type MockCall, type MockCallSink, type MockStatus } from './mock-call';
import { createPassthrough, type Passthrough, type PassthroughOptions } from './mock-passthrough';
import { createMockRecorder, type MockRecorder } from './mock-recorder';
import { createMockReflection, reflectionWebRoute, serveReflection } from './mock-reflection';
import { exampleOf, type MockAnswer } from './mock-script';
import type { HttpListener } from './mock-http-listener';
import { listenMockWeb, type WebRoute } from './mock-web-server';

export type { MockCall };

export interface MockServerOptions {
  registry: SchemaRegistry;
  /** Each method's cases by its path; a method without any answers its response type's example. */
  answers: ReadonlyMap<string, readonly MockAnswer[]>;
  host: string;
  port: number;
  /** Also serve gRPC-Web and Connect on this port (0: any free one), on the same host; absent: gRPC only. */
  webPort?: number;
  /** Serve TLS with this certificate chain and key (PEM), on both ports; absent: plaintext. */
  tls?: { cert: Buffer; key: Buffer };
  /**
   * Forward the calls no case answers to this server, over gRPC whichever listener took them; a method
   * without cases is then forwarded too, not answered with its example. Absent: the mock answers every call.
   */
  passthrough?: PassthroughOptions;
  /**
   * With passthrough: write each unary and server-stream call the server answers into this responses file
   * as a case, and answer from it at once (mock-recorder.ts). `note` hears what was recorded, or why not.
   */
  record?: { file: string; note(text: string): void };
  onCall(call: MockCall): void;
}

export interface MockServer {
  /** The port it listens on (the one given, or the one the OS chose for 0). */
  port: number;
  /** The gRPC-Web and Connect port, when one was asked for. */
  webPort?: number;
  methods: number;
  /** Answers the next calls from these (a responses file read again). */
  setAnswers(answers: ReadonlyMap<string, readonly MockAnswer[]>): void;
  /** Stops listening; calls still running after a second are dropped. */
  close(): Promise<void>;
}

const KINDS = { unary: 'unary', 'server-stream': 'serverStream', 'client-stream': 'clientStream', bidi: 'bidi' } as const;
const identity = (bytes: Buffer): Buffer => bytes;
/** How long `close` waits for calls in flight before it drops them. */
const CLOSE_GRACE_MS = 1000;

type AnyServerCall = grpc.ServerUnaryCall<Buffer, Buffer> | grpc.ServerReadableStream<Buffer, Buffer> | grpc.ServerWritableStream<Buffer, Buffer> | grpc.ServerDuplexStream<Buffer, Buffer>;

/** A status's trailers as grpc-js sends them: the case's, and its details as `grpc-status-details-bin`. */
function trailersOf(status: MockStatus): grpc.Metadata {
  const trailers = toGrpcMetadata(status.trailers ?? []);
  if (status.details) trailers.set(STATUS_DETAILS_KEY, Buffer.from(status.details.status));
  return trailers;
}

const grpcError = (status: MockStatus): Partial<grpc.ServiceError> => ({ code: status.code, details: status.message, metadata: trailersOf(status) });

/** Response headers, sent by grpc-js before the first message or with the status. */
const sendHeaders = (call: AnyServerCall, metadata: readonly MetadataEntry[]) => call.sendMetadata(toGrpcMetadata(metadata));

/** Unary and client-stream methods answer through grpc-js's callback, with the one response or the status. */
function callbackSink(call: AnyServerCall, callback: grpc.sendUnaryData<Buffer>): MockCallSink {
  let response: Buffer | undefined;
  return {
    headers: (metadata) => sendHeaders(call, metadata),
    message: (bytes) => void (response = bytes),
    end: (status) => (status.code === GRPC_STATUS.OK ? callback(null, response, trailersOf(status)) : callback(grpcError(status))),
  };
}

/** Server and bidi streams write each response, then end or fail with the status. */
function streamSink(call: grpc.ServerWritableStream<Buffer, Buffer> | grpc.ServerDuplexStream<Buffer, Buffer>): MockCallSink {
  return {
    headers: (metadata) => sendHeaders(call, metadata),
    message: (bytes) => void call.write(bytes),
    end: (status) => (status.code === GRPC_STATUS.OK ? call.end(trailersOf(status)) : call.emit('error', grpcError(status))),
  };
}

/** Time left until the call's deadline (grpc-js read its grpc-timeout), for a forwarded call to take along; undefined without one. */
function deadlineMsOf(call: AnyServerCall): number | undefined {
  const deadline = call.getDeadline();
  const at = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

/** The gRPC front end of one method: grpc-js's four handler shapes, each feeding the call into the method's mock. */
function grpcHandler(mock: MethodMock): grpc.UntypedHandleCall {
  return (call: AnyServerCall, callback?: grpc.sendUnaryData<Buffer>) => {
    const sink = callback ? callbackSink(call, callback) : streamSink(call as grpc.ServerWritableStream<Buffer, Buffer>);
    const deadlineMs = deadlineMsOf(call);
    const input = mock.start({ metadata: fromGrpcMetadata(call.metadata), ...(deadlineMs !== undefined && { deadlineMs }) }, sink);
    (call as EventEmitter).on('cancelled', () => input.cancel());
    if ('request' in call) {
      input.request(call.request);
      input.halfClose();
      return;
    }
    call.on('data', (bytes: Buffer) => input.request(bytes));
    call.on('end', () => input.halfClose());
  };
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

/** What answers the calls now: the file's answers, replaced when it is read again or a call is recorded. */
interface Answers {
  current: ReadonlyMap<string, readonly MockAnswer[]>;
}

export async function startMockServer(options: MockServerOptions): Promise<MockServer> {
  const answers: Answers = { current: options.answers };
  const recorder = options.passthrough && options.record && createMockRecorder({ ...options.record, registry: options.registry, apply: (next) => void (answers.current = next) });
  // First, so a bad upstream target or TLS file fails before anything listens.
  const passthrough = options.passthrough && createPassthrough({ ...options.passthrough, ...(recorder && { recorder }) });
  try {
    return await serveMock(options, answers, passthrough, recorder);
  } catch (reason) {
    passthrough?.close();
    throw reason;
  }
}

async function serveMock(options: MockServerOptions, answers: Answers, passthrough: Passthrough | undefined, recorder: MockRecorder | undefined): Promise<MockServer> {
  const { Server, ServerCredentials } = grpcJs();
  const server = new Server();
  const methods = options.registry.listServices().flatMap((service) => service.methods.map((summary) => options.registry.findMethod(summary.fullName)));
  // One mock per method, shared by both listeners: a call answers the same whichever protocol carries it.
  const routes = new Map<string, WebRoute>();
  for (const method of methods) {
    // A method the file leaves out: its example, or with passthrough no case at all, so the server answers.
    const unnamed: readonly MockAnswer[] = passthrough ? [] : [{ responses: [exampleOf(method)], delayMs: 0 }];
    const mock = createMethodMock(method, () => answers.current.get(method.path) ?? unnamed, options.onCall, passthrough);
    routes.set(method.path, { kind: method.kind, method, start: mock.start });
    server.register(method.path, grpcHandler(mock), identity, identity, KINDS[method.kind]);
  }
  const reflection = createMockReflection(options.registry, options.registry.listServices().map((service) => service.fullName));
  serveReflection(server, reflection);
  for (const path of reflection.paths) routes.set(path, reflectionWebRoute(reflection));
  const credentials = options.tls ? ServerCredentials.createSsl(null, [{ cert_chain: options.tls.cert, private_key: options.tls.key }], false) : ServerCredentials.createInsecure();
  const port = await bind(server, `${options.host}:${options.port}`, credentials);
  // Calls in flight get a moment to end; a stream its client keeps open must not keep the mock from stopping.
  const closeGrpc = () =>
    new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, CLOSE_GRACE_MS);
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  let web: HttpListener | undefined;
  try {
    if (options.webPort !== undefined) web = await listenMockWeb({ host: options.host, port: options.webPort, routes, ...(options.tls && { tls: options.tls }) });
  } catch (reason) {
    await closeGrpc();
    throw reason;
  }
  return {
    port,
    ...(web && { webPort: web.port }),
    methods: methods.length,
    setAnswers: (next) => void (answers.current = next),
    close: async () => {
      await Promise.all([closeGrpc(), web?.close()]);
      passthrough?.close();
      // The cases of the last calls are written before the mock says it stopped.
      await recorder?.flushed();
    },
  };
}
