/**
 * The mock's web listener against connect-es's own clients (connect-node's Connect and gRPC-Web transports,
 * the code browser front ends run on fetch), so the mock answers what those libraries expect, not only what
 * Ferry's client reads. The service comes from protoc's descriptor set, as the connect bench server's does.
 */
import { create, createFileRegistry, fromBinary, type DescService } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema, MethodOptions_IdempotencyLevel, MethodOptionsSchema } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError, createClient, type Transport } from '@connectrpc/connect';
import { createConnectTransport, createGrpcWebTransport } from '@connectrpc/connect-node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadBenchSchema } from '../protocols/web-test-kit';
import { makeBenchDescriptorSet } from '../testing/bench-descriptor-set';
import { parseMockScript } from './mock-script';
import { startMockServer, type MockServer } from './mock-server';

const RESPONSES = {
  'Bench/Echo': [
    { when: { message: 'hi' }, response: { message: 'mocked {{request.message}}', index: 7 } },
    { when: { message: 'gone' }, status: { code: 'NOT_FOUND', message: 'no such echo: 100% ünïcode' } },
  ],
  'Bench/ServerStream': { responses: [{ message: 'a' }, { message: 'b', index: 1 }] },
};

const TRANSPORTS: Array<{ name: string; transport: (baseUrl: string) => Transport }> = [
  { name: 'Connect, json, HTTP/1.1', transport: (baseUrl) => createConnectTransport({ baseUrl, httpVersion: '1.1' }) },
  { name: 'Connect, proto, HTTP/2', transport: (baseUrl) => createConnectTransport({ baseUrl, httpVersion: '2', useBinaryFormat: true }) },
  { name: 'gRPC-Web, HTTP/1.1', transport: (baseUrl) => createGrpcWebTransport({ baseUrl, httpVersion: '1.1' }) },
  { name: 'gRPC-Web, HTTP/2', transport: (baseUrl) => createGrpcWebTransport({ baseUrl, httpVersion: '2' }) },
];

type Message = { message?: string; index?: number };
type BenchCalls = { echo(request: Message): Promise<Message>; serverStream(request: Message): AsyncIterable<Message> };

let mock: MockServer;
let bench: DescService;

beforeAll(async () => {
  const schema = await loadBenchSchema();
  mock = await startMockServer({ registry: schema, answers: parseMockScript(JSON.stringify(RESPONSES), 'mock.json', schema), host: '127.0.0.1', port: 0, webPort: 0, onCall: () => undefined });
  bench = createFileRegistry(fromBinary(FileDescriptorSetSchema, makeBenchDescriptorSet())).getService('ferry.testing.v1.Bench')!;
});

test("connect-es's GET for a side-effect-free method (useHttpGet), in JSON and proto", async () => {
  // Echo as if declared `option idempotency_level = NO_SIDE_EFFECTS`: only such methods go over GET.
  const set = fromBinary(FileDescriptorSetSchema, makeBenchDescriptorSet());
  const echo = set.file.flatMap((file) => file.service).find((service) => service.name === 'Bench')!.method.find((method) => method.name === 'Echo')!;
  echo.options = create(MethodOptionsSchema, { idempotencyLevel: MethodOptions_IdempotencyLevel.NO_SIDE_EFFECTS });
  const readOnly = createFileRegistry(set).getService('ferry.testing.v1.Bench')!;
  for (const useBinaryFormat of [false, true]) {
    const client = createClient(readOnly, createConnectTransport({ baseUrl: `http://127.0.0.1:${mock.webPort}`, httpVersion: '1.1', useHttpGet: true, useBinaryFormat })) as unknown as BenchCalls;
    expect(await client.echo({ message: 'hi' })).toMatchObject({ message: 'mocked hi', index: 7 });
    const failure = await client.echo({ message: 'gone' }).then(() => undefined, (reason: unknown) => ConnectError.from(reason));
    expect(failure?.code).toBe(Code.NotFound);
  }
});
afterAll(() => mock.close());

describe.each(TRANSPORTS)('connect-es over $name', ({ transport }) => {
  const client = () => createClient(bench, transport(`http://127.0.0.1:${mock.webPort}`)) as unknown as BenchCalls;

  test('a unary answer chosen by when, filled in from the request', async () => {
    expect(await client().echo({ message: 'hi' })).toMatchObject({ message: 'mocked hi', index: 7 });
  });

  test('an error status: ConnectError with its code and message', async () => {
    const failure = await client().echo({ message: 'gone' }).then(() => undefined, (reason: unknown) => ConnectError.from(reason));
    expect([failure?.code, failure?.rawMessage]).toEqual([Code.NotFound, 'no such echo: 100% ünïcode']);
  });

  test('a server stream, every response in order', async () => {
    const received: Message[] = [];
    for await (const response of client().serverStream({ message: 'go' })) received.push({ message: response.message, index: response.index });
    expect(received).toEqual([{ message: 'a', index: 0 }, { message: 'b', index: 1 }]);
  });
});
