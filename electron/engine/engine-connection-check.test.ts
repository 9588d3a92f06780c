/**
 * `checkConnection` through createEngine against real servers on 127.0.0.1: the bench server (with a health
 * service, without reflection, TLS with the test CA, an expired certificate, mTLS), an HTTPS server without
 * HTTP/2, a real tunneling proxy, connect-node for the web protocols. Every finding is a step; only unusable
 * settings fail the command. The proxy variables are cleared here and restored (each test file runs in a
 * process of its own).
 */
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/kit/temp-dir';
import { until } from '../../tests/kit/until';
import { unwrap } from '../../shared/errors';
import type { CheckStepName, ConnectionCheck, ConnectionConfig, SchemaSource, TlsSettings } from '../../shared/model';
import { UI_CONNECTION_ADVICE as ADVICE } from './channels';
import { METADATA_ADVICE } from './connection-check/check-health';
import { createEngine, type Engine } from './create-engine';
import { configureTrace } from './diagnostics/trace';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT, startBenchServer, type BenchServer, type BenchServerOptions } from './testing/bench-server';
import { startConnectBenchServer } from './testing/connect-bench-server';
import { startConnectProxy, type ConnectProxy } from './testing/connect-proxy';
import { makeTestCertificates, type TestCertificates } from './testing/make-certs';
import { startTlsHttp1Server } from './testing/tls-http1-server';

const PROXY_VARIABLES = ['grpc_proxy', 'https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'no_grpc_proxy', 'no_proxy', 'NO_PROXY'];
const savedEnv = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
const FILES: SchemaSource = { kind: 'proto-files', files: [BENCH_PROTO_FILE], importPaths: [BENCH_PROTO_ROOT] };

let certs: TestCertificates;
let healthy: BenchServer;
let secure: BenchServer;
let engine: Engine;
const closeAfter: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  certs = makeTestCertificates();
  healthy = await startBenchServer({ health: 'SERVING' });
  secure = await startBenchServer({ tls: { cert: certs.serverCert, key: certs.serverKey }, health: 'SERVING' });
});
afterAll(async () => {
  await Promise.all([healthy.close(), secure.close()]);
  certs.dispose();
});
beforeEach(() => {
  for (const name of PROXY_VARIABLES) delete process.env[name];
  engine = createEngine();
});
afterEach(async () => {
  engine.dispose();
  await Promise.all(closeAfter.splice(0).map((close) => close()));
  for (const name of PROXY_VARIABLES) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
});

/** A TCP server that accepts connections and never says a word. */
async function silentServer(): Promise<{ port: number; sockets: Set<net.Socket> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closeAfter.push(() => new Promise((resolve) => (sockets.forEach((socket) => socket.destroy()), server.close(resolve))));
  return { port: (server.address() as net.AddressInfo).port, sockets };
}

async function bench(options: BenchServerOptions): Promise<BenchServer> {
  const server = await startBenchServer(options);
  closeAfter.push(() => server.close());
  return server;
}

function config(target: string, more: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return { target, tls: { mode: 'plaintext' }, schema: { kind: 'reflection' }, connectTimeoutMs: 5_000, ...more };
}

const withCa = (more: Partial<Extract<TlsSettings, { mode: 'tls' }>> = {}): TlsSettings => ({ mode: 'tls', caCertPath: certs.path('ca-cert'), ...more });

async function check(connection: ConnectionConfig): Promise<ConnectionCheck> {
  return unwrap(await engine.checkConnection(connection));
}

/** The trace lines `action` writes with every trace on. */
async function traced(action: () => Promise<unknown>): Promise<string> {
  const lines: string[] = [];
  const restore = configureTrace({ sink: (line) => lines.push(line), setting: 'all' });
  try {
    await action();
  } finally {
    restore();
  }
  return lines.join('\n');
}

/** Each step's outcome by name, in order. */
const outcomes = (result: ConnectionCheck) => Object.fromEntries(result.steps.map((s) => [s.step, s.outcome]));

function stepOf(result: ConnectionCheck, name: CheckStepName) {
  const found = result.steps.find((s) => s.step === name);
  if (!found) throw new Error(`no ${name} step`);
  return found;
}

function expectSkippedAfter(result: ConnectionCheck, failed: CheckStepName, names: CheckStepName[]): void {
  for (const name of names) expect(stepOf(result, name)).toEqual({ step: name, outcome: 'skipped', summary: `not checked: the ${failed} step failed` });
}

describe('a plaintext gRPC server', () => {
  it('is reached step by step: an address needs no name, no proxy, TCP, HTTP/2 with prior knowledge, SERVING, reflection v1', async () => {
    const result = await check(config(healthy.target));
    expect(result.target).toBe(healthy.target);
    expect(result.steps.map((s) => s.step)).toEqual(['dns', 'proxy', 'tcp', 'tls', 'http2', 'health', 'reflection']);
    expect(outcomes(result)).toEqual({ dns: 'skipped', proxy: 'skipped', tcp: 'ok', tls: 'skipped', http2: 'ok', health: 'ok', reflection: 'ok' });
    expect(stepOf(result, 'dns').summary).toBe('127.0.0.1 is an address');
    expect(stepOf(result, 'proxy').summary).toBe('no proxy: none set, and no proxy environment variable names one');
    expect(stepOf(result, 'tcp').summary).toMatch(new RegExp(`^connected to 127\\.0\\.0\\.1:${healthy.port}$`));
    expect(stepOf(result, 'tcp').durationMs).toBeGreaterThan(0);
    expect(stepOf(result, 'tcp').durationMs).toBeGreaterThanOrEqual(0);
    expect(stepOf(result, 'tls').summary).toBe('plaintext: no TLS');
    expect(stepOf(result, 'http2').summary).toBe('the server answers HTTP/2 in plaintext (it sent its SETTINGS)');
    expect(stepOf(result, 'health').summary).toBe('SERVING');
    expect(stepOf(result, 'reflection').summary).toBe('v1: 1 service (ferry.testing.v1.Bench)');
    expect(result.outcome).toBe('ok');
    expect(result.tls).toBeUndefined();
  });

  it('resolves a host name first', async () => {
    const result = await check(config(`localhost:${healthy.port}`));
    expect(stepOf(result, 'dns')).toMatchObject({ outcome: 'ok', summary: expect.stringMatching(/^localhost is .*127\.0\.0\.1/) });
    expect(stepOf(result, 'tcp').summary).toMatch(new RegExp(`^connected to localhost \\(.+:${healthy.port}\\)$`));
    expect(result.outcome).toBe('ok');
  });

  it('skips health and reflection a server does not offer when the schema comes from files', async () => {
    const bare = await bench({ reflection: 'none' });
    const result = await check(config(bare.target, { schema: FILES }));
    expect(stepOf(result, 'health')).toMatchObject({ outcome: 'skipped', summary: 'no health service (grpc.health.v1)' });
    expect(stepOf(result, 'reflection')).toMatchObject({ outcome: 'skipped', summary: 'not offered; this connection reads its schema from files' });
    expect(result.outcome).toBe('ok');
  });

  it('fails reflection a connection needs for its schema, saying to load files instead', async () => {
    const bare = await bench({ reflection: 'none' });
    const result = await check(config(bare.target));
    expect(stepOf(result, 'reflection')).toMatchObject({
      outcome: 'failed',
      summary: 'the server offers no reflection (v1 or v1alpha), and this connection reads its schema by reflection',
      advice: 'load .proto files or a descriptor set instead',
    });
    expect(result.outcome).toBe('failed');
  });

  it('falls back to reflection v1alpha, and fails a server that is NOT_SERVING without skipping reflection', async () => {
    const server = await bench({ reflection: 'v1alpha-only', health: 'NOT_SERVING' });
    const result = await check(config(server.target));
    expect(stepOf(result, 'health')).toMatchObject({ outcome: 'failed', summary: 'NOT_SERVING: the server says it cannot take calls now' });
    expect(stepOf(result, 'reflection')).toMatchObject({ outcome: 'ok', summary: 'v1alpha: 1 service (ferry.testing.v1.Bench)' });
    expect(result.outcome).toBe('failed');
  });

  it('sends the metadata with health and reflection, and never shows its values', async () => {
    const server = await bench({ health: 'SERVING', reflectionRequires: { key: 'x-api-key', value: 'k-secret-1' } });
    const refused = await check(config(server.target));
    expect(stepOf(refused, 'health')).toMatchObject({ outcome: 'warning', summary: 'UNAUTHENTICATED: missing x-api-key header', advice: METADATA_ADVICE });
    expect(stepOf(refused, 'reflection')).toMatchObject({ outcome: 'failed', summary: expect.stringContaining('UNAUTHENTICATED: missing x-api-key header'), advice: METADATA_ADVICE });
    let admitted: ConnectionCheck | undefined;
    const trace = await traced(async () => (admitted = await check(config(server.target, { metadata: [{ key: 'x-api-key', value: 'k-secret-1' }] }))));
    expect(outcomes(admitted!)).toMatchObject({ health: 'ok', reflection: 'ok' });
    expect(trace).toContain('health ok: SERVING');
    expect(JSON.stringify([refused, admitted]) + trace).not.toContain('k-secret-1');
  });

  it('reaches a unix socket without a name or a proxy', async () => {
    const path = join(tempDir('ferry-check-'), 'bench.sock');
    const server = await bench({ unixSocket: path, health: 'SERVING' });
    const result = await check(config(server.target));
    expect(stepOf(result, 'dns').summary).toBe(`${path} is a unix socket: no name to resolve`);
    expect(stepOf(result, 'proxy').summary).toBe('no proxy: a unix socket is never proxied');
    expect(stepOf(result, 'tcp').summary).toMatch(new RegExp(`^connected to ${path}$`));
    expect(result.outcome).toBe('ok');
  });
});

describe('TLS', () => {
  it('shows the chain the server sent, trusted with the test CA, and ALPN h2 (a certificate this young warns it expires)', async () => {
    const result = await check(config(`localhost:${secure.port}`, { tls: withCa() }));
    const tls = result.tls!;
    expect(tls).toMatchObject({ alpn: 'h2', serverName: 'localhost', trusted: true, protocol: expect.stringMatching(/^TLSv1\.[23]$/), cipher: expect.any(String) });
    expect(tls.trustError).toBeUndefined();
    // Leaf first, then the CA the check found it signed by (from the CA setting), which signed itself.
    expect(tls.chain.map((c) => [c.subject, c.issuer, c.selfSigned])).toEqual([
      ['CN=localhost', 'CN=Ferry Test CA', false],
      ['CN=Ferry Test CA', 'CN=Ferry Test CA', true],
    ]);
    const [leaf] = tls.chain;
    expect(leaf).toMatchObject({ subject: 'CN=localhost', issuer: 'CN=Ferry Test CA', subjectAltNames: ['DNS:localhost', 'DNS:bench.ferry.test', 'IP:127.0.0.1'], selfSigned: false });
    expect(leaf!.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(Date.parse(leaf!.validTo) - Date.parse(leaf!.validFrom)).toBeGreaterThan(24 * 3600_000);
    expect(leaf!.daysLeft).toBe(1);
    // The test certificates last two days: worth a warning, not a failure.
    expect(stepOf(result, 'tls')).toMatchObject({
      outcome: 'warning',
      summary: expect.stringMatching(/; CN=localhost \(issued by CN=Ferry Test CA\) is trusted for localhost, but CN=localhost expires in 1 day \(/),
    });
    expect(outcomes(result)).toMatchObject({ dns: 'ok', tcp: 'ok', http2: 'ok', health: 'ok', reflection: 'ok' });
    expect(stepOf(result, 'http2').summary).toBe('ALPN agreed h2, and the server sent its HTTP/2 SETTINGS');
    expect(result.outcome).toBe('warning');
  });

  it('fails a chain nobody here trusts, with the advice to set its CA, and still shows the chain', async () => {
    const result = await check(config(`localhost:${secure.port}`, { tls: { mode: 'tls' } }));
    expect(result.tls).toMatchObject({ trusted: false, trustError: 'unable to verify the first certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE)', alpn: 'h2' });
    expect(result.tls!.chain.map((c) => c.subject)).toEqual(['CN=localhost']);
    expect(stepOf(result, 'tls')).toMatchObject({ outcome: 'failed', advice: ADVICE.trustServerCa, summary: expect.stringContaining('the certificate CN=localhost is not trusted: unable to verify the first certificate') });
    expectSkippedAfter(result, 'tls', ['http2', 'health', 'reflection']);
    expect(result.outcome).toBe('failed');
  });

  it('fails an expired certificate with the advice to renew it', async () => {
    const expired = await bench({ tls: { cert: certs.expiredServerCert, key: certs.expiredServerKey } });
    const result = await check(config(`localhost:${expired.port}`, { tls: withCa() }));
    expect(result.tls).toMatchObject({ trusted: false, trustError: 'certificate has expired (CERT_HAS_EXPIRED)' });
    expect(result.tls!.chain[0]!.daysLeft).toBeLessThan(0);
    expect(stepOf(result, 'tls')).toMatchObject({ outcome: 'failed', advice: ADVICE.expiredCertificate });
  });

  it('fails a certificate that does not name the authority override', async () => {
    const result = await check(config(`127.0.0.1:${secure.port}`, { tls: withCa({ authority: 'wrong.example' }) }));
    expect(result.tls).toMatchObject({ serverName: 'wrong.example', trusted: false, trustError: expect.stringContaining('wrong.example') });
    expect(stepOf(result, 'tls')).toMatchObject({
      outcome: 'failed',
      advice: ADVICE.authority,
      summary: expect.stringContaining('the certificate (DNS:localhost, DNS:bench.ferry.test, IP:127.0.0.1) does not name wrong.example'),
    });
  });

  it('warns when verification is skipped, saying what would have failed, and goes on', async () => {
    const result = await check(config(`127.0.0.1:${secure.port}`, { tls: { mode: 'tls', insecureSkipVerify: true } }));
    expect(stepOf(result, 'tls')).toMatchObject({
      outcome: 'warning',
      summary: expect.stringContaining('not verified: certificate verification is skipped, and without that it would fail: the certificate CN=localhost is not trusted'),
    });
    expect(outcomes(result)).toMatchObject({ http2: 'ok', health: 'ok', reflection: 'ok' });
    expect(result.outcome).toBe('warning');
  });

  it('fails a server that wants a client certificate when none is set, and passes with one', async () => {
    const mtls = await bench({ tls: { cert: certs.serverCert, key: certs.serverKey, clientCa: certs.caCert } });
    const without = await check(config(`localhost:${mtls.port}`, { tls: withCa() }));
    expect(stepOf(without, 'tls')).toMatchObject({ outcome: 'failed', advice: ADVICE.clientCertificate, summary: expect.stringContaining('the server wants a client certificate') });
    const withCert = await check(config(`localhost:${mtls.port}`, { tls: withCa({ certPath: certs.path('client-cert'), keyPath: certs.path('client-key') }) }));
    expect(outcomes(withCert)).toMatchObject({ tls: 'warning', http2: 'ok', reflection: 'ok' });
  });

  it('fails TLS to a plaintext server, which it finds answering HTTP/2 in plaintext', async () => {
    const result = await check(config(healthy.target, { tls: withCa() }));
    expect(stepOf(result, 'tls')).toMatchObject({ outcome: 'failed', advice: ADVICE.usePlaintext, summary: expect.stringContaining('the server speaks HTTP/2 in plaintext on this port, not TLS') });
    expect(result.tls).toBeUndefined();
  });

  it('fails plaintext to a TLS server at HTTP/2, which it finds speaking TLS', async () => {
    const result = await check(config(secure.target));
    expect(stepOf(result, 'http2')).toMatchObject({ outcome: 'failed', advice: ADVICE.useTls, summary: expect.stringContaining('does not answer HTTP/2 in plaintext') });
    expect(stepOf(result, 'http2').summary).toContain('it speaks TLS on this port');
  });

  it('fails HTTP/2 on a TLS server whose ALPN offers only http/1.1', async () => {
    const https = await startTlsHttp1Server({ cert: certs.serverCert, key: certs.serverKey });
    closeAfter.push(() => https.close());
    const result = await check(config(`localhost:${https.port}`, { tls: withCa() }));
    expect(result.tls).toMatchObject({ alpn: 'http/1.1', trusted: true });
    expect(stepOf(result, 'http2')).toMatchObject({
      outcome: 'failed',
      summary: 'the server did not agree h2 in ALPN (it chose http/1.1): gRPC needs HTTP/2; a TLS-terminating proxy or load balancer in front of it may not pass HTTP/2 on',
    });
    expectSkippedAfter(result, 'http2', ['health', 'reflection']);
  });

  it('gives up a handshake the server never answers at the connect timeout', async () => {
    const { port } = await silentServer();
    const result = await check(config(`127.0.0.1:${port}`, { tls: withCa(), connectTimeoutMs: 300 }));
    expect(stepOf(result, 'tls')).toMatchObject({ outcome: 'failed', summary: 'TLS handshake failed: no TLS handshake within 0.3 s', advice: ADVICE.checkTls });
  });
});

describe('the network', () => {
  it('fails TCP to a closed port and skips what needs it', async () => {
    const result = await check(config('127.0.0.1:1'));
    expect(stepOf(result, 'tcp')).toMatchObject({ outcome: 'failed', summary: '127.0.0.1:1 refused the connection (ECONNREFUSED): nothing listens on this port', advice: ADVICE.checkAddress });
    expectSkippedAfter(result, 'tcp', ['tls', 'http2', 'health', 'reflection']);
    expect(result.outcome).toBe('failed');
  });

  it('fails a name that does not resolve', async () => {
    const result = await check(config('no-such-host.invalid:443', { tls: { mode: 'tls' } }));
    expect(stepOf(result, 'dns')).toMatchObject({ outcome: 'failed', summary: expect.stringMatching(/^(no-such-host\.invalid does not resolve \(ENOTFOUND\)|the resolver gave no answer)/) });
    expect(stepOf(result, 'dns').advice).toBeDefined();
    expect(stepOf(result, 'proxy').outcome).toBe('skipped');
    expectSkippedAfter(result, 'dns', ['tcp', 'tls', 'http2', 'health', 'reflection']);
  });
});

describe('through an HTTP proxy', () => {
  let open: ConnectProxy;
  let guarded: ConnectProxy;
  beforeAll(async () => {
    open = await startConnectProxy();
    guarded = await startConnectProxy({ credentials: 'ada:s3cret-pw' });
  });
  afterAll(() => Promise.all([open.close(), guarded.close()]));

  it('leaves the name to the proxy, opens the tunnel, and checks the server through it', async () => {
    const target = `localhost:${healthy.port}`;
    const result = await check(config(target, { transport: { proxy: open.url } }));
    const proxy = `proxy 127.0.0.1:${open.port} (the Proxy setting)`;
    expect(stepOf(result, 'dns')).toEqual({ step: 'dns', outcome: 'skipped', summary: `${proxy} resolves localhost` });
    expect(stepOf(result, 'proxy')).toMatchObject({ outcome: 'ok', summary: `tunnel to ${target} through ${proxy}` });
    expect(outcomes(result)).toMatchObject({ tcp: 'ok', http2: 'ok', health: 'ok', reflection: 'ok' });
    expect(open.tunnels.filter((where) => where === target).length).toBeGreaterThanOrEqual(2);
  });

  it('takes the proxy from the environment, and says when no_proxy names the host', async () => {
    process.env.https_proxy = open.url;
    const routed = await check(config(healthy.target));
    expect(stepOf(routed, 'proxy').summary).toBe(`tunnel to ${healthy.target} through proxy 127.0.0.1:${open.port} (https_proxy)`);
    process.env.no_proxy = '127.0.0.1';
    const bypassed = await check(config(healthy.target));
    expect(stepOf(bypassed, 'proxy')).toMatchObject({ outcome: 'skipped', summary: 'no proxy: https_proxy names one, but no_proxy names 127.0.0.1' });
  });

  it('fails the proxy step with the proxy\'s own sentence for a 407, and never shows the password', async () => {
    const result = await check(config(healthy.target, { transport: { proxy: guarded.url } }));
    expect(stepOf(result, 'proxy')).toMatchObject({
      outcome: 'failed',
      summary: `proxy 127.0.0.1:${guarded.port} (the Proxy setting) refused to open a tunnel to ${healthy.target}: 407 Proxy Authentication Required; it wants a user name and password: give them in the proxy URL (http://user:password@127.0.0.1:${guarded.port})`,
    });
    expectSkippedAfter(result, 'proxy', ['tcp', 'tls', 'http2', 'health', 'reflection']);
    let wrong: ConnectionCheck | undefined;
    const trace = await traced(async () => (wrong = await check(config(healthy.target, { transport: { proxy: `http://ada:wrong-pw-9c@127.0.0.1:${guarded.port}` } }))));
    expect(stepOf(wrong!, 'proxy').summary).toContain('it did not accept the user name and password in the proxy URL');
    expect(trace).toContain('proxy failed: proxy 127.0.0.1');
    expect(JSON.stringify(wrong) + trace).not.toContain('wrong-pw-9c');
  });

  it('fails TCP when the proxy cannot connect to the server (502)', async () => {
    const result = await check(config('127.0.0.1:1', { transport: { proxy: open.url } }));
    expect(stepOf(result, 'proxy')).toMatchObject({ outcome: 'ok', summary: `proxy 127.0.0.1:${open.port} (the Proxy setting) answered, but could not connect to 127.0.0.1:1 itself` });
    expect(stepOf(result, 'tcp')).toMatchObject({ outcome: 'failed', summary: expect.stringContaining('502 Bad Gateway'), advice: ADVICE.checkAddress });
  });
});

describe('web protocols', () => {
  it('checks a Connect server over HTTP/2 in plaintext, and one over TLS by what ALPN chose', async () => {
    const server = await startConnectBenchServer();
    closeAfter.push(() => server.close());
    const plain = await check(config(server.url('2'), { protocol: 'connect', httpVersion: '2' }));
    expect(outcomes(plain)).toEqual({ dns: 'skipped', proxy: 'skipped', tcp: 'ok', tls: 'skipped', http2: 'ok', health: 'skipped', reflection: 'ok' });
    expect(stepOf(plain, 'reflection').summary).toBe('v1: 1 service (ferry.testing.v1.Bench)');
    const h1 = await check(config(server.url('1.1'), { protocol: 'connect', schema: FILES }));
    expect(stepOf(h1, 'http2')).toMatchObject({ outcome: 'skipped', summary: 'HTTP/1.1 in plaintext (HTTP/2 without TLS needs the HTTP version set to 2)' });
    expect(stepOf(h1, 'health')).toMatchObject({ outcome: 'skipped', summary: 'no health service (grpc.health.v1)' });

    const tlsServer = await startConnectBenchServer({ tls: { cert: certs.serverCert, key: certs.serverKey } });
    closeAfter.push(() => tlsServer.close());
    const overTls = await check(config(tlsServer.url('2'), { protocol: 'grpc-web', tls: withCa() }));
    expect(overTls.tls).toMatchObject({ alpn: 'h2', serverName: '127.0.0.1', trusted: true });
    expect(stepOf(overTls, 'http2')).toMatchObject({ outcome: 'ok', summary: 'ALPN chose h2: calls use HTTP/2' });
    expect(stepOf(overTls, 'reflection').outcome).toBe('ok');
  });
});

describe('settings that cannot be used fail the command', () => {
  it('names an unreadable CA file, a malformed target and a malformed proxy URL', async () => {
    const missing = join(tempDir('ferry-check-'), 'no-ca.pem');
    const unreadable = await engine.checkConnection(config(`localhost:${secure.port}`, { tls: { mode: 'tls', caCertPath: missing } }));
    expect(!unreadable.ok && unreadable.error).toMatchObject({ code: 'IO_ERROR', message: expect.stringContaining(missing), details: { file: missing } });
    const target = await engine.checkConnection(config('localhost'));
    expect(!target.ok && target.error).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('a port is required') });
    const proxy = await engine.checkConnection(config(healthy.target, { transport: { proxy: 'socks5://127.0.0.1:1080' } }));
    expect(!proxy.ok && proxy.error).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('the Proxy setting') });
  });

  it('stops a running check when the engine is disposed', async () => {
    const { port, sockets } = await silentServer();
    const running = engine.checkConnection(config(`127.0.0.1:${port}`, { tls: withCa(), connectTimeoutMs: 20_000 }));
    await until(() => sockets.size > 0, 'the check to connect');
    engine.dispose();
    const stopped = await running;
    expect(!stopped.ok && stopped.error.code).toBe('CANCELLED');
  });
});
