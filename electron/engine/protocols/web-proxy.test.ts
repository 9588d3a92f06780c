import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createServer, type AddressInfo } from 'node:net';
import { describeStatus } from '../calls/call-status';
import { connectionAdvice } from '../channels/connection-advice';
import { discoverByReflection } from '../reflection';
import type { SchemaRegistry } from '../schema';
import { startConnectBenchServer, type ConnectBenchServer } from '../testing/connect-bench-server';
import { startConnectProxy, type ConnectProxy } from '../testing/connect-proxy';
import { makeTestCertificates, type TestCertificates } from '../testing/make-certs';
import { createWebClient, type WebClient, type WebClientOptions } from './web-client';
import type { HttpVersion } from './web-protocol';
import { openWebReflectionStream } from './web-reflection-stream';
import { loadBenchSchema, runWebCall } from './web-test-kit';

let certs: TestCertificates;
let plain: ConnectBenchServer;
let secure: ConnectBenchServer;
let http1Only: ConnectBenchServer;
let schema: SchemaRegistry;
let proxy: ConnectProxy;
let guarded: ConnectProxy;
const clients: WebClient[] = [];

beforeAll(async () => {
  certs = makeTestCertificates();
  const tls = { cert: certs.serverCert, key: certs.serverKey };
  [plain, secure, http1Only, proxy, guarded, schema] = await Promise.all([
    startConnectBenchServer(),
    startConnectBenchServer({ tls, reflection: false }),
    startConnectBenchServer({ tls: { ...tls, http1Only: true }, reflection: false }),
    startConnectProxy(),
    startConnectProxy({ credentials: 'ada:s3cret' }),
    loadBenchSchema(),
  ]);
});
afterAll(async () => {
  clients.forEach((client) => client.close());
  await Promise.all([plain, secure, http1Only, proxy, guarded].map((server) => server.close()));
  certs.dispose();
});

function client(options: Partial<WebClientOptions> & Pick<WebClientOptions, 'target' | 'protocol'>): WebClient {
  const created = createWebClient({ tls: false, ...options } as WebClientOptions);
  clients.push(created);
  return created;
}

/** The server's `host:port`, as a CONNECT names it. */
const authorityOf = (url: string): string => new URL(url).host;
const echo = (webClient: WebClient, message = 'through') => runWebCall(webClient, schema, 'Echo', [{ message }]);
/** The tunnels `proxy` opened while `action` ran. */
async function tunnelsDuring<T>(through: ConnectProxy, action: () => Promise<T>): Promise<{ result: T; tunnels: string[] }> {
  const before = through.tunnels.length;
  const result = await action();
  return { result, tunnels: through.tunnels.slice(before) };
}
const PROTOCOLS = [{ protocol: 'connect' as const }, { protocol: 'grpc-web' as const }];
const VERSIONS: readonly HttpVersion[] = ['1.1', '2'];

describe.each(PROTOCOLS)('$protocol through an HTTP proxy', ({ protocol }) => {
  test.each(VERSIONS)('plaintext HTTP/%s: the call goes through a CONNECT tunnel to the server', async (http) => {
    const url = plain.url(http);
    const { result, tunnels } = await tunnelsDuring(proxy, () => echo(client({ protocol, target: url, http, proxy: proxy.url })));
    expect(result).toMatchObject({ code: 0, messages: [{ message: 'through' }] });
    expect(tunnels).toEqual([authorityOf(url)]);
  });

  test('TLS with ALPN: HTTP/2 is negotiated over the tunnel, the certificate checked as on a direct connection', async () => {
    const webClient = client({ protocol, target: secure.url('2'), tls: true, caCertPath: certs.path('ca-cert'), proxy: proxy.url });
    const { tunnels } = await tunnelsDuring(proxy, async () => {
      expect(await echo(webClient)).toMatchObject({ code: 0, messages: [{ message: 'through' }] });
      expect(webClient.httpVersion).toBe('2');
      // A later call, a client stream, rides the same session: ALPN's connection became it.
      expect(await runWebCall(webClient, schema, 'ClientStream', [{ message: 'a' }, { message: 'b' }])).toMatchObject({ code: 0 });
    });
    expect(tunnels).toEqual([authorityOf(secure.url('2'))]);
  });

  test('TLS, HTTP/1.1 forced, and ALPN that finds HTTP/1.1 only: each keep-alive socket is a tunnel', async () => {
    const forced = client({ protocol, target: secure.url('1.1'), http: '1.1', tls: true, caCertPath: certs.path('ca-cert'), proxy: proxy.url });
    const viaForced = await tunnelsDuring(proxy, () => echo(forced));
    expect(viaForced.result).toMatchObject({ code: 0 });
    expect(viaForced.tunnels).toEqual([authorityOf(secure.url('1.1'))]);
    const negotiated = client({ protocol, target: http1Only.url('1.1'), tls: true, caCertPath: certs.path('ca-cert'), proxy: proxy.url });
    const viaNegotiated = await tunnelsDuring(proxy, () => echo(negotiated));
    expect(viaNegotiated.result).toMatchObject({ code: 0 });
    expect(negotiated.httpVersion).toBe('1.1');
    // One tunnel for ALPN's answer, one for the keep-alive socket the call went on.
    expect(viaNegotiated.tunnels).toEqual([authorityOf(http1Only.url('1.1')), authorityOf(http1Only.url('1.1'))]);
  });
});

describe('proxy settings and failures', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of ['grpc_proxy', 'https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'no_grpc_proxy', 'no_proxy', 'NO_PROXY']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  test('a user and password in the proxy URL answer its 407, and appear in no message', async () => {
    const url = plain.url('2');
    const { result, tunnels } = await tunnelsDuring(guarded, () => echo(client({ protocol: 'connect', target: url, http: '2', proxy: `http://ada:s3cret@127.0.0.1:${guarded.port}` })));
    expect(result).toMatchObject({ code: 0 });
    expect(tunnels).toEqual([authorityOf(url)]);
    const wrong = await echo(client({ protocol: 'connect', target: url, http: '2', proxy: `http://ada:n0pe@127.0.0.1:${guarded.port}` }));
    expect(wrong).toMatchObject({ code: 14, message: expect.stringMatching(/did not accept the user name and password in the proxy URL$/) });
    expect(wrong.message).not.toContain('n0pe');
  });

  test.each(VERSIONS)('a proxy that wants a password ends an HTTP/%s call UNAVAILABLE with its sentence, which the call layer keeps', async (http) => {
    const url = plain.url(http);
    const run = await echo(client({ protocol: 'grpc-web', target: url, http, proxy: guarded.url }));
    const sentence = `proxy 127.0.0.1:${guarded.port} (the Proxy setting) refused to open a tunnel to ${authorityOf(url)}: 407 Proxy Authentication Required; it wants a user name and password: give them in the proxy URL (http://user:password@127.0.0.1:${guarded.port})`;
    expect(run).toMatchObject({ code: 14, message: sentence });
    const shown = describeStatus({ code: run.code, message: run.message }, { kind: 'unary', target: url, responses: 0, sawHeaders: false, details: [] });
    expect(shown.message).toBe(sentence);
  });

  test.each(VERSIONS)('a proxy nobody answers at ends an HTTP/%s call UNAVAILABLE, saying to fix the proxy setting', async (http) => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const url = plain.url(http);
    const run = await echo(client({ protocol: 'connect', target: url, http, proxy: `http://127.0.0.1:${port}` }));
    const sentence = `cannot reach proxy 127.0.0.1:${port} (the Proxy setting): ECONNREFUSED; ${connectionAdvice().checkProxy}`;
    expect(run).toMatchObject({ code: 14, message: sentence });
    expect(describeStatus({ code: run.code, message: run.message }, { kind: 'unary', target: url, responses: 0, sawHeaders: false, details: [] }).message).toBe(sentence);
  });

  test('the environment\'s proxy is used without a setting, and `direct` bypasses it', async () => {
    process.env.https_proxy = proxy.url;
    const url = plain.url('1.1');
    const before = proxy.asked.length;
    expect(await echo(client({ protocol: 'connect', target: url, http: '1.1', proxy: 'direct' }))).toMatchObject({ code: 0 });
    expect(proxy.asked.length).toBe(before);
    expect(await echo(client({ protocol: 'connect', target: url, http: '1.1' }))).toMatchObject({ code: 0 });
    expect(proxy.asked.slice(before)).toEqual([authorityOf(url)]);
    process.env.no_proxy = '127.0.0.1';
    expect(await echo(client({ protocol: 'connect', target: url, http: '1.1' }))).toMatchObject({ code: 0 });
    expect(proxy.asked.length).toBe(before + 1);
  });

  test('a malformed proxy URL fails when the client is made, before any call', () => {
    expect(() => client({ protocol: 'connect', target: plain.url('2'), proxy: 'socks5://127.0.0.1:1080' })).toThrow(/the Proxy setting: socks5:\/\/ proxies are not supported/);
  });

  test('reflection over a web protocol goes through the same tunnel', async () => {
    const webClient = client({ protocol: 'grpc-web', target: plain.url('2'), http: '2', proxy: proxy.url });
    const { result, tunnels } = await tunnelsDuring(proxy, () => discoverByReflection({ openStream: (version, deadline) => openWebReflectionStream(webClient, version, [], deadline) }));
    expect(result.listServices().map((service) => service.fullName)).toContain('ferry.testing.v1.Bench');
    expect(tunnels).toEqual([authorityOf(plain.url('2'))]);
  });
});
