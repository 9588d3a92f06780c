/**
 * The benchmarks' gRPC server, run in a child process so its work does not share a thread with the client
 * being measured. It serves `ferry.testing.v1.Bench` Echo and ServerStream with raw bytes: a stream's
 * responses are pre-encoded (only the index varies), so the server is not the bottleneck of the comparison.
 * Prints `{"port": N}` on stdout once listening; exits when its stdin closes.
 */
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { join } from 'node:path';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../../electron/engine/testing/bench-server';

const root = new protobuf.Root();
root.resolvePath = (_origin, target) => join(BENCH_PROTO_ROOT, target);
root.loadSync(BENCH_PROTO_FILE);
const EchoRequest = root.lookupType('ferry.testing.v1.EchoRequest');
const EchoResponse = root.lookupType('ferry.testing.v1.EchoResponse');
const StreamRequest = root.lookupType('ferry.testing.v1.StreamRequest');

type Fields = Record<string, unknown>;
const raw = (bytes: Buffer): Buffer => bytes;
const definition = (name: string, responseStream: boolean): grpc.MethodDefinition<Buffer, Buffer> => ({
  path: `/ferry.testing.v1.Bench/${name}`,
  requestStream: false,
  responseStream,
  requestSerialize: raw,
  requestDeserialize: raw,
  responseSerialize: raw,
  responseDeserialize: raw,
});

function varint(value: number): number[] {
  const bytes: number[] = [];
  for (; value > 0x7f; value >>>= 7) bytes.push((value & 0x7f) | 0x80);
  bytes.push(value);
  return bytes;
}

/** Response i of a stream: `message` and `payload` encoded once, the index field (2) spliced in between. */
function responseFrames(message: string, payloadSize: number): (index: number) => Buffer {
  const head = Buffer.from(EchoResponse.encode(EchoResponse.create({ message })).finish());
  const tail = Buffer.from(EchoResponse.encode(EchoResponse.create({ payload: Buffer.alloc(payloadSize, 0x61) })).finish());
  return (index) => {
    if (index === 0) return Buffer.concat([head, tail]);
    return Buffer.concat([head, Buffer.from([0x10, ...varint(index)]), tail]);
  };
}

const server = new grpc.Server();
server.addService(
  { Echo: definition('Echo', false), ServerStream: definition('ServerStream', true) },
  {
    Echo(call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) {
      const request = EchoRequest.decode(call.request) as unknown as Fields;
      const payload = Buffer.alloc(Number(request.payloadSize ?? 0), 0x61);
      callback(null, Buffer.from(EchoResponse.encode(EchoResponse.create({ message: request.message, payload })).finish()));
    },
    async ServerStream(call: grpc.ServerWritableStream<Buffer, Buffer>) {
      const request = StreamRequest.decode(call.request) as unknown as Fields;
      const frame = responseFrames(String(request.message ?? ''), Number(request.payloadSize ?? 0));
      const count = Number(request.count ?? 0);
      let cancelled = false;
      call.on('cancelled', () => (cancelled = true));
      for (let i = 0; i < count && !cancelled; i++) {
        if (!call.write(frame(i))) await new Promise((resolve) => call.once('drain', resolve));
      }
      call.end();
    },
  },
);
server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) throw error;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => server.forceShutdown());
