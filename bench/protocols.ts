/**
 * gRPC-Web and Connect: unary p50 and server-stream messages/s through Ferry's engine (createEngine's
 * FerryApi, as the UI drives it: JSON text in, the call session over the web transport, each response
 * decoded inline, the session released), against @connectrpc/connect-node's own client calling the same
 * connect-node server in the same run. The server runs in a child process so its work does not share the
 * measured thread. Runs alternate in blocks so machine noise hits both sides alike.
 * grpc-web-text is not measured: connect-node speaks neither side of it.
 * Target: Ferry within 1.2× of connect-node (p50 ≤ 1.2×, msgs/s ≥ 1/1.2).
 */
import { createClient, type Client, type Transport } from '@connectrpc/connect';
import { createConnectTransport, createGrpcWebTransport } from '@connectrpc/connect-node';
import { createFileRegistry, fromBinary, type DescService } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { CallEvent, HttpVersion, WireProtocol } from '../shared/model';
import { createEngine, type Engine } from '../electron/engine';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../electron/engine/testing/bench-server';
import { makeBenchDescriptorSet } from '../electron/engine/testing/bench-descriptor-set';
import { startConnectBenchServer } from '../electron/engine/testing/connect-bench-server';
import { percentile, ratio } from './bench-kit';
import { unwrap } from '../shared/errors';

const UNARY_CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const BLOCK = 200;
const STREAM_COUNT = Number(process.env.BENCH_STREAM ?? 50_000);
const ROUNDS = 3;
const BODY = '{"message":"hello from the benchmark","payloadSize":64}';

interface Case {
  name: string;
  protocol: Exclude<WireProtocol, 'grpc'>;
  codec: 'proto' | 'json';
  http: HttpVersion;
  transport: (baseUrl: string) => Transport;
}

const CASES: Case[] = [
  { name: 'grpc-web, HTTP/2', protocol: 'grpc-web', codec: 'proto', http: '2', transport: (baseUrl) => createGrpcWebTransport({ baseUrl, httpVersion: '2' }) },
  { name: 'grpc-web, HTTP/1.1', protocol: 'grpc-web', codec: 'proto', http: '1.1', transport: (baseUrl) => createGrpcWebTransport({ baseUrl, httpVersion: '1.1' }) },
  { name: 'connect+proto, HTTP/2', protocol: 'connect', codec: 'proto', http: '2', transport: (baseUrl) => createConnectTransport({ baseUrl, httpVersion: '2', useBinaryFormat: true }) },
  { name: 'connect+proto, HTTP/1.1', protocol: 'connect', codec: 'proto', http: '1.1', transport: (baseUrl) => createConnectTransport({ baseUrl, httpVersion: '1.1', useBinaryFormat: true }) },
  { name: 'connect+json, HTTP/2', protocol: 'connect', codec: 'json', http: '2', transport: (baseUrl) => createConnectTransport({ baseUrl, httpVersion: '2', useBinaryFormat: false }) },
];

type Urls = Record<HttpVersion, string>;

/** Child process: the server, reporting its URLs once listening. */
async function serve(): Promise<void> {
  const server = await startConnectBenchServer({ reflection: false });
  process.send!({ '1.1': server.url('1.1'), '2': server.url('2') } satisfies Urls);
  process.on('disconnect', () => void server.close().then(() => process.exit(0)));
}

function startServerProcess(): Promise<{ urls: Urls; stop(): void }> {
  const child = fork(process.argv[1]!, ['--serve'], { stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (urls) => resolve({ urls: urls as Urls, stop: () => child.disconnect() }));
  });
}

/** Ferry as the UI drives it: createEngine's FerryApi over a connection with this protocol, each call released after. */
async function ferryCalls(engine: Engine, url: string, c: Case) {
  const files = [join(BENCH_PROTO_ROOT, BENCH_PROTO_FILE)];
  const info = unwrap(await engine.openConnection({ target: url, protocol: c.protocol, ...(c.protocol === 'connect' && { codec: c.codec }), httpVersion: c.http, tls: { mode: 'plaintext' }, schema: { kind: 'proto-files', files, importPaths: [BENCH_PROTO_ROOT] } }));
  const waiting = new Map<string, (events: CallEvent[]) => void>();
  engine.onEvent((event) => event.type === 'call.events' && waiting.get(event.callId)?.(event.events));
  const run = async (method: string, body: string, onEvents: (events: CallEvent[]) => void) => {
    const { callId } = unwrap(await engine.startCall({ connectionId: info.connectionId, method: `ferry.testing.v1.Bench/${method}`, metadata: [], body, inlineMessageBytes: 64 * 1024 }));
    await new Promise<void>((resolve, reject) =>
      waiting.set(callId, (events) => {
        onEvents(events);
        const last = events[events.length - 1];
        if (last?.type !== 'call.ended') return;
        waiting.delete(callId);
        if (last.status.code === 0) resolve();
        else reject(new Error(last.status.message));
      }),
    );
    await engine.releaseCall(callId);
  };
  return {
    async unary() {
      let response: unknown;
      await run('Echo', BODY, (events) => events.forEach((e) => e.type === 'call.message-received' && (response = e.message)));
      JSON.stringify(response, null, 2);
    },
    async stream(count: number) {
      let received = 0;
      await run('ServerStream', JSON.stringify({ count, payloadSize: 100 }), (events) => events.forEach((e) => e.type === 'call.message-received' && received++));
      return received;
    },
  };
}

function connectCalls(client: Client<DescService>) {
  const calls = client as unknown as Record<string, (request: unknown) => unknown>;
  return {
    async unary() {
      await calls.echo!({ message: 'hello from the benchmark', payloadSize: 64 });
    },
    async stream(count: number) {
      let received = 0;
      for await (const _ of calls.serverStream!({ count, payloadSize: 100 }) as AsyncIterable<unknown>) received++;
      return received;
    },
  };
}

type Calls = ReturnType<typeof connectCalls>;

async function measure(sides: Record<'connect-node' | 'ferry', Calls>) {
  const names = ['connect-node', 'ferry'] as const;
  const timings = { 'connect-node': [] as number[], ferry: [] as number[] };
  const rates = { 'connect-node': [] as number[], ferry: [] as number[] };
  for (const name of names) for (let i = 0; i < 200; i++) await sides[name].unary(); // warm-up: JIT, connection
  for (let done = 0; done < UNARY_CALLS; done += BLOCK) {
    for (const name of names) {
      for (let i = 0; i < BLOCK; i++) {
        const start = performance.now();
        await sides[name].unary();
        timings[name].push(performance.now() - start);
      }
    }
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of names) {
      (globalThis as { gc?: () => void }).gc?.();
      const start = performance.now();
      const received = await sides[name].stream(STREAM_COUNT);
      if (received !== STREAM_COUNT) throw new Error(`${name} received ${received} of ${STREAM_COUNT}`);
      rates[name].push(STREAM_COUNT / ((performance.now() - start) / 1000));
    }
  }
  const p50 = { connect: percentile(timings['connect-node'], 50), ferry: percentile(timings.ferry, 50) };
  const rate = { connect: percentile(rates['connect-node'], 50), ferry: percentile(rates.ferry, 50) };
  return { p50, rate };
}

async function main(): Promise<void> {
  const server = await startServerProcess();
  const service = createFileRegistry(fromBinary(FileDescriptorSetSchema, makeBenchDescriptorSet())).getService('ferry.testing.v1.Bench')!;
  console.log(`web protocols: unary Echo (${UNARY_CALLS} calls per side, one in flight) and a ${STREAM_COUNT} × 100 B server stream (median of ${ROUNDS})`);
  console.log('  ratios are ferry / connect-node; targets: p50 ≤ 1.2×, stream ≥ 0.83×');
  // BENCH_CASES=connect+json (a comma-separated list of name prefixes) runs only those cases.
  const only = process.env.BENCH_CASES?.split(',');
  for (const c of CASES.filter((one) => !only || only.some((prefix) => one.name.startsWith(prefix)))) {
    const engine = createEngine();
    const ferry = await ferryCalls(engine, server.urls[c.http], c);
    const result = await measure({ 'connect-node': connectCalls(createClient(service, c.transport(server.urls[c.http]))), ferry });
    engine.dispose();
    console.log(`  ${c.name.padEnd(24)} unary p50 ${result.p50.ferry.toFixed(3)} vs ${result.p50.connect.toFixed(3)} ms (${ratio(result.p50.ferry, result.p50.connect)})` +
      `   stream ${Math.round(result.rate.ferry)} vs ${Math.round(result.rate.connect)} msg/s (${ratio(result.rate.ferry, result.rate.connect)})`);
  }
  server.stop();
  // connect-node's transports keep idle HTTP/2 sessions open for minutes.
  process.exit(0);
}

void (process.argv.includes('--serve') ? serve() : main());
