import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallStatus } from '../../../shared/model';
import { benchMethod, loadBenchRoot, lookupOf, testCodec } from '../calls/call-test-kit';
import { startCall } from '../calls/call-session';
import { grpcTransport } from '../calls/grpc-transport';
import { startBenchServer, type BenchServer } from '../testing/bench-server';
import { grpcAnswers, startHttp2Server, type SeenRequest } from '../testing/hostile-servers';
import { makeTestCertificates, type TestCertificates } from '../testing/make-certs';
import { createChannelPool, type ChannelPool, type ConnectivityChanged } from './channel-pool';
import { UI_CONNECTION_ADVICE, useConnectionAdvice, type ConnectionAdvice } from './connection-advice';
import { RECEIVE_WINDOW_BYTES, type ConnectionOptions } from './credentials';
import { failureOf } from '../../../tests/kit/failure-of';

const CLI_ADVICE_FOR_TEST: ConnectionAdvice = { ...UI_CONNECTION_ADVICE, trustServerCa: 'pass --cacert with its CA, or --insecure' };

const root = loadBenchRoot();
const types = lookupOf(root);

async function echo(pool: ChannelPool, target: string, options: ConnectionOptions, request: object = { message: 'hi' }): Promise<CallStatus> {
  return startCall({ transport: grpcTransport(pool.acquire(target, options)), method: benchMethod(root, 'Echo'), codec: testCodec, types, request, deadlineMs: 5000 }).done;
}

let pool: ChannelPool;
afterEach(() => pool?.close());

describe('channel pool, plaintext', () => {
  let bench: BenchServer;
  beforeAll(async () => {
    bench = await startBenchServer({ reflection: 'none' });
  });
  afterAll(() => bench.close());

  it('reuses one client per target and normalised options', () => {
    pool = createChannelPool();
    const a = pool.acquire(bench.target, { tls: false, keepaliveTimeMs: 10_000, maxSendMessageBytes: undefined });
    const b = pool.acquire(bench.target, { keepaliveTimeMs: 10_000, tls: false });
    const c = pool.acquire(bench.target, { tls: false, compression: 'gzip' });
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(pool.size).toBe(2);
  });

  it('reports connectivity changes until disposed', async () => {
    pool = createChannelPool();
    const changes: ConnectivityChanged[] = [];
    pool.watch(bench.target, { tls: false }, (change) => changes.push(change));
    expect(pool.connectivity(bench.target, { tls: false })).toBe('IDLE');
    expect((await echo(pool, bench.target, { tls: false })).name).toBe('OK');
    expect(pool.connectivity(bench.target, { tls: false })).toBe('READY');
    expect(changes.map((c) => c.state)).toEqual(['CONNECTING', 'READY']);
    expect(changes[0]).toEqual({ type: 'connectivity.changed', target: bench.target, state: 'CONNECTING' });
    pool.close();
    await new Promise((r) => setImmediate(r));
    expect(changes.at(-1)?.state).toBe('SHUTDOWN');
  });

  /** One Echo through a fresh pool to a server that records what arrived; what it saw of that request. */
  async function echoRecorded(options: ConnectionOptions, recording: { afterPing?: boolean } = {}): Promise<SeenRequest> {
    const seen: SeenRequest[] = [];
    const server = await startHttp2Server(grpcAnswers.recording(seen, recording));
    try {
      pool = createChannelPool();
      expect((await echo(pool, server.target, options)).name).toBe('OK');
      expect(seen).toHaveLength(1);
      return seen[0]!;
    } finally {
      await server.close();
    }
  }

  it('compresses with gzip and sends keepalive pings: the server sees both on the wire', async () => {
    // The server answers only after a PING: without keepalive this call would end DEADLINE_EXCEEDED.
    const seen = await echoRecorded({ tls: false, compression: 'gzip', keepaliveTimeMs: 50 }, { afterPing: true });
    expect(seen.headers['grpc-encoding']).toBe('gzip');
    expect(seen.firstFrameCompressed).toBe(true);
    expect(seen.pings).toBeGreaterThan(0);
  });

  it('offers the server a 4 MiB flow-control window per stream and per connection', async () => {
    const seen = await echoRecorded({ tls: false });
    // HTTP/2's default is 65,535 bytes: a server could send one 64 KiB message before waiting for Ferry.
    expect(seen.clientStreamWindow).toBe(RECEIVE_WINDOW_BYTES);
    expect(seen.clientConnectionWindow).toBe(RECEIVE_WINDOW_BYTES);
  });

  it('sends plain frames and no pings when neither is asked for', async () => {
    const seen = await echoRecorded({ tls: false });
    expect(seen.headers['grpc-encoding']).not.toBe('gzip');
    expect(seen.firstFrameCompressed).toBe(false);
  });

  it('fails with RESOURCE_EXHAUSTED when a response exceeds the receive limit', async () => {
    pool = createChannelPool();
    const client = pool.acquire(bench.target, { tls: false, maxReceiveMessageBytes: 1024 });
    const session = startCall({ transport: grpcTransport(client), method: benchMethod(root, 'ServerStream'), codec: testCodec, types, request: { count: 3, payloadSize: 4096 } });
    expect((await session.done).name).toBe('RESOURCE_EXHAUSTED');
  });

  it('refuses an authority with CR/LF and timers longer than Node can hold, naming the setting', () => {
    pool = createChannelPool();
    expect(failureOf(() => pool.acquire(bench.target, { tls: false, authority: 'evil\r\nx-injected: 1' }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('authority "evil\\r\\nx-injected: 1" must be a host name') });
    expect(failureOf(() => pool.acquire(bench.target, { tls: false, keepaliveTimeMs: 2 ** 31 }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('keepalive time of 2147483648 ms is too long') });
    expect(pool.size).toBe(0);
  });

  it("sends the connection's user agent in front of grpc-js's own", async () => {
    let userAgent: string | undefined;
    const server = await startHttp2Server((stream, headers) => {
      userAgent = headers['user-agent'];
      grpcAnswers.ok()(stream, headers);
    });
    try {
      pool = createChannelPool();
      expect((await echo(pool, server.target, { tls: false, userAgent: 'ferry-test/1.0' })).name).toBe('OK');
      expect(userAgent).toMatch(/^ferry-test\/1\.0 grpc-node-js\/\d/);
    } finally {
      await server.close();
    }
  });

  it('rejects a bad target with BAD_INPUT', () => {
    pool = createChannelPool();
    expect(failureOf(() => pool.acquire('localhost', { tls: false })).code).toBe('BAD_INPUT');
  });
});

describe('channel pool, unix socket', () => {
  it('calls a server on a unix socket', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-sock-'));
    const bench = await startBenchServer({ reflection: 'none', unixSocket: join(dir, 'bench.sock') });
    try {
      pool = createChannelPool();
      expect((await echo(pool, `unix://${join(dir, 'bench.sock')}`, { tls: false })).name).toBe('OK');
      expect((await echo(pool, `unix:${join(dir, 'bench.sock')}`, { tls: false })).name).toBe('OK');
    } finally {
      await bench.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('channel pool, TLS', () => {
  let certs: TestCertificates;
  let tls: BenchServer;
  let mtls: BenchServer;
  let plain: BenchServer;
  let expired: BenchServer;
  beforeAll(async () => {
    certs = makeTestCertificates();
    tls = await startBenchServer({ reflection: 'none', tls: { cert: certs.serverCert, key: certs.serverKey } });
    expired = await startBenchServer({ reflection: 'none', tls: { cert: certs.expiredServerCert, key: certs.expiredServerKey } });
    mtls = await startBenchServer({ reflection: 'none', tls: { cert: certs.serverCert, key: certs.serverKey, clientCa: certs.caCert } });
    plain = await startBenchServer({ reflection: 'none' });
  });
  afterAll(async () => {
    await Promise.all([tls.close(), mtls.close(), plain.close(), expired.close()]);
    certs.dispose();
  });

  it('works with a custom CA', async () => {
    pool = createChannelPool();
    expect((await echo(pool, tls.target, { tls: true, caCertPath: certs.path('ca-cert') })).name).toBe('OK');
    expect((await echo(pool, `localhost:${tls.port}`, { tls: true, caCertPath: certs.path('ca-cert') })).name).toBe('OK');
  });

  it('explains a wrong CA as a TLS handshake problem', async () => {
    pool = createChannelPool();
    const status = await echo(pool, tls.target, { tls: true, caCertPath: certs.path('other-ca-cert') });
    expect(status.name).toBe('UNAVAILABLE');
    expect(status.message).toMatch(/^TLS handshake with 127\.0\.0\.1:\d+ failed \(unable to verify the first certificate\)/);
    expect(status.message).toContain('set CA certificate path to the CA that signed it, or tick Skip certificate verification');
  });

  it('explains TLS against a plaintext server', async () => {
    pool = createChannelPool();
    const status = await echo(pool, plain.target, { tls: true, caCertPath: certs.path('ca-cert') });
    expect(status.name).toBe('UNAVAILABLE');
    expect(status.message).toMatch(/^TLS handshake .* failed \(SSL: wrong version number\); .* set Security to Plaintext$/);
    const reverse = await echo(pool, tls.target, { tls: false });
    expect(reverse.message).toContain('if the server uses TLS, set Security to TLS');
  });

  it('says an expired server certificate has expired, not that its CA is untrusted', async () => {
    pool = createChannelPool();
    const status = await echo(pool, expired.target, { tls: true, caCertPath: certs.path('ca-cert') });
    expect(status.name).toBe('UNAVAILABLE');
    expect(status.message).toMatch(/^TLS handshake with 127\.0\.0\.1:\d+ failed \(certificate has expired\); the server certificate has expired: renew it/);
    expect(status.message).not.toMatch(/CA/);
  });

  it("words its advice in the front end's terms: the UI's fields by default, the CLI's flags when it asks", async () => {
    pool = createChannelPool();
    useConnectionAdvice(CLI_ADVICE_FOR_TEST);
    try {
      const status = await echo(pool, tls.target, { tls: true, caCertPath: certs.path('other-ca-cert') });
      expect(status.message).toMatch(/: pass --cacert with its CA, or --insecure$/);
    } finally {
      useConnectionAdvice(UI_CONNECTION_ADVICE);
    }
  });

  it('skips verification when asked', async () => {
    pool = createChannelPool();
    expect((await echo(pool, tls.target, { tls: true, insecureSkipVerify: true })).name).toBe('OK');
    expect((await echo(pool, tls.target, { tls: true, caCertPath: certs.path('other-ca-cert'), insecureSkipVerify: true })).name).toBe('OK');
  });

  it('overrides the authority and TLS server name', async () => {
    pool = createChannelPool();
    const options: ConnectionOptions = { tls: true, caCertPath: certs.path('ca-cert'), authority: 'bench.ferry.test' };
    expect((await echo(pool, tls.target, options)).name).toBe('OK');
    const wrong = await echo(pool, tls.target, { ...options, authority: 'not-in-the-cert.test' });
    expect(wrong.name).toBe('UNAVAILABLE');
    expect(wrong.message).toContain('set Authority override to a name the certificate holds');
  });

  it('does mTLS with a client certificate and fails without one', async () => {
    pool = createChannelPool();
    const withCert: ConnectionOptions = { tls: true, caCertPath: certs.path('ca-cert'), certPath: certs.path('client-cert'), keyPath: certs.path('client-key') };
    expect((await echo(pool, mtls.target, withCert)).name).toBe('OK');
    const without = await echo(pool, mtls.target, { tls: true, caCertPath: certs.path('ca-cert') });
    expect(without.name).toBe('UNAVAILABLE');
    expect(without.message).toContain('set a Client certificate path and Client key path the server trusts');
  });

  it('names the file when certificates cannot be used', () => {
    pool = createChannelPool();
    expect(failureOf(() => pool.acquire(tls.target, { tls: true, caCertPath: join(certs.dir, 'nope.pem') }))).toMatchObject({ code: 'IO_ERROR', message: expect.stringContaining('nope.pem: no such file') });
    const notPem = join(certs.dir, 'not-pem.txt');
    writeFileSync(notPem, 'hello');
    expect(failureOf(() => pool.acquire(tls.target, { tls: true, caCertPath: notPem }))).toMatchObject({ code: 'TLS_ERROR', details: { file: notPem } });
    expect(failureOf(() => pool.acquire(tls.target, { tls: true, certPath: certs.path('client-key'), keyPath: certs.path('client-cert') })).details?.hint).toContain('swap');
    expect(failureOf(() => pool.acquire(tls.target, { tls: true, certPath: certs.path('client-cert') }))).toMatchObject({ code: 'TLS_ERROR', message: expect.stringContaining('without a key') });
    expect(failureOf(() => pool.acquire(tls.target, { tls: true, certPath: certs.path('client-cert'), keyPath: certs.path('server-key') }))).toMatchObject({
      code: 'TLS_ERROR',
      message: `client key ${certs.path('server-key')} does not belong to client certificate ${certs.path('client-cert')}`,
      details: { file: certs.path('server-key') },
    });
    expect(pool.size).toBe(0);
  });
});
