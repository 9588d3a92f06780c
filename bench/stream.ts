/**
 * Server-stream ingest: messages/s received through Ferry's call session (which keeps a copy of each
 * message's wire bytes and decodes nothing until asked) against raw @grpc/grpc-js decoding each message
 * with protobufjs's generated codec, same server, same run, for 100 B and 64 KiB payloads.
 * Target (issue 2): engine ≥ 0.8× raw for both sizes.
 */
import * as grpc from '@grpc/grpc-js';
import type protobuf from 'protobufjs';
import { startCall } from '../electron/engine/calls';
import { startBenchServer } from '../electron/engine/testing/bench-server';
import { engineCodec, loadBenchRegistry, ratio } from './bench-kit';

const CASES = [
  { payload: 100, count: Number(process.env.BENCH_SMALL ?? 100_000) },
  { payload: 64 * 1024, count: Number(process.env.BENCH_LARGE ?? 4_000) },
];
const ROUNDS = 3;

async function main(): Promise<void> {
  const server = await startBenchServer({ reflection: 'none' });
  const registry = await loadBenchRegistry();
  const method = registry.findMethod('ferry.testing.v1.Bench/ServerStream');
  const client = new grpc.Client(server.target, grpc.credentials.createInsecure(), { 'grpc.max_receive_message_length': -1 });
  const { requestType, responseType } = method;

  const raw = (count: number, payload: number): Promise<number> =>
    new Promise((resolve, reject) => {
      let received = 0;
      const request = requestType.fromObject({ count, payload_size: payload });
      const call = client.makeServerStreamRequest(method.path, (m: protobuf.Message) => Buffer.from(requestType.encode(m).finish()),
        (b: Buffer) => responseType.decode(b), request);
      call.on('data', () => received++);
      call.on('error', reject);
      call.on('status', (s) => (s.code === 0 ? resolve(received) : reject(new Error(s.details))));
    });
  const engine = async (count: number, payload: number): Promise<number> => {
    const session = startCall({ client, method, request: { count, payloadSize: payload }, codec: engineCodec, types: registry });
    if (!session.ok) throw new Error(session.error.message);
    const status = await session.value.done;
    if (status.code !== 0) throw new Error(status.message);
    return session.value.events().filter((e) => e.type === 'call.message-received').length;
  };

  for (const { payload, count } of CASES) {
    const rates = { raw: [] as number[], engine: [] as number[] };
    await raw(Math.min(count, 2000), payload);
    await engine(Math.min(count, 2000), payload);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, fn] of [['raw', raw], ['engine', engine]] as const) {
        (globalThis as { gc?: () => void }).gc?.();
        const start = performance.now();
        const received = await fn(count, payload);
        const seconds = (performance.now() - start) / 1000;
        if (received !== count) throw new Error(`${name} received ${received} of ${count}`);
        rates[name].push(count / seconds);
      }
    }
    const best = { raw: Math.max(...rates.raw), engine: Math.max(...rates.engine) };
    console.log(`server stream, ${payload} B payload, ${count} messages, best of ${ROUNDS}`);
    console.log(`  raw grpc-js  ${Math.round(best.raw)} msg/s`);
    console.log(`  ferry engine ${Math.round(best.engine)} msg/s`);
    console.log(`  ratio engine/raw: ${ratio(best.engine, best.raw)}  (target ≥ 0.8×)`);
  }
  client.close();
  await server.close();
}

void main();
