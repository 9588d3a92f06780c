/**
 * Passthrough against a real upstream: the bench server on 127.0.0.1, behind a `startMockServer` whose
 * responses answer a few calls. Each forwarded call is compared with the same call made to the bench server
 * directly (the reference), over gRPC and over the mock's web listener.
 */
import * as grpc from '@grpc/grpc-js';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GRPC_STATUS } from '../../../shared/util';
import { createWebClient, type WebClient, type WebClientOptions } from '../protocols/web-client';
import { loadBenchSchema, runGrpcCall, runWebCall, type CallRun } from '../protocols/web-test-kit';
import type { SchemaRegistry } from '../schema';
import { startBenchServer, type BenchServer } from '../testing/bench-server';
import type { MockCall, MockStatus } from './mock-call';
import { createPassthrough } from './mock-passthrough';
import { parseMockScript } from './mock-script';
import { startMockServer, type MockServer } from './mock-server';

const RESPONSES = {
  'Bench/Echo': [{ when: { message: 'hi' }, response: { message: 'mocked' } }],
  'Bench/ServerStream': [{ when: { message: 'mock' }, responses: [{ message: 'm' }] }],
};
const METADATA = [
  { key: 'x-tenant', value: 'acme' },
  { key: 'x-blob-bin', value: 'AAEC/w==' },
];

let schema: SchemaRegistry;
let bench: BenchServer;
let mock: MockServer;
let direct: grpc.Client;
let viaMock: grpc.Client;
const reported: MockCall[] = [];
const webClients: WebClient[] = [];

beforeAll(async () => {
  schema = await loadBenchSchema();
  bench = await startBenchServer();
  const answers = parseMockScript(JSON.stringify(RESPONSES), 'mock.json', schema);
  mock = await startMockServer({ registry: schema, answers, host: '127.0.0.1', port: 0, webPort: 0, passthrough: { target: bench.target, connection: { tls: false } }, onCall: (call) => reported.push(call) });
  direct = new grpc.Client(bench.target, grpc.credentials.createInsecure());
  viaMock = new grpc.Client(`127.0.0.1:${mock.port}`, grpc.credentials.createInsecure());
});
afterAll(async () => {
  webClients.forEach((client) => client.close());
  direct.close();
  viaMock.close();
  await mock.close();
  await bench.close();
});

function webClient(options: Pick<WebClientOptions, 'protocol' | 'codec'>, port = mock.webPort!): WebClient {
  const client = createWebClient({ target: `http://127.0.0.1:${port}`, tls: false, http: '2', ...options } as WebClientOptions);
  webClients.push(client);
  return client;
}

/**
 * What a forwarded call must keep of the server's answer: the messages, the status and its details, and the
 * headers and trailers the server wrote (the ones HTTP writes, `date` and `content-type`, are each hop's own;
 * trailers by key, since grpc-js puts its own last; grpc-js says "OK" for OK, web clients nothing). The details
 * are compared decoded: Connect carries them in its error, not as grpc-status-details-bin.
 */
const answerOf = (run: CallRun) => ({
  ...run,
  message: run.code === 0 ? '' : run.message,
  headers: run.headers?.filter(({ key }) => key.startsWith('echo-')) ?? [],
  trailers: run.trailers.filter(({ key }) => !['date', 'content-type', 'grpc-status-details-bin'].includes(key)).sort((a, b) => a.key.localeCompare(b.key)),
});

/** The last report, once the call that makes it has ended. */
const lastReport = async () => {
  await expect.poll(() => reported.length).toBeGreaterThan(0);
  return reported.at(-1)!;
};

describe('over gRPC', () => {
  test('a call a case answers gets the mock\'s answer, and the server hears nothing of it', async () => {
    const before = bench.stats.calls;
    expect(await runGrpcCall(viaMock, schema, 'Echo', [{ message: 'hi' }])).toMatchObject({ code: 0, messages: [{ message: 'mocked' }] });
    expect(bench.stats.calls).toBe(before);
    expect(await lastReport()).toEqual({ method: 'ferry.testing.v1.Bench/Echo', metadata: expect.any(Object), requests: [{ message: 'hi' }], status: 'OK' });
  });

  test.each([
    { name: 'unary, no case matching', method: 'Echo', requests: [{ message: 'not hi' }] },
    { name: 'unary, rich error details', method: 'Fail', requests: [{ code: GRPC_STATUS.FAILED_PRECONDITION, message: 'real failure' }] },
    { name: 'a method the file leaves out', method: 'Inspect', requests: [{ stringValue: 'real', tags: ['a', 'b'], counts: { x: '3' } }] },
    { name: 'server stream', method: 'ServerStream', requests: [{ message: 'real', count: 3 }] },
    { name: 'server stream that fails midway', method: 'ServerStream', requests: [{ message: 'real', count: 5, fail_after: 2 }] },
    { name: 'client stream', method: 'ClientStream', requests: [{ message: 'x' }, { message: 'y' }, { message: 'z' }] },
    { name: 'bidi stream', method: 'Bidi', requests: [{ message: 'x' }, { message: 'y' }] },
  ])('$name: the server\'s headers, messages, trailers and status, as a direct call gets them', async ({ method, requests }) => {
    const before = bench.stats.calls;
    const reference = await runGrpcCall(direct, schema, method, requests, { metadata: METADATA });
    const forwarded = await runGrpcCall(viaMock, schema, method, requests, { metadata: METADATA });
    expect(bench.stats.calls).toBe(before + 2);
    expect(answerOf(forwarded)).toEqual(answerOf(reference));
    expect(forwarded.messages.length + forwarded.code).toBeGreaterThan(0);
    const report = await lastReport();
    expect(report).toMatchObject({ method: `ferry.testing.v1.Bench/${method}`, requests: expect.any(Array), passthrough: true });
    expect(report.requests).toHaveLength(requests.length);
    expect(report.status).toBe(grpc.status[forwarded.code]);
  });

  test('the metadata goes up and comes back, -bin values byte for byte; grpc-status-details-bin arrives intact', async () => {
    const echo = await runGrpcCall(viaMock, schema, 'Echo', [{ message: 'up' }], { metadata: METADATA });
    expect(echo.headers).toEqual(expect.arrayContaining([{ key: 'echo-x-tenant', value: 'acme' }, { key: 'echo-x-blob-bin', value: 'AAEC/w==' }]));
    expect(echo.trailers).toEqual(expect.arrayContaining([{ key: 'trailer-echo-x-tenant', value: 'acme' }, { key: 'trailer-echo-x-blob-bin', value: 'AAEC/w==' }]));
    const failed = await runGrpcCall(viaMock, schema, 'Fail', [{ code: GRPC_STATUS.ABORTED }]);
    expect(failed).toMatchObject({ code: GRPC_STATUS.ABORTED, message: 'bench failure' });
    const detailsBin = (run: CallRun) => run.trailers.find(({ key }) => key === 'grpc-status-details-bin')?.value;
    expect(detailsBin(failed)).toBe(detailsBin(await runGrpcCall(direct, schema, 'Fail', [{ code: GRPC_STATUS.ABORTED }])));
    expect(detailsBin(failed)?.length).toBeGreaterThan(500);
    expect(failed.details.map((detail) => detail.type)).toEqual(expect.arrayContaining(['google.rpc.ErrorInfo', 'google.rpc.BadRequest', 'ferry.testing.v1.Node']));
    expect(failed.details).toHaveLength(10);
  });

  test('a bidi stream is piped both ways as messages arrive: each echo comes before the next request is sent', async () => {
    const bidi = viaMock.makeBidiStreamRequest('/ferry.testing.v1.Bench/Bidi', (b: Buffer) => b, (b: Buffer) => b, new grpc.Metadata());
    const method = schema.findMethod('ferry.testing.v1.Bench/Bidi');
    const next = () => new Promise<unknown>((resolve) => bidi.once('data', (bytes: Buffer) => resolve(method.responseType.decode(bytes).toJSON())));
    for (const message of ['one', 'two', 'three']) {
      const echoed = next();
      bidi.write(Buffer.from(method.requestType.encode(method.requestType.fromObject({ message })).finish()));
      expect(await echoed).toMatchObject({ message });
    }
    const status = new Promise<grpc.StatusObject>((resolve) => bidi.on('status', resolve));
    bidi.end();
    expect((await status).code).toBe(GRPC_STATUS.OK);
  });

  test('the deadline goes along: a call shorter than Slow\'s delay ends DEADLINE_EXCEEDED, and the server\'s call stops', async () => {
    const cancelled = bench.stats.cancelled;
    const slow = await runGrpcCall(viaMock, schema, 'Slow', [{ delay_ms: 5000 }], { deadlineMs: 200 });
    expect(slow.code).toBe(GRPC_STATUS.DEADLINE_EXCEEDED);
    await expect.poll(() => bench.stats.cancelled).toBe(cancelled + 1);
  });

  test('the forwarded call carries the deadline itself: with no client to cancel it, the server\'s call still ends DEADLINE_EXCEEDED', async () => {
    const passthrough = createPassthrough({ target: bench.target, connection: { tls: false } });
    const slow = schema.findMethod('ferry.testing.v1.Bench/Slow');
    try {
      const ended = await new Promise<MockStatus>((resolve) => {
        const sink = { headers: () => undefined, message: () => undefined, end: resolve };
        const input = passthrough.forward(slow.path, { metadata: [], deadlineMs: 200 }, sink, () => undefined);
        input.request(Buffer.from(slow.requestType.encode(slow.requestType.fromObject({ delay_ms: 5000 })).finish()));
        input.halfClose();
      });
      expect(ended.code).toBe(GRPC_STATUS.DEADLINE_EXCEEDED);
    } finally {
      passthrough.close();
    }
  });

  test('a client that cancels cancels the server\'s call', async () => {
    const cancelled = bench.stats.cancelled;
    const method = schema.findMethod('ferry.testing.v1.Bench/ServerStream');
    const request = Buffer.from(method.requestType.encode(method.requestType.fromObject({ message: 'long', count: 1000, interval_ms: 10 })).finish());
    const stream = viaMock.makeServerStreamRequest(method.path, (b: Buffer) => b, (b: Buffer) => b, request);
    let received = 0;
    stream.on('data', () => ++received === 2 && stream.cancel());
    stream.on('error', () => undefined);
    const status = await new Promise<grpc.StatusObject>((resolve) => stream.on('status', resolve));
    expect(status.code).toBe(GRPC_STATUS.CANCELLED);
    await expect.poll(() => bench.stats.cancelled).toBe(cancelled + 1);
    await expect.poll(() => reported.at(-1)).toMatchObject({ method: 'ferry.testing.v1.Bench/ServerStream', status: 'CANCELLED', passthrough: true });
  });
});

describe('over the web listener', () => {
  test.each([
    { name: 'connect+json', options: { protocol: 'connect', codec: 'json' } as const },
    { name: 'connect+proto', options: { protocol: 'connect', codec: 'proto' } as const },
    { name: 'grpc-web', options: { protocol: 'grpc-web' } as const },
  ])('$name: a forwarded call answers in the web protocol what the server said over gRPC', async ({ name, options }) => {
    const client = webClient(options);
    for (const [method, requests] of [['Echo', [{ message: 'web' }]], ['Fail', [{ code: GRPC_STATUS.NOT_FOUND, message: 'gone' }]], ['ServerStream', [{ message: 'web', count: 2 }]]] as const) {
      const reference = await runGrpcCall(direct, schema, method, [...requests], { metadata: METADATA });
      const forwarded = await runWebCall(client, schema, method, [...requests], { metadata: METADATA });
      expect({ method, ...answerOf(forwarded) }).toEqual({ method, ...answerOf(reference) });
    }
    expect(await lastReport()).toMatchObject({ method: 'ferry.testing.v1.Bench/ServerStream', status: 'OK', protocol: name.split('+')[0], passthrough: true });
  });

  test('a web call\'s deadline goes along too', async () => {
    const slow = await runWebCall(webClient({ protocol: 'connect' }), schema, 'Slow', [{ delay_ms: 5000 }], { deadlineMs: 200 });
    expect(slow.code).toBe(GRPC_STATUS.DEADLINE_EXCEEDED);
  });
});

describe('an upstream that is down', () => {
  let down: MockServer;
  let target: string;
  beforeAll(async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => probe.once('listening', resolve));
    target = `127.0.0.1:${(probe.address() as AddressInfo).port}`;
    await new Promise((resolve) => probe.close(resolve));
    down = await startMockServer({ registry: schema, answers: parseMockScript(JSON.stringify(RESPONSES), 'mock.json', schema), host: '127.0.0.1', port: 0, webPort: 0, passthrough: { target, connection: { tls: false } }, onCall: () => undefined });
  });
  afterAll(() => down.close());

  test('gives the client UNAVAILABLE naming it, over gRPC and the web listener; a case still answers', async () => {
    const client = new grpc.Client(`127.0.0.1:${down.port}`, grpc.credentials.createInsecure());
    try {
      const failed = await runGrpcCall(client, schema, 'Echo', [{ message: 'not hi' }]);
      expect(failed).toMatchObject({ code: GRPC_STATUS.UNAVAILABLE, message: expect.stringContaining(`ferry mock: passthrough upstream ${target} is unavailable: cannot reach ${target}`) });
      expect(await runGrpcCall(client, schema, 'Echo', [{ message: 'hi' }])).toMatchObject({ code: 0, messages: [{ message: 'mocked' }] });
    } finally {
      client.close();
    }
    const web = await runWebCall(webClient({ protocol: 'connect' }, down.webPort), schema, 'Inspect', [{}]);
    expect(web).toMatchObject({ code: GRPC_STATUS.UNAVAILABLE, message: expect.stringContaining(`passthrough upstream ${target} is unavailable`) });
  });

  test('a bad upstream target fails the start, before anything listens', async () => {
    await expect(startMockServer({ registry: schema, answers: new Map(), host: '127.0.0.1', port: 0, passthrough: { target: 'dns:///', connection: { tls: false } }, onCall: () => undefined })).rejects.toMatchObject({ error: { code: 'BAD_INPUT' } });
  });
});
