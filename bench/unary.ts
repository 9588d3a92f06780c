/**
 * Unary latency: Ferry's engine (lossless JSON parse → ProtoJSON encode → call session → ProtoJSON decode)
 * against a raw @grpc/grpc-js call with protobufjs's generated codecs, same server, same run.
 * Runs alternate in blocks so machine noise hits both sides alike. Prints p50/p90 and their ratios.
 * Target (issue 2): engine p50 ≤ 1.15× raw.
 */
import * as grpc from '@grpc/grpc-js';
import type protobuf from 'protobufjs';
import { startCall } from '../electron/engine/calls';
import { parseJsonLossless } from '../electron/engine/codec';
import { startBenchServer } from '../electron/engine/testing/bench-server';
import { engineCodec, loadBenchRegistry, percentile, ratio } from './bench-kit';

const CALLS = Number(process.env.BENCH_CALLS ?? 4000);
const BLOCK = 200;
const BODY = '{"message":"hello from the benchmark","payloadSize":64}';

async function main(): Promise<void> {
  const server = await startBenchServer({ reflection: 'none' });
  const registry = await loadBenchRegistry();
  const method = registry.findMethod('ferry.testing.v1.Bench/Echo');
  const client = new grpc.Client(server.target, grpc.credentials.createInsecure());
  const { requestType, responseType } = method;

  const raw = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const request = requestType.fromObject({ message: 'hello from the benchmark', payload_size: 64 });
      client.makeUnaryRequest(method.path, (m: protobuf.Message) => Buffer.from(requestType.encode(m).finish()),
        (b: Buffer) => responseType.decode(b), request, (error: grpc.ServiceError | null) => (error ? reject(error) : resolve()));
    });
  const engine = async (): Promise<void> => {
    const session = startCall({ client, method, request: parseJsonLossless(BODY), codec: engineCodec, types: registry });
    if (!session.ok) throw new Error(session.error.message);
    const status = await session.value.done;
    if (status.code !== 0) throw new Error(status.message);
    const body = session.value.messageJson('received', 0);
    if (!body.ok) throw new Error(body.error.message);
    JSON.stringify(body.value, null, 2);
  };

  const timings = { raw: [] as number[], engine: [] as number[] };
  for (let i = 0; i < 300; i++) await raw().then(engine); // warm-up: JIT, connection
  for (let done = 0; done < CALLS; done += BLOCK) {
    for (const [name, fn] of [['raw', raw], ['engine', engine]] as const) {
      for (let i = 0; i < BLOCK; i++) {
        const start = performance.now();
        await fn();
        timings[name].push(performance.now() - start);
      }
    }
  }
  const p50 = { raw: percentile(timings.raw, 50), engine: percentile(timings.engine, 50) };
  const p90 = { raw: percentile(timings.raw, 90), engine: percentile(timings.engine, 90) };
  console.log(`unary Echo, ${CALLS} calls per side, one in flight`);
  console.log(`  raw grpc-js  p50 ${p50.raw.toFixed(3)} ms  p90 ${p90.raw.toFixed(3)} ms`);
  console.log(`  ferry engine p50 ${p50.engine.toFixed(3)} ms  p90 ${p90.engine.toFixed(3)} ms`);
  console.log(`  ratio engine/raw: p50 ${ratio(p50.engine, p50.raw)}  p90 ${ratio(p90.engine, p90.raw)}  (target p50 ≤ 1.15×)`);
  client.close();
  await server.close();
}

void main();
