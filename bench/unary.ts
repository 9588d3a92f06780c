/**
 * Unary latency: a call as the UI makes it through the engine (createEngine's FerryApi: lossless JSON parse →
 * ProtoJSON encode → call session → response decoded inline → JSON text → session released) against a raw
 * @grpc/grpc-js unary call with protobufjs's codecs, same child-process server, same run. Runs alternate in
 * blocks so machine noise hits both sides alike. Target: engine p50 ≤ 1.15× raw.
 */
import type protobuf from 'protobufjs';
import type { CallEvent } from '../shared/model';
import { percentile, ratio } from './bench-kit';
import { unwrap } from '../shared/errors';
import { startHarness, type Harness } from './engine-harness';

const CALLS = Number(process.env.BENCH_CALLS ?? 4000);
const BLOCK = 200;
const BODY = '{"message":"hello from the benchmark","payloadSize":64}';

function rawUnary(h: Harness): Promise<void> {
  const requestType = h.types.request('Echo');
  const responseType = h.types.response('Echo');
  return new Promise((resolve, reject) => {
    const request = requestType.fromObject({ message: 'hello from the benchmark', payloadSize: 64 });
    h.raw.makeUnaryRequest('/ferry.testing.v1.Bench/Echo', (m: protobuf.Message) => Buffer.from(requestType.encode(m).finish()),
      (b: Buffer) => responseType.decode(b), request, (error) => (error ? reject(error) : resolve()));
  });
}

async function engineUnary(h: Harness): Promise<void> {
  let response: unknown;
  const { callId, ended } = await h.call({ method: 'ferry.testing.v1.Bench/Echo', body: BODY, inlineMessageBytes: 64 * 1024 }, (events: CallEvent[]) => {
    for (const event of events) if (event.type === 'call.message-received') response = event.message;
  });
  if (ended.type !== 'call.ended' || ended.status.code !== 0 || response === undefined) throw new Error('the engine call failed');
  JSON.stringify(response, null, 2);
  unwrap(await h.engine.releaseCall(callId));
}

async function main(): Promise<void> {
  const h = await startHarness();
  const timings = { raw: [] as number[], engine: [] as number[] };
  for (let i = 0; i < 300; i++) await rawUnary(h).then(() => engineUnary(h)); // warm-up: JIT, connection
  for (let done = 0; done < CALLS; done += BLOCK) {
    for (const [name, run] of [['raw', rawUnary], ['engine', engineUnary]] as const) {
      for (let i = 0; i < BLOCK; i++) {
        const start = performance.now();
        await run(h);
        timings[name].push(performance.now() - start);
      }
    }
  }
  const p50 = { raw: percentile(timings.raw, 50), engine: percentile(timings.engine, 50) };
  const p90 = { raw: percentile(timings.raw, 90), engine: percentile(timings.engine, 90) };
  console.log(`unary Echo, ${CALLS} calls per side, one in flight (server in a child process)`);
  console.log(`  raw grpc-js  p50 ${p50.raw.toFixed(3)} ms  p90 ${p90.raw.toFixed(3)} ms`);
  console.log(`  ferry engine p50 ${p50.engine.toFixed(3)} ms  p90 ${p90.engine.toFixed(3)} ms`);
  console.log(`  ratio engine/raw: p50 ${ratio(p50.engine, p50.raw)}  p90 ${ratio(p90.engine, p90.raw)}  (target p50 ≤ 1.15×)`);
  await h.close();
}

void main();
