/**
 * Where the unary ratio goes, layer by layer: the same Echo call made through each layer Ferry adds on top of
 * grpc-js, sequential, sides alternating in blocks, each against raw grpc-js's Client in the same run. Not a
 * row of the issue: it shows which part of the engine's ratio each layer costs.
 */
import * as grpc from '@grpc/grpc-js';
import type protobuf from 'protobufjs';
import { join } from 'node:path';
import type { FerryEvent } from '../shared/api';
import { unwrap } from '../shared/errors';
import { callCodec, grpcTransport, startCall } from '../electron/engine/calls';
import { createEngine, type Engine } from '../electron/engine';
import type { SchemaRegistry } from '../electron/engine/schema';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../electron/engine/testing/bench-server';
import { loadBenchRegistry, percentile, ratio } from './bench-kit';
import type { Harness } from './engine-harness';

const BLOCKS = 10;
const BLOCK = 200;
const METHOD = 'ferry.testing.v1.Bench/Echo';
const BODY = '{"message":"hello from the benchmark","payloadSize":64}';

type Layer = [name: string, run: () => Promise<void>];

/** grpc-js's channel call, below the Client's wrappers: what Ferry's transport stands on. */
function channelCall(h: Harness): Promise<void> {
  const requestType = h.types.request('Echo');
  const responseType = h.types.response('Echo');
  return new Promise((resolve, reject) => {
    const bytes = Buffer.from(requestType.encode(requestType.fromObject({ message: 'hello from the benchmark', payloadSize: 64 })).finish());
    const call = h.raw.getChannel().createCall(`/${METHOD}`, Infinity, undefined, null, undefined);
    let response: protobuf.Message | undefined;
    call.start(new grpc.Metadata(), {
      onReceiveMetadata: () => undefined,
      onReceiveMessage: (message: Buffer) => {
        response = responseType.decode(message);
        call.startRead();
      },
      onReceiveStatus: (status) => (status.code === grpc.status.OK && response ? resolve() : reject(new Error(status.details))),
    });
    call.sendMessageWithContext({}, bytes);
    call.halfClose();
    call.startRead();
  });
}

/** The call session alone: JSON text in, ProtoJSON encode, events paced as for the UI, the response decoded, JSON text out. */
async function callSession(h: Harness, registry: SchemaRegistry): Promise<void> {
  let response: unknown;
  const session = startCall({
    transport: grpcTransport(h.raw),
    method: registry.findMethod(METHOD),
    request: JSON.parse(BODY),
    codec: callCodec({ emitDefaults: false }),
    types: registry,
    onEvents: (events) => {
      for (const event of events) {
        if (event.type !== 'call.message-received') continue;
        const json = session.messageJson('received', event.index);
        if (json.ok) response = json.value;
      }
    },
  });
  await session.done;
  if (response === undefined) throw new Error('the call session got no response');
  JSON.stringify(response, null, 2);
}

/** An engine as `ferry call` holds it: no data folder (no history), sessions not kept, unpaced events (`eventBatchMs: 0`). */
async function cliEngine(target: string): Promise<{ engine: Engine; call(): Promise<void> }> {
  const engine = createEngine({ schemaCache: null, eventBatchMs: 0 });
  const schema = { kind: 'proto-files' as const, files: [join(BENCH_PROTO_ROOT, BENCH_PROTO_FILE)], importPaths: [BENCH_PROTO_ROOT] };
  const { connectionId } = unwrap(await engine.openConnection({ target, tls: { mode: 'plaintext' }, schema }));
  const waiting = new Map<string, (event: FerryEvent & { type: 'call.events' }) => void>();
  engine.onEvent((event) => {
    if (event.type === 'call.events') waiting.get(event.callId)?.(event);
  });
  async function call(): Promise<void> {
    let response: unknown;
    let ended!: () => void;
    const done = new Promise<void>((resolve) => (ended = resolve));
    const { callId } = unwrap(await engine.startCall({ connectionId, metadata: [], method: METHOD, body: BODY, keepSession: false, inlineMessageBytes: 4096 }));
    waiting.set(callId, ({ events }) => {
      for (const event of events) {
        if (event.type === 'call.message-received') response = event.message;
        if (event.type === 'call.ended') ended();
      }
    });
    await done;
    waiting.delete(callId);
    if (response === undefined) throw new Error('the engine call got no response');
    JSON.stringify(response, null, 2);
  }
  return { engine, call };
}

/** Each layer's p50 and client CPU per call against raw grpc-js's Client (the first layer). */
export async function measureLayers(h: Harness, raw: () => Promise<void>, asTheUi: () => Promise<void>): Promise<void> {
  const registry = await loadBenchRegistry();
  const cli = await cliEngine(h.server.target);
  const layers: Layer[] = [
    ['raw grpc-js Client', raw],
    ['grpc-js channel call', () => channelCall(h)],
    ['+ call session', () => callSession(h, registry)],
    ['+ engine, as ferry call', cli.call],
    ['+ kept session, history', asTheUi],
  ];
  const times = layers.map(() => [] as number[]);
  const cpu = layers.map(() => 0);
  for (let i = 0; i < 100; i++) for (const [, run] of layers) await run();
  for (let block = 0; block < BLOCKS; block++) {
    for (const [index, [, run]] of layers.entries()) {
      const cpuStart = process.cpuUsage();
      for (let i = 0; i < BLOCK; i++) {
        const start = performance.now();
        await run();
        times[index]!.push(performance.now() - start);
      }
      const used = process.cpuUsage(cpuStart);
      cpu[index]! += used.user + used.system;
    }
  }
  cli.engine.dispose();
  const p50 = times.map((samples) => percentile(samples, 50));
  console.log(`unary Echo layer by layer, one call in flight, ${BLOCKS * BLOCK} calls each (ratios against the first line)`);
  for (const [index, [name]] of layers.entries()) {
    console.log(`  ${name.padEnd(26)} p50 ${(p50[index]! * 1000).toFixed(0).padStart(4)} µs ${ratio(p50[index]!, p50[0]!)}  client CPU per call ${ratio(cpu[index]!, cpu[0]!)}`);
  }
}
