/**
 * A raw @grpc/grpc-js client counting a server stream, each message decoded with protobufjs as a client that
 * uses its messages would. Prints `{"received": N, "ms": T}`. Usage: raw-count TARGET COUNT PAYLOAD_BYTES
 */
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { join } from 'node:path';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../../electron/engine/testing/bench-server';

const [target, count, payload] = process.argv.slice(2);
const root = new protobuf.Root();
root.resolvePath = (_origin, file) => join(BENCH_PROTO_ROOT, file);
root.loadSync(BENCH_PROTO_FILE);
const requestType = root.lookupType('ferry.testing.v1.StreamRequest');
const responseType = root.lookupType('ferry.testing.v1.EchoResponse');
const client = new grpc.Client(target!, grpc.credentials.createInsecure());
const request = Buffer.from(requestType.encode(requestType.fromObject({ message: 'm', count: Number(count), payloadSize: Number(payload) })).finish());
const start = performance.now();
let received = 0;
const call = client.makeServerStreamRequest('/ferry.testing.v1.Bench/ServerStream', (b: Buffer) => b, (b: Buffer) => responseType.decode(b), request);
call.on('data', () => received++);
call.on('error', () => undefined);
call.on('status', () => {
  process.stdout.write(`${JSON.stringify({ received, ms: performance.now() - start })}\n`);
  client.close();
});
