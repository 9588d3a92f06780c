import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createWebClient, type WebClientOptions } from './web-client';
import { useConnectBench } from './web-protocol-variants';
import { runWebCall } from './web-test-kit';
import { failureOf, rejectionOf } from '../../../tests/kit/failure-of';

const bench = useConnectBench({ reflection: false });
let htmlServer: http.Server;
let htmlUrl: string;

beforeAll(async () => {
  htmlServer = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>a web page</html>'));
  await new Promise<void>((resolve) => htmlServer.listen(0, '127.0.0.1', resolve));
  htmlUrl = `http://127.0.0.1:${(htmlServer.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => htmlServer.close(() => resolve())));

const echo = (options: Omit<WebClientOptions, 'tls'>) => {
  const client = createWebClient({ tls: false, ...options } as WebClientOptions);
  return runWebCall(client, bench.schema(), 'Echo', [{ message: 'x' }]).finally(() => client.close());
};

test('a wrong path prefix: UNIMPLEMENTED, saying to check the prefix', async () => {
  const run = await echo({ protocol: 'grpc-web', target: `${bench.server().url('1.1')}/nothing/here` });
  expect(run).toMatchObject({ code: 12, message: 'HTTP 404 Not Found (no such method at this URL; check the path prefix)' });
});

test('a server that does not take the protocol (connect-node and grpc-web-text): HTTP 415 explained', async () => {
  const run = await echo({ protocol: 'grpc-web-text', target: bench.server().url('1.1') });
  expect(run.code).toBe(2);
  expect(run.message).toBe('HTTP 415 Unsupported Media Type (the server does not accept grpc-web-text requests here; try another protocol)');
});

test('a web page instead of an RPC endpoint: the content type is named', async () => {
  for (const protocol of ['grpc-web', 'connect'] as const) {
    const run = await echo({ protocol, target: htmlUrl });
    expect(run.code, protocol).toBe(2);
    expect(run.message, protocol).toMatch(/^the server answered with content-type "text\/html", not .*: is this URL an endpoint of that protocol\?$/);
  }
});

test('nothing listening: UNAVAILABLE with the socket error', async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  for (const httpVersion of ['1.1', '2'] as const) {
    const run = await echo({ protocol: 'connect', target: `127.0.0.1:${port}`, http: httpVersion });
    expect(run, httpVersion).toMatchObject({ code: 14, message: `connect ECONNREFUSED 127.0.0.1:${port}` });
  }
});

test('the wrong HTTP version for a plaintext port fails with a hint instead of hanging', async () => {
  const h2OnHttp1 = await echo({ protocol: 'connect', target: bench.server().url('1.1'), http: '2' });
  expect(h2OnHttp1.code).toBe(14);
  expect(h2OnHttp1.message).toMatch(/try HTTP\/1\.1/);
  const http1OnH2 = await echo({ protocol: 'connect', target: bench.server().url('2'), http: '1.1' });
  expect(http1OnH2.code).toBe(14);
  expect(http1OnH2.message).toMatch(/try HTTP\/2/);
});

test('closing a client lets running calls finish and refuses new ones', async () => {
  for (const http of ['1.1', '2'] as const) {
    const client = createWebClient({ tls: false, protocol: 'connect', http, target: bench.server().url(http) });
    const slow = runWebCall(client, bench.schema(), 'Slow', [{ delayMs: 200 }]);
    client.close();
    expect(await rejectionOf(runWebCall(client, bench.schema(), 'Echo', [{ message: 'x' }]))).toEqual({ code: 'UNAVAILABLE', message: 'the connection was closed' });
    expect(await slow, http).toMatchObject({ code: 0, messages: [{ message: 'slow done' }] });
  }
});

test('json is a Connect codec only', () => {
  expect(failureOf(() => createWebClient({ tls: false, protocol: 'grpc-web', codec: 'json', target: 'localhost:1' })).code).toBe('BAD_INPUT');
});
