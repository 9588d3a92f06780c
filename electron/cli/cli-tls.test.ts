import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCertificates, type TestCertificates } from '../engine/testing/make-certs';
import { startBenchServer, type BenchServer } from '../engine/testing/bench-server';
import { hasStackTrace, runFerry } from './cli-test-kit';

const ECHO = 'ferry.testing.v1.Bench/Echo';

describe('ferry call over TLS', () => {
  let certs: TestCertificates;
  let tls: BenchServer;
  let mtls: BenchServer;
  beforeAll(async () => {
    certs = makeTestCertificates();
    tls = await startBenchServer({ tls: { cert: certs.serverCert, key: certs.serverKey } });
    mtls = await startBenchServer({ tls: { cert: certs.serverCert, key: certs.serverKey, clientCa: certs.caCert } });
  });
  afterAll(async () => {
    await Promise.all([tls.close(), mtls.close()]);
    certs.dispose();
  });

  it('trusts a custom CA with --cacert', async () => {
    const run = await runFerry(['call', tls.target, '--cacert', certs.path('ca-cert'), ECHO, '-d', '{"message":"tls"}']);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ message: 'tls' });
  });

  it('fails with a clear TLS error against the wrong CA', async () => {
    const run = await runFerry(['call', tls.target, '--cacert', certs.path('other-ca-cert'), ECHO]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/TLS/);
    expect(run.stderr).toMatch(/--cacert|--insecure/);
    expect(hasStackTrace(run.stderr)).toBe(false);
  });

  it('skips verification with --insecure', async () => {
    const run = await runFerry(['call', tls.target, '--insecure', ECHO, '-d', '{"message":"i"}']);
    expect(JSON.parse(run.stdout)).toEqual({ message: 'i' });
  });

  it('checks the certificate against --authority', async () => {
    const ok = await runFerry(['call', tls.target, '--cacert', certs.path('ca-cert'), '--authority', 'bench.ferry.test', ECHO, '-d', '{}']);
    expect(ok.code).toBe(0);
    const wrong = await runFerry(['call', tls.target, '--cacert', certs.path('ca-cert'), '--authority', 'elsewhere.test', ECHO]);
    expect(wrong.code).not.toBe(0);
  });

  it('presents a client certificate with --cert and --key (mTLS)', async () => {
    const withCert = await runFerry(['call', mtls.target, '--cacert', certs.path('ca-cert'), '--cert', certs.path('client-cert'),
      '--key', certs.path('client-key'), ECHO, '-d', '{"message":"m"}']);
    expect(JSON.parse(withCert.stdout)).toEqual({ message: 'm' });
    const without = await runFerry(['call', mtls.target, '--cacert', certs.path('ca-cert'), ECHO]);
    expect(without.code).not.toBe(0);
    expect(hasStackTrace(without.stderr)).toBe(false);
  });

  it('explains --plaintext against a TLS server', async () => {
    const run = await runFerry(['call', '--plaintext', tls.target, ECHO]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/TLS|plaintext/i);
  });

  it('refuses --plaintext combined with TLS flags', async () => {
    const run = await runFerry(['call', '--plaintext', '--cacert', certs.path('ca-cert'), tls.target, ECHO]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--plaintext cannot be combined with --cacert');
  });

  it('names a missing certificate file', async () => {
    const run = await runFerry(['call', tls.target, '--cacert', '/nonexistent/ca.pem', ECHO]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('/nonexistent/ca.pem');
  });
});
