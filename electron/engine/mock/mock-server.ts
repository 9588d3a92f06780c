/**
 * `ferry mock`: a gRPC server for every method of a schema, answering what `mock-script.ts` read (or each
 * response type's example), so a client can be built and tested before the real service exists. Each
 * call is reported with its request decoded as ProtoJSON. Plaintext HTTP/2, no server reflection.
 */
import type * as grpc from '@grpc/grpc-js';
import { grpcStatusName } from '../../../shared/util';
import { grpcJs } from '../channels/grpc-js';
import { decodeToProtoJson } from '../codec';
import type { MethodDescriptor, SchemaRegistry } from '../schema';
import { serveReflection } from './mock-reflection';
import { exampleOf, type MockAnswer } from './mock-script';

/** One call as the mock saw it: its requests as ProtoJSON (a stream's each), and how it answered. */
export interface MockCall {
  method: string;
  metadata: Record<string, string>;
  requests: unknown[];
  status: string;
}

export interface MockServerOptions {
  registry: SchemaRegistry;
  answers: ReadonlyMap<string, MockAnswer>;
  host: string;
  port: number;
  onCall(call: MockCall): void;
}

export interface MockServer {
  /** The port it listens on (the one given, or the one the OS chose for 0). */
  port: number;
  methods: number;
  close(): Promise<void>;
}

const KINDS = { unary: 'unary', 'server-stream': 'serverStream', 'client-stream': 'clientStream', bidi: 'bidi' } as const;
const identity = (bytes: Buffer): Buffer => bytes;
const wait = (ms: number): Promise<void> => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

function metadataOf(metadata: grpc.Metadata): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata.getMap()).map(([key, value]) => [key, Buffer.isBuffer(value) ? value.toString('base64') : String(value)]));
}

/** The handler of one method: reads what the client sends, then answers as `answer` says. */
function handlerOf(method: MethodDescriptor, answer: MockAnswer, onCall: (call: MockCall) => void): grpc.UntypedHandleCall {
  const decoded = (bytes: Buffer): unknown => {
    try {
      return decodeToProtoJson(method.requestType, bytes);
    } catch {
      return { undecodable: bytes.toString('base64') };
    }
  };
  const report = (call: { metadata: grpc.Metadata }, requests: unknown[]) =>
    onCall({ method: method.path.slice(1), metadata: metadataOf(call.metadata), requests, status: answer.status ? grpcStatusName(answer.status.code) : 'OK' });
  const failure = () => ({ code: answer.status!.code, details: answer.status!.message });

  if (method.kind === 'unary' || method.kind === 'client-stream') {
    return (call: grpc.ServerUnaryCall<Buffer, Buffer> | grpc.ServerReadableStream<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
      const requests: unknown[] = [];
      const respond = async () => {
        report(call, requests);
        await wait(answer.delayMs);
        if (answer.status) callback(failure());
        else callback(null, Buffer.from(answer.responses[0]!));
      };
      if ('request' in call) {
        requests.push(decoded(call.request));
        void respond();
        return;
      }
      call.on('data', (bytes: Buffer) => requests.push(decoded(bytes)));
      call.on('end', () => void respond());
    };
  }
  return (call: grpc.ServerWritableStream<Buffer, Buffer> | grpc.ServerDuplexStream<Buffer, Buffer>) => {
    let cancelled = false;
    call.on('cancelled', () => (cancelled = true));
    const send = async (count: number) => {
      for (let i = 0; i < count && !cancelled; i++) {
        await wait(answer.delayMs);
        call.write(Buffer.from(answer.responses[i % answer.responses.length]!));
      }
    };
    const finish = () => (answer.status ? call.emit('error', failure()) : call.end());
    if (method.kind === 'server-stream') {
      report(call, [decoded((call as grpc.ServerWritableStream<Buffer, Buffer>).request)]);
      void send(answer.responses.length).then(finish);
      return;
    }
    // Bidi: each request gets the next response in turn; the client's end ends the call.
    const requests: unknown[] = [];
    let sending = Promise.resolve();
    call.on('data', (bytes: Buffer) => {
      requests.push(decoded(bytes));
      sending = sending.then(() => (answer.responses.length > 0 ? send(1) : undefined));
    });
    call.on('end', () => {
      report(call, requests);
      void sending.then(finish);
    });
  };
}

export async function startMockServer(options: MockServerOptions): Promise<MockServer> {
  const { Server, ServerCredentials } = grpcJs();
  const server = new Server();
  const methods = options.registry.listServices().flatMap((service) => service.methods.map((summary) => options.registry.findMethod(summary.fullName)));
  for (const method of methods) {
    const answer = options.answers.get(method.path) ?? { responses: [exampleOf(method)], delayMs: 0 };
    server.register(method.path, handlerOf(method, answer, options.onCall), identity, identity, KINDS[method.kind]);
  }
  serveReflection(server, options.registry, options.registry.listServices().map((service) => service.fullName));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${options.host}:${options.port}`, ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return {
    port,
    methods: methods.length,
    close: () => new Promise((resolve) => server.tryShutdown(() => resolve())),
  };
}
