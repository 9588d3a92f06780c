/**
 * Unary calls as the UI makes them through the engine (createEngine's FerryApi, history recorded: lossless
 * JSON parse → ProtoJSON encode → call session with a kept session → the response decoded once, inline with
 * the call's end → JSON text → session released) against raw @grpc/grpc-js unary calls with protobufjs's
 * codecs, same child-process server, same run:
 * - latency, one call in flight: p50 and p90, sides alternating in blocks so machine noise hits both alike;
 * - throughput, 32 calls in flight: calls/s, sides alternating, median of 3 rounds;
 * - layer by layer (bench/unary-layers.ts): what each layer of the engine adds to the latency.
 * Targets: p50 ≤ 1.05× raw, 32 in flight ≥ 0.9× raw. BENCH_CASES=latency, parallel or layers runs one part.
 */
import type protobuf from 'protobufjs';
import type { CallEvent } from '../shared/model';
import { median, percentile, ratio } from './bench-kit';
import { unwrap } from '../shared/errors';
import { startHarness, type Harness } from './engine-harness';
import { measureLayers } from './unary-layers';

const CALLS = Number(process.env.BENCH_CALLS ?? 4000);
const BLOCK = 200;
const IN_FLIGHT = 32;
const PARALLEL_CALLS = Number(process.env.BENCH_PARALLEL_CALLS ?? 8000);
const ROUNDS = 3;
const BODY = '{"message":"hello from the benchmark","payloadSize":64}';
/** What the UI asks for (renderer/store/session-view.ts INLINE_MESSAGE_BYTES). */
const INLINE_BYTES = 4096;

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
  const { callId, ended } = await h.call({ method: 'ferry.testing.v1.Bench/Echo', body: BODY, inlineMessageBytes: INLINE_BYTES }, (events: CallEvent[]) => {
    for (const event of events) if (event.type === 'call.message-received') response = event.message;
  });
  if (ended.type !== 'call.ended' || ended.status.code !== 0 || response === undefined) throw new Error('the engine call failed');
  JSON.stringify(response, null, 2);
  unwrap(await h.engine.releaseCall(callId));
}

const SIDES = [['raw', rawUnary], ['engine', engineUnary]] as const;

/** CPU time of this process (the client's side), in µs. */
function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

function cpuLine(cpu: { raw: number; engine: number }, calls: number): string {
  return `  client CPU per call: raw ${(cpu.raw / calls).toFixed(0)} µs, engine ${(cpu.engine / calls).toFixed(0)} µs: ${ratio(cpu.engine, cpu.raw)} (less noisy than wall time on a busy machine)`;
}

async function latency(h: Harness): Promise<void> {
  const timings = { raw: [] as number[], engine: [] as number[] };
  const cpu = { raw: 0, engine: 0 };
  for (let done = 0; done < CALLS; done += BLOCK) {
    for (const [name, run] of SIDES) {
      const cpuStart = cpuMicros();
      for (let i = 0; i < BLOCK; i++) {
        const start = performance.now();
        await run(h);
        timings[name].push(performance.now() - start);
      }
      cpu[name] += cpuMicros() - cpuStart;
    }
  }
  const p50 = { raw: percentile(timings.raw, 50), engine: percentile(timings.engine, 50) };
  const p90 = { raw: percentile(timings.raw, 90), engine: percentile(timings.engine, 90) };
  console.log(`unary Echo, one call in flight, ${CALLS} calls per side (server in a child process)`);
  console.log(`  raw grpc-js  p50 ${p50.raw.toFixed(3)} ms  p90 ${p90.raw.toFixed(3)} ms`);
  console.log(`  ferry engine p50 ${p50.engine.toFixed(3)} ms  p90 ${p90.engine.toFixed(3)} ms`);
  console.log(`  ratio engine/raw: p50 ${ratio(p50.engine, p50.raw)}  p90 ${ratio(p90.engine, p90.raw)}  (target p50 ≤ 1.05×)`);
  console.log(cpuLine(cpu, CALLS));
}

async function callsPerSecond(h: Harness, run: (h: Harness) => Promise<void>): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next++ < PARALLEL_CALLS) await run(h);
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return PARALLEL_CALLS / ((performance.now() - start) / 1000);
}

async function throughput(h: Harness): Promise<void> {
  const rates = { raw: [] as number[], engine: [] as number[] };
  const cpu = { raw: 0, engine: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of SIDES) {
      (globalThis as { gc?: () => void }).gc?.();
      const cpuStart = cpuMicros();
      rates[name].push(await callsPerSecond(h, run));
      cpu[name] += cpuMicros() - cpuStart;
    }
  }
  const mid = { raw: median(rates.raw), engine: median(rates.engine) };
  console.log(`unary Echo, ${IN_FLIGHT} calls in flight, ${PARALLEL_CALLS} calls per side, median of ${ROUNDS}`);
  console.log(`  raw grpc-js  ${Math.round(mid.raw)} calls/s`);
  console.log(`  ferry engine ${Math.round(mid.engine)} calls/s`);
  console.log(`  ratio engine/raw: ${ratio(mid.engine, mid.raw)}  (target ≥ 0.9×)`);
  console.log(cpuLine(cpu, ROUNDS * PARALLEL_CALLS));
}

async function main(): Promise<void> {
  const h = await startHarness();
  for (let i = 0; i < 300; i++) await rawUnary(h).then(() => engineUnary(h)); // warm-up: JIT, connection
  const cases = process.env.BENCH_CASES;
  if (cases === undefined || cases === 'latency') await latency(h);
  if (cases === undefined || cases === 'parallel') await throughput(h);
  if (cases === undefined || cases === 'layers') await measureLayers(h, () => rawUnary(h), () => engineUnary(h));
  await h.close();
}

void main();
