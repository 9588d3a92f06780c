/**
 * The mock's web listener through Ferry's own gRPC-Web and Connect client (engine/protocols), against a real
 * `startMockServer` on 127.0.0.1: every call gets what the same call gets from the gRPC listener, over each
 * protocol and HTTP version, with TLS too; a case's headers, trailers and rich error details reach Ferry's
 * own call sessions over gRPC, Connect and gRPC-Web alike.
 */
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CallEvent, HttpVersion, MetadataEntry } from '../../../shared/model';
import { callCodec } from '../calls/call-codec';
import { startCall } from '../calls/call-session';
import type { OpenCallTransport } from '../calls/call-transport';
import { grpcTransport } from '../calls/grpc-transport';
import { createWebClient, type WebClient, type WebClientOptions } from '../protocols/web-client';
import { loadBenchSchema, runGrpcCall, runWebCall, type CallRun } from '../protocols/web-test-kit';
import { webTransport } from '../protocols/web-transport';
import type { SchemaRegistry } from '../schema';
import { makeTestCertificates, type TestCertificates } from '../testing/make-certs';
import type { MockCall } from './mock-call';
import { parseMockScript } from './mock-script';
import { startMockServer, type MockServer } from './mock-server';

const RESPONSES = {
  'ferry.testing.v1.Bench/Echo': [
    { when: { message: 'vip' }, metadata: { 'x-tier': 'gold' }, response: { message: 'welcome' } },
    { when: { message: 'hi' }, response: { message: 'mocked' } },
    { when: { message: 'gone' }, status: { code: 'NOT_FOUND', message: 'no such echo: 100% ünïcode' } },
  ],
  'Bench/ServerStream': { responses: [{ message: 'a' }, { message: 'b', index: 1 }] },
  'Bench/Slow': { response: { message: 'slept {{request.delayMs}} ms', index: '{{request.delay_ms}}' }, delayMs: 5 },
  'Bench/ClientStream': { response: { message: 'first was {{request.message}}' } },
  'Bench/Bidi': { responses: [{ message: 'one' }, { message: 'two' }] },
};

/** A call and what it must answer (so a mock that answers wrongly over both listeners still fails). */
const CALLS: Array<{ name: string; method: string; requests: unknown[]; metadata?: Array<{ key: string; value: string }>; expected: Partial<CallRun> }> = [
  { name: 'a case chosen by when', method: 'Echo', requests: [{ message: 'hi' }], expected: { code: 0, messages: [{ message: 'mocked' }] } },
  { name: 'a case chosen by when and metadata', method: 'Echo', requests: [{ message: 'vip' }], metadata: [{ key: 'x-tier', value: 'gold' }], expected: { code: 0, messages: [{ message: 'welcome' }] } },
  { name: 'no case matches', method: 'Echo', requests: [{ message: 'vip' }], expected: { code: 12, message: 'ferry mock: no answer of ferry.testing.v1.Bench/Echo matches this call (3 given)' } },
  { name: 'an error status with its message', method: 'Echo', requests: [{ message: 'gone' }], expected: { code: 5, message: 'no such echo: 100% ünïcode', messages: [] } },
  { name: 'a server stream', method: 'ServerStream', requests: [{ message: 'go' }], expected: { code: 0, messages: [{ message: 'a' }, { message: 'b', index: 1 }] } },
  { name: 'a template, after a delay', method: 'Slow', requests: [{ delayMs: 3 }], expected: { code: 0, messages: [{ message: 'slept 3 ms', index: 3 }] } },
  { name: 'a method the file leaves out (its example)', method: 'Inspect', requests: [{}], expected: { code: 0, messages: [expect.objectContaining({ tags: [''] })] } },
];

const VARIANTS: Array<{ name: string; options: Pick<WebClientOptions, 'protocol' | 'codec'> }> = [
  { name: 'connect+json', options: { protocol: 'connect', codec: 'json' } },
  { name: 'connect+proto', options: { protocol: 'connect', codec: 'proto' } },
  { name: 'grpc-web', options: { protocol: 'grpc-web' } },
  { name: 'grpc-web-text', options: { protocol: 'grpc-web-text' } },
];

let schema: SchemaRegistry;
let mock: MockServer;
let grpcClient: grpc.Client;
const reported: MockCall[] = [];
const clients: WebClient[] = [];

function webClient(options: Partial<WebClientOptions>, http: HttpVersion | undefined, port = mock.webPort!): WebClient {
  const scheme = options.tls ? 'https' : 'http';
  const created = createWebClient({ target: `${scheme}://127.0.0.1:${port}`, tls: false, ...(http && { http }), ...options } as WebClientOptions);
  clients.push(created);
  return created;
}

/** What must not depend on the listener: the status, its message (grpc-js says "OK" for OK) and the messages. */
const outcome = ({ code, message, messages }: CallRun) => ({ code, message: code === 0 ? '' : message, messages });

beforeAll(async () => {
  schema = await loadBenchSchema();
  const answers = parseMockScript(JSON.stringify(RESPONSES), 'mock.json', schema);
  mock = await startMockServer({ registry: schema, answers, host: '127.0.0.1', port: 0, webPort: 0, onCall: (call) => reported.push(call) });
  grpcClient = new grpc.Client(`127.0.0.1:${mock.port}`, grpc.credentials.createInsecure());
});
afterAll(async () => {
  clients.forEach((client) => client.close());
  grpcClient.close();
  await mock.close();
});

describe.each(VARIANTS)('$name', ({ options }) => {
  describe.each(['1.1', '2'] as const)('over HTTP/%s', (http) => {
    test.each(CALLS)('answers as the gRPC listener does: $name', async ({ method, requests, metadata, expected }) => {
      const overGrpc = await runGrpcCall(grpcClient, schema, method, requests, { ...(metadata && { metadata }) });
      const overWeb = await runWebCall(webClient(options, http), schema, method, requests, { ...(metadata && { metadata }) });
      expect(overGrpc).toMatchObject(expected);
      expect(outcome(overWeb)).toEqual(outcome(overGrpc));
    });
  });

  test('gzip-compressed requests, as each protocol marks them', async () => {
    const client = webClient({ ...options, compression: 'gzip' } as Partial<WebClientOptions>, '1.1');
    expect(await runWebCall(client, schema, 'Echo', [{ message: 'hi' }])).toMatchObject({ code: 0, messages: [{ message: 'mocked' }] });
    expect(await runWebCall(client, schema, 'ServerStream', [{ message: 'go' }])).toMatchObject({ code: 0, messages: [{ message: 'a' }, { message: 'b', index: 1 }] });
  });

  test('client streams and bidi over HTTP/2: the first request picks the case, each bidi request gets the next response', async () => {
    const requests = [{ message: 'x' }, { message: 'y' }, { message: 'z' }];
    const client = webClient(options, '2');
    const clientStream = await runWebCall(client, schema, 'ClientStream', requests);
    expect(clientStream).toMatchObject({ code: 0, messages: [{ message: 'first was x' }] });
    expect(outcome(clientStream)).toEqual(outcome(await runGrpcCall(grpcClient, schema, 'ClientStream', requests)));
    const bidi = await runWebCall(client, schema, 'Bidi', requests);
    expect(bidi).toMatchObject({ code: 0, messages: [{ message: 'one' }, { message: 'two' }, { message: 'one' }] });
  });
});

describe('what the mock reports and re-reads', () => {
  test('each web call is reported as gRPC calls are, with the protocol that carried it; gRPC calls without one', async () => {
    const before = reported.length;
    await runWebCall(webClient({ protocol: 'connect', codec: 'json' }, '1.1'), schema, 'Echo', [{ message: 'vip' }], { metadata: [{ key: 'x-tier', value: 'gold' }, { key: 'x-blob-bin', value: 'AAEC/w==' }] });
    await runWebCall(webClient({ protocol: 'grpc-web-text' }, '2'), schema, 'Echo', [{ message: 'gone' }]);
    await runGrpcCall(grpcClient, schema, 'Echo', [{ message: 'hi' }], { metadata: [{ key: 'x-tier', value: 'gold' }] });
    const [connect, text, overGrpc] = reported.slice(before);
    expect(connect).toEqual({ method: 'ferry.testing.v1.Bench/Echo', metadata: { 'x-tier': 'gold', 'x-blob-bin': 'AAEC/w==' }, requests: [{ message: 'vip' }], status: 'OK', protocol: 'connect' });
    expect(text).toMatchObject({ method: 'ferry.testing.v1.Bench/Echo', requests: [{ message: 'gone' }], status: 'NOT_FOUND', protocol: 'grpc-web-text' });
    expect(overGrpc).toMatchObject({ status: 'OK', metadata: { 'x-tier': 'gold' } });
    expect(overGrpc).not.toHaveProperty('protocol');
  });

  test('answers set again (a responses file read again) answer the next web call', async () => {
    const client = webClient({ protocol: 'connect' }, '1.1');
    try {
      mock.setAnswers(parseMockScript(JSON.stringify({ Echo: { response: { message: 'new answer' } } }), 'mock.json', schema));
      expect(await runWebCall(client, schema, 'Echo', [{ message: 'hi' }])).toMatchObject({ code: 0, messages: [{ message: 'new answer' }] });
    } finally {
      mock.setAnswers(parseMockScript(JSON.stringify(RESPONSES), 'mock.json', schema));
    }
    expect(await runWebCall(client, schema, 'Echo', [{ message: 'hi' }])).toMatchObject({ messages: [{ message: 'mocked' }] });
  });
});

describe('over TLS', () => {
  let certs: TestCertificates;
  let secure: MockServer;
  beforeAll(async () => {
    certs = makeTestCertificates();
    secure = await startMockServer({ registry: schema, answers: parseMockScript(JSON.stringify(RESPONSES), 'mock.json', schema), host: '127.0.0.1', port: 0, webPort: 0, tls: { cert: certs.serverCert, key: certs.serverKey }, onCall: () => undefined });
  });
  afterAll(async () => {
    await secure.close();
    certs.dispose();
  });

  test.each([undefined, '1.1', '2'] as const)('serves HTTPS with the certificate (HTTP version %s; ALPN picks HTTP/2 when none is forced)', async (http) => {
    const client = webClient({ protocol: 'connect', tls: true, caCertPath: certs.path('ca-cert') } as Partial<WebClientOptions>, http, secure.webPort);
    expect(await runWebCall(client, schema, 'ServerStream', [{ message: 'go' }])).toMatchObject({ code: 0, messages: [{ message: 'a' }, { message: 'b', index: 1 }] });
    expect(client.httpVersion).toBe(http ?? '2');
  });
});

/** A case's metadata and rich errors, as each protocol carries them to Ferry's own call sessions. */
describe('headers, trailers and status details', () => {
  const HEADERS = { 'x-request-id': 'r-{{request.message}}', 'x-blob-bin': 'AAEC_w' };
  const TRAILERS = { 'x-cost': '7', 'x-sum-bin': '3q2+7w==' };
  const DETAILS = [
    { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: 'message', description: 'must not say fail' }] },
    { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'SAID_FAIL', domain: 'mock.ferry.test', metadata: { word: 'fail' } },
    { '@type': 'type.googleapis.com/ferry.testing.v1.EchoResponse', message: 'a type of the schema' },
  ];
  const RICH = {
    'Bench/Echo': [
      { when: { message: 'fail' }, headers: HEADERS, trailers: TRAILERS, status: { code: 'INVALID_ARGUMENT', message: 'no failing', details: DETAILS } },
      { headers: HEADERS, trailers: TRAILERS, response: { message: 'fine' } },
    ],
    'Bench/ServerStream': [
      { when: { message: 'fail' }, headers: HEADERS, trailers: TRAILERS, responses: [{ message: 'a' }], status: { code: 'FAILED_PRECONDITION', message: 'stream failed', details: DETAILS } },
      { headers: HEADERS, trailers: TRAILERS, responses: [{ message: 'a' }, { message: 'b' }] },
    ],
    // Headers alone, with the status and no response: they still come (before the trailers).
    'Bench/Fail': { headers: { 'x-only': 'headers' }, status: { code: 'NOT_FOUND', message: 'nothing' } },
    // A header filled in with text no header may carry fails the call, saying why.
    'Bench/Slow': { headers: { 'x-echo': '{{request.delayMs}} ms' }, trailers: { 'x-bad': '{{request.delay_ms}}\u00e9' } },
  };
  const EXPECTED_DETAILS = DETAILS.map(({ '@type': typeUrl, ...value }) => ({ typeUrl, type: typeUrl.slice(typeUrl.indexOf('/') + 1), value }));

  let rich: MockServer;
  let grpcOfRich: grpc.Client;
  beforeAll(async () => {
    rich = await startMockServer({ registry: schema, answers: parseMockScript(JSON.stringify(RICH), 'mock.json', schema), host: '127.0.0.1', port: 0, webPort: 0, onCall: () => undefined });
    grpcOfRich = new grpc.Client(`127.0.0.1:${rich.port}`, grpc.credentials.createInsecure());
  });
  afterAll(async () => {
    grpcOfRich.close();
    await rich.close();
  });

  /** One call through Ferry's call session (the app's and the CLI's), to its end: its events. */
  async function session(transport: OpenCallTransport, name: string, request: unknown): Promise<CallEvent[]> {
    const events: CallEvent[] = [];
    const call = startCall({ transport, method: schema.findMethod(`ferry.testing.v1.Bench/${name}`), request, codec: callCodec(), types: schema, onEvents: (batch) => events.push(...batch), batchIntervalMs: 0 });
    await call.done;
    await expect.poll(() => events.at(-1)?.type).toBe('call.ended');
    return events;
  }
  const metadataOf = (events: CallEvent[], type: 'call.headers-received' | 'call.trailers-received'): MetadataEntry[] | undefined => {
    const found = events.find((event) => event.type === type);
    return found && 'metadata' in found ? found.metadata : undefined;
  };
  const statusOf = (events: CallEvent[]) => {
    const ended = events.at(-1);
    return ended?.type === 'call.ended' ? ended.status : undefined;
  };
  const received = (events: CallEvent[]) => events.filter((event) => event.type === 'call.message-received').length;
  const headersOf = (message: string) => [{ key: 'x-request-id', value: `r-${message}` }, { key: 'x-blob-bin', value: 'AAEC/w==' }];
  const TRAILER_ENTRIES = [{ key: 'x-cost', value: '7' }, { key: 'x-sum-bin', value: '3q2+7w==' }];

  const TRANSPORTS: Array<{ name: string; open: (method: string) => OpenCallTransport }> = [
    { name: 'gRPC', open: () => grpcTransport(grpcOfRich) },
    ...(['1.1', '2'] as const).flatMap((http) =>
      VARIANTS.map(({ name, options }) => ({
        name: `${name} over HTTP/${http}`,
        open: (method: string) => webTransport(webClient(options, http, rich.webPort), schema.findMethod(`ferry.testing.v1.Bench/${method}`)),
      })),
    ),
  ];

  describe.each(TRANSPORTS)('$name', ({ open }) => {
    test('a unary answer: its headers first, its trailers with OK', async () => {
      const events = await session(open('Echo'), 'Echo', { message: 'hi' });
      expect(statusOf(events)).toMatchObject({ code: 0 });
      expect(received(events)).toBe(1);
      expect(metadataOf(events, 'call.headers-received')).toEqual(expect.arrayContaining(headersOf('hi')));
      expect(metadataOf(events, 'call.trailers-received')).toEqual(expect.arrayContaining(TRAILER_ENTRIES));
      // Headers are not trailers, and the other way round.
      expect(metadataOf(events, 'call.trailers-received')?.map((entry) => entry.key)).not.toContain('x-request-id');
      expect(metadataOf(events, 'call.headers-received')?.map((entry) => entry.key)).not.toContain('x-cost');
      expect(events.findIndex((event) => event.type === 'call.headers-received')).toBeLessThan(events.findIndex((event) => event.type === 'call.message-received'));
    });

    test("a unary error: headers, trailers and the status's details, decoded", async () => {
      const events = await session(open('Echo'), 'Echo', { message: 'fail' });
      expect(statusOf(events)).toEqual({ code: 3, name: 'INVALID_ARGUMENT', message: 'no failing', details: EXPECTED_DETAILS });
      expect(metadataOf(events, 'call.headers-received')).toEqual(expect.arrayContaining(headersOf('fail')));
      expect(metadataOf(events, 'call.trailers-received')).toEqual(expect.arrayContaining(TRAILER_ENTRIES));
    });

    test('a server stream: headers before the first message, trailers at the end, OK or with details', async () => {
      const ok = await session(open('ServerStream'), 'ServerStream', { message: 'go' });
      expect(statusOf(ok)).toMatchObject({ code: 0, details: [] });
      expect(received(ok)).toBe(2);
      expect(metadataOf(ok, 'call.headers-received')).toEqual(expect.arrayContaining(headersOf('go')));
      expect(metadataOf(ok, 'call.trailers-received')).toEqual(expect.arrayContaining(TRAILER_ENTRIES));
      const failed = await session(open('ServerStream'), 'ServerStream', { message: 'fail' });
      expect(statusOf(failed)).toEqual({ code: 9, name: 'FAILED_PRECONDITION', message: 'stream failed', details: EXPECTED_DETAILS });
      expect(received(failed)).toBe(1);
      expect(metadataOf(failed, 'call.headers-received')).toEqual(expect.arrayContaining(headersOf('fail')));
      expect(metadataOf(failed, 'call.trailers-received')).toEqual(expect.arrayContaining(TRAILER_ENTRIES));
    });

    test('headers with a status and no response; a value filled in that no header may carry ends the call INTERNAL', async () => {
      const fail = await session(open('Fail'), 'Fail', { code: 3 });
      expect(statusOf(fail)).toMatchObject({ code: 5, message: 'nothing', details: [] });
      expect(metadataOf(fail, 'call.headers-received')).toEqual(expect.arrayContaining([{ key: 'x-only', value: 'headers' }]));
      const slow = await session(open('Slow'), 'Slow', { delayMs: 2 });
      expect(statusOf(slow)).toMatchObject({ code: 13, message: expect.stringContaining('ferry mock: the trailers filled in from this request are not valid metadata: metadata "x-bad" filled in as "2é": text values may only contain printable ASCII') });
      expect(metadataOf(slow, 'call.headers-received')).toEqual(expect.arrayContaining([{ key: 'x-echo', value: '2 ms' }]));
    });
  });

  test("a page may read the headers and Connect unary's trailer- headers (CORS exposes them)", async () => {
    const answer = await fetch(`http://127.0.0.1:${rich.webPort}/ferry.testing.v1.Bench/Echo`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost:5173' }, body: '{"message": "hi"}' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-request-id')).toBe('r-hi');
    expect(answer.headers.get('trailer-x-cost')).toBe('7');
    expect(answer.headers.get('access-control-expose-headers')?.split(', ')).toEqual(expect.arrayContaining(['grpc-status', 'x-request-id', 'x-blob-bin', 'trailer-x-cost', 'trailer-x-sum-bin']));
    const failed = await fetch(`http://127.0.0.1:${rich.webPort}/ferry.testing.v1.Bench/Echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message": "fail"}' });
    expect(failed.status).toBe(400);
    const error = (await failed.json()) as { code: string; details: Array<{ type: string; value: string }> };
    expect(error.code).toBe('invalid_argument');
    expect(error.details.map((detail) => detail.type)).toEqual(['google.rpc.BadRequest', 'google.rpc.ErrorInfo', 'ferry.testing.v1.EchoResponse']);
    expect(error.details.every((detail) => /^[A-Za-z0-9+/]+$/.test(detail.value))).toBe(true);
  });
});
