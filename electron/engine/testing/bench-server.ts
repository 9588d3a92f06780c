/**
 * The test bench: a real grpc-js server for Ferry's tests, e2e runs and benchmarks.
 *
 * Service `ferry.testing.v1.Bench` (protos/ferry/testing/v1/bench.proto):
 *   Echo          unary          echoes `message`; request metadata returns as headers `echo-<key>` and
 *                                trailers `trailer-echo-<key>` (binary `-bin` keys included)
 *   Fail          unary          fails with `code` (default INVALID_ARGUMENT) and rich details in
 *                                grpc-status-details-bin: ErrorInfo, BadRequest, RetryInfo, DebugInfo,
 *                                QuotaFailure, PreconditionFailure, ResourceInfo, Help, LocalizedMessage
 *                                and one ferry.testing.v1.Node (a type only the server's schema knows)
 *   Slow          unary          answers after `delay_ms`; counts cancellations in `stats.cancelled`
 *   ServerStream  server stream  `count` responses, `interval_ms` apart, `payload_size` bytes each;
 *                                fails with INTERNAL after `fail_after` responses when set
 *   ClientStream  client stream  replies once with the number of requests and their joined messages
 *   Bidi          bidi           echoes each request as it arrives, ends when the client half-closes
 *   Inspect       unary          returns the `Everything` message it was given
 * Options: reflection v1 + v1alpha (default), v1alpha only (like grpc-go and C++ servers), or none;
 * plaintext or TLS, with client certificates required for mTLS; TCP on 127.0.0.1 port 0 or a unix socket;
 * reflection that demands a header, as behind an auth proxy; a health service (grpc.health.v1.Health/Check,
 * written by hand, answering the status it was given for the whole server, service "", and NOT_FOUND for
 * any other), behind the same header when reflection demands one.
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import protobuf from 'protobufjs';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BUILTIN_PROTOS } from '../schema/builtin-protos';

/** Found by walking up to the checkout root, so it also works from bundled bench and e2e scripts. */
export const BENCH_PROTO_ROOT = findProtoRoot(__dirname);
export const BENCH_PROTO_FILE = 'ferry/testing/v1/bench.proto';
export const BENCH_TYPES_FILE = 'ferry/testing/v1/types.proto';

export type ReflectionMode = 'v1-and-v1alpha' | 'v1alpha-only' | 'none';

/** grpc.health.v1.HealthCheckResponse.ServingStatus, by name. */
export type HealthServingStatus = 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';
const SERVING_STATUS_NUMBERS: Record<HealthServingStatus, number> = { UNKNOWN: 0, SERVING: 1, NOT_SERVING: 2, SERVICE_UNKNOWN: 3 };

export interface BenchServerOptions {
  reflection?: ReflectionMode;
  tls?: { cert: Buffer; key: Buffer; /** Require and verify client certificates signed by this CA. */ clientCa?: Buffer };
  /** Listen on this unix socket path instead of TCP. */
  unixSocket?: string;
  /** Like an auth proxy: reflection (and health) answer UNAUTHENTICATED unless this header (`key: value`) is sent. */
  reflectionRequires?: { key: string; value: string };
  /** Serve grpc.health.v1.Health/Check, answering this status for the whole server; default: no health service. */
  health?: HealthServingStatus;
}

export interface BenchServer {
  /** `127.0.0.1:<port>` or `unix:///path`. */
  target: string;
  port: number;
  stats: { cancelled: number; calls: number };
  close(): Promise<void>;
}

type Msg = protobuf.Message & Record<string, unknown>;

function findProtoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'electron', 'engine', 'testing', 'protos');
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(dir, 'protos', 'ferry'))) return join(dir, 'protos');
    if (dirname(dir) === dir) throw new Error(`bench protos not found above ${start}`);
  }
}

function loadBenchRoot(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(BENCH_PROTO_ROOT, target);
  // bench.proto pulls in any.proto and duration.proto, which the google.rpc schemas import.
  root.loadSync(BENCH_PROTO_FILE, { keepCase: true });
  for (const text of Object.values(BUILTIN_PROTOS)) protobuf.parse(text, root, { keepCase: true });
  root.resolveAll();
  return root;
}

function methodDefinition(method: protobuf.Method): grpc.MethodDefinition<Msg, Msg> {
  const req = method.resolvedRequestType!;
  const res = method.resolvedResponseType!;
  return {
    path: `/${method.parent!.fullName.slice(1)}/${method.name}`,
    requestStream: !!method.requestStream,
    responseStream: !!method.responseStream,
    requestSerialize: (m) => Buffer.from(req.encode(m).finish()),
    requestDeserialize: (b) => req.decode(b) as Msg,
    responseSerialize: (m) => Buffer.from(res.encode(m).finish()),
    responseDeserialize: (b) => res.decode(b) as Msg,
  };
}

function echoMetadata(incoming: grpc.Metadata, prefix: string): grpc.Metadata {
  const out = new grpc.Metadata();
  for (const key of Object.keys(incoming.getMap())) {
    if (key.startsWith('grpc-') || key === 'user-agent' || key === 'content-type' || key.startsWith(':')) continue;
    for (const value of incoming.get(key)) out.add(`${prefix}${key}`, value);
  }
  return out;
}

function richDetails(root: protobuf.Root, code: number, message: string): Buffer {
  const any = (typeName: string, value: Record<string, unknown>) => {
    const type = root.lookupType(typeName);
    return { type_url: `type.googleapis.com/${typeName}`, value: type.encode(type.fromObject(value)).finish() };
  };
  const status = root.lookupType('google.rpc.Status');
  const details = [
    any('google.rpc.ErrorInfo', { reason: 'BENCH_FAILURE', domain: 'bench.ferry.test', metadata: { attempt: '1' } }),
    any('google.rpc.BadRequest', { field_violations: [{ field: 'message', description: 'must not be empty' }] }),
    any('google.rpc.RetryInfo', { retry_delay: { seconds: 2, nanos: 500_000_000 } }),
    any('google.rpc.DebugInfo', { stack_entries: ['bench-server.ts:1'], detail: 'thrown on purpose' }),
    any('google.rpc.QuotaFailure', { violations: [{ subject: 'project:bench', description: 'daily limit' }] }),
    any('google.rpc.PreconditionFailure', { violations: [{ type: 'TOS', subject: 'bench', description: 'not accepted' }] }),
    any('google.rpc.ResourceInfo', { resource_type: 'bench', resource_name: 'b1', owner: 'ferry', description: 'missing' }),
    any('google.rpc.Help', { links: [{ description: 'docs', url: 'https://bench.ferry.test/help' }] }),
    any('google.rpc.LocalizedMessage', { locale: 'en-US', message: 'Something went wrong' }),
    any('ferry.testing.v1.Node', { name: 'custom-detail' }),
  ];
  return Buffer.from(status.encode(status.fromObject({ code, message, details })).finish());
}

function payload(size: number): Buffer {
  return Buffer.alloc(Math.max(0, size), 0x61);
}

function createHandlers(root: protobuf.Root, stats: BenchServer['stats']): grpc.UntypedServiceImplementation {
  const EchoResponse = root.lookupType('ferry.testing.v1.EchoResponse');
  const reply = (fields: Record<string, unknown>) => EchoResponse.create(fields) as Msg;
  return {
    Echo(call: grpc.ServerUnaryCall<Msg, Msg>, callback: grpc.sendUnaryData<Msg>) {
      stats.calls++;
      call.sendMetadata(echoMetadata(call.metadata, 'echo-'));
      const req = call.request;
      callback(null, reply({ message: req.message, payload: payload(Number(req.payload_size)) }), echoMetadata(call.metadata, 'trailer-echo-'));
    },
    Fail(call: grpc.ServerUnaryCall<Msg, Msg>, callback: grpc.sendUnaryData<Msg>) {
      stats.calls++;
      const code = Number(call.request.code) || grpc.status.INVALID_ARGUMENT;
      const message = String(call.request.message || 'bench failure');
      const metadata = new grpc.Metadata();
      metadata.set('grpc-status-details-bin', richDetails(root, code, message));
      callback({ code, details: message, metadata });
    },
    Slow(call: grpc.ServerUnaryCall<Msg, Msg>, callback: grpc.sendUnaryData<Msg>) {
      stats.calls++;
      const timer = setTimeout(() => callback(null, reply({ message: 'slow done' })), Number(call.request.delay_ms));
      call.on('cancelled', () => {
        stats.cancelled++;
        clearTimeout(timer);
      });
    },
    ServerStream(call: grpc.ServerWritableStream<Msg, Msg>) {
      stats.calls++;
      void streamResponses(call, reply, stats);
    },
    ClientStream(call: grpc.ServerReadableStream<Msg, Msg>, callback: grpc.sendUnaryData<Msg>) {
      stats.calls++;
      const messages: string[] = [];
      call.on('data', (m: Msg) => messages.push(String(m.message)));
      call.on('end', () => callback(null, reply({ message: messages.join(','), index: messages.length })));
      call.on('cancelled', () => stats.cancelled++);
    },
    Bidi(call: grpc.ServerDuplexStream<Msg, Msg>) {
      stats.calls++;
      let index = 0;
      call.on('data', (m: Msg) => call.write(reply({ message: m.message, index: index++, payload: payload(Number(m.payload_size)) })));
      call.on('end', () => call.end());
      call.on('cancelled', () => stats.cancelled++);
    },
    Inspect(call: grpc.ServerUnaryCall<Msg, Msg>, callback: grpc.sendUnaryData<Msg>) {
      stats.calls++;
      callback(null, call.request);
    },
  };
}

async function streamResponses(call: grpc.ServerWritableStream<Msg, Msg>, reply: (f: Record<string, unknown>) => Msg, stats: BenchServer['stats']) {
  const req = call.request;
  const count = Number(req.count);
  const interval = Number(req.interval_ms);
  const failAfter = Number(req.fail_after);
  const body = payload(Number(req.payload_size));
  let cancelled = false;
  call.on('cancelled', () => {
    cancelled = true;
    stats.cancelled++;
  });
  for (let index = 0; index < count && !cancelled; index++) {
    if (failAfter > 0 && index === failAfter) {
      call.emit('error', { code: grpc.status.INTERNAL, details: `failed after ${failAfter} responses` });
      return;
    }
    if (!call.write(reply({ message: req.message, index, payload: body }))) await new Promise((r) => call.once('drain', r));
    if (interval > 0) await new Promise((r) => setTimeout(r, interval));
  }
  if (!cancelled) call.end();
}

function guarded(implementation: grpc.UntypedServiceImplementation, required: { key: string; value: string }): grpc.UntypedServiceImplementation {
  const wrap = (handler: (call: grpc.ServerDuplexStream<unknown, unknown>) => void) => (call: grpc.ServerDuplexStream<unknown, unknown>) => {
    if (call.metadata.get(required.key)[0] === required.value) return handler(call);
    call.emit('error', { code: grpc.status.UNAUTHENTICATED, details: `missing ${required.key} header` });
  };
  return Object.fromEntries(Object.entries(implementation).map(([name, handler]) => [name, wrap(handler as never)]));
}

function addReflection(server: grpc.Server, mode: ReflectionMode, required?: { key: string; value: string }): void {
  if (mode === 'none') return;
  const definition = protoLoader.loadSync(BENCH_PROTO_FILE, { includeDirs: [BENCH_PROTO_ROOT], keepCase: true });
  const reflection = new ReflectionService(definition);
  reflection.addToServer({
    addService: (service, implementation) => {
      const path = Object.values(service)[0]?.path ?? '';
      if (mode === 'v1alpha-only' && !path.includes('v1alpha')) return;
      server.addService(service, required ? guarded(implementation, required) : implementation);
    },
  });
}

/** HealthCheckRequest's `service` (field 1), read by hand: the server needs nothing else of it. */
function healthService(request: Buffer): string {
  return request.length >= 2 && request[0] === 0x0a ? request.subarray(2, 2 + request[1]!).toString('utf8') : '';
}

function addHealth(server: grpc.Server, status: HealthServingStatus, required?: { key: string; value: string }): void {
  const check: grpc.MethodDefinition<Buffer, Buffer> = {
    path: '/grpc.health.v1.Health/Check',
    requestStream: false,
    responseStream: false,
    requestSerialize: (bytes) => bytes,
    requestDeserialize: (bytes) => bytes,
    responseSerialize: (bytes) => bytes,
    responseDeserialize: (bytes) => bytes,
  };
  const answer = (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
    if (required && call.metadata.get(required.key)[0] !== required.value) return callback({ code: grpc.status.UNAUTHENTICATED, details: `missing ${required.key} header` });
    const service = healthService(call.request);
    if (service !== '') return callback({ code: grpc.status.NOT_FOUND, details: `unknown service ${service}` });
    // HealthCheckResponse { status = 1 }: the field's tag, then the enum's number.
    callback(null, Buffer.from([0x08, SERVING_STATUS_NUMBERS[status]]));
  };
  server.addService({ Check: check }, { Check: answer });
}

export async function startBenchServer(options: BenchServerOptions = {}): Promise<BenchServer> {
  const root = loadBenchRoot();
  const service = root.lookupService('ferry.testing.v1.Bench');
  const definition = Object.fromEntries(service.methodsArray.map((method) => [method.name, methodDefinition(method)]));
  const stats = { cancelled: 0, calls: 0 };
  const server = new grpc.Server();
  server.addService(definition, createHandlers(root, stats));
  addReflection(server, options.reflection ?? 'v1-and-v1alpha', options.reflectionRequires);
  if (options.health) addHealth(server, options.health, options.reflectionRequires);
  const credentials = options.tls
    ? grpc.ServerCredentials.createSsl(options.tls.clientCa ?? null, [{ cert_chain: options.tls.cert, private_key: options.tls.key }], !!options.tls.clientCa)
    : grpc.ServerCredentials.createInsecure();
  const address = options.unixSocket ? `unix://${options.unixSocket}` : '127.0.0.1:0';
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(address, credentials, (error, boundPort) => (error ? reject(error) : resolve(boundPort))),
  );
  return {
    target: options.unixSocket ? `unix://${options.unixSocket}` : `127.0.0.1:${port}`,
    port,
    stats,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
