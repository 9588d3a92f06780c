/**
 * A raw @grpc/grpc-js load generator: TOTAL unary Echo calls, CONCURRENCY in flight over one channel, each
 * request encoded and each response decoded with protobufjs, as ghz-like tools built on grpc-js do. Times
 * from the first call's start to the last call's end, as `ferry bench` does. Prints `{"calls": N, "ms": T}`.
 * Usage: raw-load TARGET TOTAL CONCURRENCY
 */
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { join } from 'node:path';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../../electron/engine/testing/bench-server';

const [target, total, concurrency] = process.argv.slice(2).map((word, i) => (i === 0 ? word : Number(word))) as [string, number, number];
const root = new protobuf.Root();
root.resolvePath = (_origin, file) => join(BENCH_PROTO_ROOT, file);
root.loadSync(BENCH_PROTO_FILE);
const requestType = root.lookupType('ferry.testing.v1.EchoRequest');
const responseType = root.lookupType('ferry.testing.v1.EchoResponse');
const client = new grpc.Client(target, grpc.credentials.createInsecure());

function echo(): Promise<void> {
  return new Promise((resolve) => {
    const body = Buffer.from(requestType.encode(requestType.fromObject({ message: 'hi' })).finish());
    client.makeUnaryRequest('/ferry.testing.v1.Bench/Echo', (b: Buffer) => b, (b: Buffer) => responseType.toObject(responseType.decode(b)), body, () => resolve());
  });
}

async function run(count: number): Promise<number> {
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started++;
      await echo();
    }
  };
  const begin = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return performance.now() - begin;
}

void (async () => {
  const ms = await run(total);
  process.stdout.write(`${JSON.stringify({ calls: total, ms })}\n`);
  client.close();
})();
