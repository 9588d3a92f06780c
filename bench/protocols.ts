/**
 * gRPC-Web and Connect: unary p50 and server-stream messages/s through Ferry's web transports, against
 * @connectrpc/connect-node's own client calling the same connect-node server in the same run. The server
 * runs in a child process so its work does not share the measured thread. Runs alternate in blocks so
 * machine noise hits both sides alike. Ferry does what a call does: JSON in (lossless parse + ProtoJSON
 * encode), raw bytes on the wire, a copy of each received message kept, JSON out for unary responses.
 * grpc-web-text is not measured: connect-node speaks neither side of it.
 * Target (issue 13): Ferry within 1.2× of connect-node (p50 ≤ 1.2×, msgs/s ≥ 1/1.2).
 */
import { createClient, type Client, type Transport } from '@connectrpc/connect';
import { createConnectTransport, createGrpcWebTransport } from '@connectrpc/connect-node';
import { createFileRegistry, fromBinary, type DescService } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { fork } from 'node:child_process';
import { decodeToProtoJson, encodeProtoJson, parseJsonLossless } from '../electron/engine/codec';
import { createJsonWire, createWebClient, type HttpVersion, type WebClient, type WebProtocol } from '../electron/engine/protocols';
import type { MethodDescriptor, SchemaRegistry } from '../electron/engine/schema';
import { makeBenchDescriptorSet } from '../electron/engine/testing/bench-descriptor-set';
import { startConnectBenchServer } from '../electron/engine/testing/connect-bench-server';
import { loadBenchRegistry, percentile, ratio } from './bench-kit';

const UNARY_CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const BLOCK = 200;
const STREAM_COUNT = Number(process.env.BENCH_STREAM ?? 20_000);
const ROUNDS = 3;
const BODY = '{"message":"hello from the benchmark","payloadSize":64}';

interface Case {
  name: string;
  protocol: WebProtocol;
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

function ferryCalls(client: WebClient, echo: MethodDescriptor, stream: MethodDescriptor, codec: 'proto' | 'json') {
  const json = (m: MethodDescriptor) => (codec === 'json' ? { json: createJsonWire(m.requestType, m.responseType) } : {});
  const run = (m: MethodDescriptor, request: Uint8Array, onMessage: (bytes: Buffer) => void) =>
    new Promise<void>((resolve, reject) => {
      const call = client.start({ path: m.path, kind: m.kind, ...json(m) }, {
        onHeaders: () => {},
        onMessage,
        onEnd: (end) => (end.code === 0 ? resolve() : reject(new Error(end.message))),
      });
      if (!call.ok) return reject(new Error(call.error.message));
      call.value.send(request);
      call.value.halfClose();
    });
  return {
    async unary() {
      let body: Buffer | undefined;
      await run(echo, encodeProtoJson(echo.requestType, parseJsonLossless(BODY)), (bytes) => (body = bytes));
      JSON.stringify(decodeToProtoJson(echo.responseType, body!), null, 2);
    },
    async stream(count: number) {
      const kept: Buffer[] = [];
      await run(stream, encodeProtoJson(stream.requestType, { count, payloadSize: 100 }), (bytes) => kept.push(Buffer.from(bytes)));
      return kept.length;
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
  const registry: SchemaRegistry = await loadBenchRegistry();
  const service = createFileRegistry(fromBinary(FileDescriptorSetSchema, makeBenchDescriptorSet())).getService('ferry.testing.v1.Bench')!;
  const echo = registry.findMethod('ferry.testing.v1.Bench/Echo');
  const stream = registry.findMethod('ferry.testing.v1.Bench/ServerStream');
  console.log(`web protocols: unary Echo (${UNARY_CALLS} calls per side, one in flight) and a ${STREAM_COUNT} × 100 B server stream (median of ${ROUNDS})`);
  console.log('  ratios are ferry / connect-node; targets: p50 ≤ 1.2×, stream ≥ 0.83×');
  for (const c of CASES) {
    const web = createWebClient({ target: server.urls[c.http], protocol: c.protocol, codec: c.codec, http: c.http, tls: false });
    if (!web.ok) throw new Error(web.error.message);
    const result = await measure({ 'connect-node': connectCalls(createClient(service, c.transport(server.urls[c.http]))), ferry: ferryCalls(web.value, echo, stream, c.codec) });
    web.value.close();
    console.log(`  ${c.name.padEnd(24)} unary p50 ${result.p50.ferry.toFixed(3)} vs ${result.p50.connect.toFixed(3)} ms (${ratio(result.p50.ferry, result.p50.connect)})` +
      `   stream ${Math.round(result.rate.ferry)} vs ${Math.round(result.rate.connect)} msg/s (${ratio(result.rate.ferry, result.rate.connect)})`);
  }
  server.stop();
  // connect-node's transports keep idle HTTP/2 sessions open for minutes.
  process.exit(0);
}

void (process.argv.includes('--serve') ? serve() : main());
