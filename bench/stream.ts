/**
 * Server-stream ingest: messages/s received through the engine (createEngine's FerryApi, session kept, as the
 * UI runs it: the session keeps each message's wire bytes and decodes nothing until asked) against raw
 * @grpc/grpc-js decoding each message with protobufjs, from the same child-process server, same run, for
 * 100 B and 64 KiB payloads. Targets: engine ≥ 0.8× raw for 100 B, ≥ 0.95× for 64 KiB.
 * A third side runs the engine with `keepSession: false`, as `ferry call` does: the difference between the two
 * engine sides is what keeping the session (every body written to its spill file) costs. A fourth runs raw
 * grpc-js with the HTTP/2 flow-control window Ferry offers (grpc-js keeps HTTP/2's 64 KiB): how much of the
 * 64 KiB row's ratio comes from that window alone.
 */
import * as grpc from '@grpc/grpc-js';
import type protobuf from 'protobufjs';
import { median, ratio } from './bench-kit';
import { unwrap } from '../shared/errors';
import { startHarness, type Harness } from './engine-harness';
import { RECEIVE_WINDOW_BYTES } from '../electron/engine/channels/credentials';

const CASES = [
  { payload: 90, count: Number(process.env.BENCH_SMALL ?? 100_000), target: 0.8 },
  { payload: 64 * 1024, count: Number(process.env.BENCH_LARGE ?? 4_000), target: 0.95 },
];
const ROUNDS = 3;
const PATH = '/ferry.testing.v1.Bench/ServerStream';

function rawStream(h: Harness, count: number, payload: number, client = h.raw): Promise<number> {
  const requestType = h.types.request('ServerStream');
  const responseType = h.types.response('ServerStream');
  return new Promise((resolve, reject) => {
    let received = 0;
    const request = requestType.fromObject({ message: 'm', count, payloadSize: payload });
    const call = client.makeServerStreamRequest(PATH, (m: protobuf.Message) => Buffer.from(requestType.encode(m).finish()),
      (b: Buffer) => responseType.decode(b), request);
    call.on('data', () => received++);
    call.on('error', reject);
    call.on('status', (s) => (s.code === 0 ? resolve(received) : reject(new Error(s.details))));
  });
}

async function engineStream(h: Harness, count: number, payload: number, keepSession = true): Promise<number> {
  let received = 0;
  const body = JSON.stringify({ message: 'm', count, payloadSize: payload });
  const { callId } = await h.call({ method: 'ferry.testing.v1.Bench/ServerStream', body, keepSession }, (events) => {
    for (const event of events) if (event.type === 'call.message-received') received++;
  });
  if (keepSession) unwrap(await h.engine.releaseCall(callId));
  return received;
}

const unkeptStream = (h: Harness, count: number, payload: number) => engineStream(h, count, payload, false);

async function main(): Promise<void> {
  const h = await startHarness();
  const wideClient = new grpc.Client(h.server.target, grpc.credentials.createInsecure(), { 'grpc.max_receive_message_length': -1, 'grpc-node.flow_control_window': RECEIVE_WINDOW_BYTES });
  const wideRawStream = (harness: Harness, count: number, payload: number) => rawStream(harness, count, payload, wideClient);
  const sides = [['raw', rawStream], ['engine', engineStream], ['unkept', unkeptStream], ['wide', wideRawStream]] as const;
  for (const { payload, count, target } of CASES) {
    const rates = { raw: [] as number[], engine: [] as number[], unkept: [] as number[], wide: [] as number[] };
    await rawStream(h, Math.min(count, 2000), payload);
    await wideRawStream(h, Math.min(count, 2000), payload);
    await engineStream(h, Math.min(count, 2000), payload);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, run] of sides) {
        (globalThis as { gc?: () => void }).gc?.();
        const start = performance.now();
        const received = await run(h, count, payload);
        const seconds = (performance.now() - start) / 1000;
        if (received !== count) throw new Error(`${name} received ${received} of ${count}`);
        rates[name].push(count / seconds);
      }
    }
    const mid = { raw: median(rates.raw), engine: median(rates.engine), unkept: median(rates.unkept), wide: median(rates.wide) };
    console.log(`server stream, ${payload + 10} B messages, ${count} messages, median of ${ROUNDS} (server in a child process)`);
    console.log(`  raw grpc-js  ${Math.round(mid.raw)} msg/s`);
    console.log(`  ferry engine ${Math.round(mid.engine)} msg/s`);
    console.log(`  ratio engine/raw: ${ratio(mid.engine, mid.raw)}  (target ≥ ${target}×)`);
    console.log(`  engine, session not kept (as ferry call runs it): ${Math.round(mid.unkept)} msg/s, ${ratio(mid.unkept, mid.raw)} raw`);
    console.log(`  raw grpc-js with Ferry's ${RECEIVE_WINDOW_BYTES / 1024 ** 2} MiB window: ${Math.round(mid.wide)} msg/s; engine/it ${ratio(mid.engine, mid.wide)}`);
  }
  wideClient.close();
  await h.close();
}

void main();
