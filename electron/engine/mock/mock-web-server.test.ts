/**
 * The mock's web listener through Ferry's own gRPC-Web and Connect client (engine/protocols), against a real
 * `startMockServer` on 127.0.0.1: every call gets what the same call gets from the gRPC listener, over each
 * protocol and HTTP version, with TLS too.
 */
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HttpVersion } from '../../../shared/model';
import { createWebClient, type WebClient, type WebClientOptions } from '../protocols/web-client';
import { loadBenchSchema, runGrpcCall, runWebCall, type CallRun } from '../protocols/web-test-kit';
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
