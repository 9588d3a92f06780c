import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SchemaRegistry } from '../schema';
import { startConnectBenchServer, type ConnectBenchServer } from '../testing/connect-bench-server';
import { makeTestCertificates, type TestCertificates } from '../testing/make-certs';
import { createWebClient, type WebClient, type WebClientOptions } from './web-client';
import { HTTP_VERSIONS, VARIANTS } from './web-protocol-variants';
import type { HttpVersion } from './web-protocol';
import { loadBenchSchema, runWebCall } from './web-test-kit';
import { failureOf } from '../../../tests/kit/failure-of';

let certs: TestCertificates;
let tlsServer: ConnectBenchServer;
let mtlsServer: ConnectBenchServer;
let http1OnlyServer: ConnectBenchServer;
let plainServer: ConnectBenchServer;
let schema: SchemaRegistry;
const clients: WebClient[] = [];

beforeAll(async () => {
  certs = makeTestCertificates();
  const tls = { cert: certs.serverCert, key: certs.serverKey };
  [tlsServer, mtlsServer, http1OnlyServer, plainServer, schema] = await Promise.all([
    startConnectBenchServer({ tls, reflection: false }),
    startConnectBenchServer({ tls: { ...tls, clientCa: certs.caCert }, reflection: false }),
    startConnectBenchServer({ tls: { ...tls, http1Only: true }, reflection: false }),
    startConnectBenchServer({ reflection: false }),
    loadBenchSchema(),
  ]);
});
afterAll(async () => {
  clients.forEach((client) => client.close());
  await Promise.all([tlsServer, mtlsServer, http1OnlyServer, plainServer].map((server) => server.close()));
  certs.dispose();
});

function client(options: Partial<WebClientOptions> & { target: string }): WebClient {
  const created = createWebClient({ protocol: 'grpc-web', tls: true, caCertPath: certs.path('ca-cert'), ...options } as WebClientOptions);
  clients.push(created);
  return created;
}

const echo = (webClient: WebClient) => runWebCall(webClient, schema, 'Echo', [{ message: 'secure' }]);

describe.each(VARIANTS)('$name over TLS', (variant) => {
  const base = (server: ConnectBenchServer, http: HttpVersion) => ({ protocol: variant.protocol, ...(variant.codec ? { codec: variant.codec } : {}), target: variant.viaProxy ? server.proxyUrl(http) : server.url(http) });

  test.each(HTTP_VERSIONS)('HTTP/%s with a custom CA', async (http) => {
    const webClient = client({ ...base(tlsServer, http), http });
    expect(await echo(webClient)).toMatchObject({ code: 0, messages: [{ message: 'secure' }] });
    expect(webClient.httpVersion).toBe(http);
  });

  test('HTTP/2 is chosen by ALPN when no version is forced', async () => {
    const webClient = client(base(tlsServer, '2'));
    expect(webClient.httpVersion).toBeUndefined();
    expect(await echo(webClient)).toMatchObject({ code: 0 });
    expect(webClient.httpVersion).toBe('2');
  });

  test('mTLS: a client certificate gets in, none does not', async () => {
    const withCert = client({ ...base(mtlsServer, '2'), certPath: certs.path('client-cert'), keyPath: certs.path('client-key') });
    expect(await echo(withCert)).toMatchObject({ code: 0 });
    const without = await echo(client({ ...base(mtlsServer, '2'), http: '2' }));
    expect(without.code).toBe(14);
  });
});

describe('TLS settings', () => {
  test('an HTTPS server without HTTP/2: ALPN picks HTTP/1.1, and a bidi call then fails naming what would work', async () => {
    const webClient = client({ protocol: 'connect', target: http1OnlyServer.url('1.1') });
    expect(await echo(webClient)).toMatchObject({ code: 0 });
    expect(webClient.httpVersion).toBe('1.1');
    await expect(runWebCall(webClient, schema, 'Bidi', [{ message: 'x' }])).rejects.toThrow('connect cannot carry client or bidi streams over HTTP/1.1; use HTTP/2 (--http2)');
  });

  test('a bidi call waiting for ALPN fails after the handshake when HTTP/1.1 is all there is', async () => {
    const run = await runWebCall(client({ protocol: 'connect', target: http1OnlyServer.url('1.1') }), schema, 'Bidi', [{ message: 'x' }]);
    expect(run).toMatchObject({ code: 9, messages: [] });
    expect(run.message).toContain('over HTTP/1.1; use HTTP/2');
  });

  test('skip-verify accepts a certificate no trusted CA signed', async () => {
    const run = await echo(client({ target: tlsServer.url('2'), caCertPath: undefined, insecureSkipVerify: true }));
    expect(run.code).toBe(0);
  });

  test('the wrong CA fails the handshake with OpenSSL\'s reason', async () => {
    const run = await echo(client({ target: tlsServer.url('2'), caCertPath: certs.path('other-ca-cert') }));
    expect(run.code).toBe(14);
    expect(run.message).toMatch(/certificate/i);
  });

  test.each(HTTP_VERSIONS)('authority override over HTTP/%s: the certificate is checked against that name', async (http) => {
    const target = tlsServer.url(http).replace('127.0.0.1', 'localhost');
    expect(await echo(client({ target, http, authority: 'bench.ferry.test' }))).toMatchObject({ code: 0 });
    const wrong = await echo(client({ target, http, authority: 'wrong.example' }));
    expect(wrong.code).toBe(14);
    expect(wrong.message).toMatch(/^Hostname\/IP does not match certificate's altnames: Host: wrong\.example/);
  });

  test('a plaintext server reached with TLS, and a TLS server reached in plaintext, fail without a hang', async () => {
    const tlsToPlain = await echo(client({ target: plainServer.url('1.1').replace('http:', 'https:') }));
    expect(tlsToPlain).toMatchObject({ code: 14 });
    expect(tlsToPlain.message).toMatch(/wrong version number|packet length/i);
    const plainToTls = await echo(client({ target: tlsServer.url('1.1').replace('https:', 'http:'), tls: false, http: '1.1' }));
    expect(plainToTls.code).not.toBe(0);
  });

  test('unreadable TLS files are errors before anything is dialled', () => {
    const error = failureOf(() => createWebClient({ protocol: 'connect', target: tlsServer.url('2'), tls: true, caCertPath: '/nonexistent/ca.pem' }));
    expect(error).toMatchObject({ code: 'IO_ERROR', message: 'cannot read CA certificate /nonexistent/ca.pem: no such file' });
  });
});
