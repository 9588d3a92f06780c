import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCertificates, type TestCertificates } from '../engine/testing/make-certs';
import { startBenchServer, type BenchServer } from '../engine/testing/bench-server';
import { hasStackTrace, runFerry } from './cli-test-kit';

const ECHO = 'ferry.testing.v1.Bench/Echo';

describe('ferry call over TLS', () => {
  let certs: TestCertificates;
  let tls: BenchServer;
  let mtls: BenchServer;
  let expired: BenchServer;
  beforeAll(async () => {
    certs = makeTestCertificates();
    tls = await startBenchServer({ tls: { cert: certs.serverCert, key: certs.serverKey } });
    mtls = await startBenchServer({ tls: { cert: certs.serverCert, key: certs.serverKey, clientCa: certs.caCert } });
    expired = await startBenchServer({ tls: { cert: certs.expiredServerCert, key: certs.expiredServerKey } });
  });
  afterAll(async () => {
    await Promise.all([tls.close(), mtls.close(), expired.close()]);
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

  it('says an expired server certificate expired, and does not blame the CA', async () => {
    const run = await runFerry(['call', expired.target, '--cacert', certs.path('ca-cert'), ECHO]);
    expect(run.code).toBe(64 + 14);
    expect(run.stderr).toMatch(/\(certificate has expired\); the server certificate has expired: renew it \(or check the clock\), or use --insecure\n$/);
    expect(run.stderr).not.toMatch(/CA/);
  });

  it('treats unusable TLS files as bad input (exit 2), naming the file', async () => {
    const garbage = join(certs.dir, 'garbage.pem');
    writeFileSync(garbage, '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n');
    const bad = await runFerry(['call', tls.target, '--cacert', garbage, ECHO]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(new RegExp(`^ferry: CA certificate ${garbage} is not a valid certificate`));
    const mismatch = await runFerry(['call', mtls.target, '--cacert', certs.path('ca-cert'), '--cert', certs.path('client-cert'), '--key', certs.path('server-key'), ECHO]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain(`client key ${certs.path('server-key')} does not belong to client certificate ${certs.path('client-cert')}`);
    const swapped = await runFerry(['call', mtls.target, '--cert', certs.path('client-key'), '--key', certs.path('client-cert'), ECHO]);
    expect(swapped.code).toBe(2);
    expect(swapped.stderr).toContain('did you swap --cert and --key?');
    for (const run of [bad, mismatch, swapped]) expect(hasStackTrace(run.stderr)).toBe(false);
  });

  it('refuses --cert without --key and --key without --cert, naming the file', async () => {
    const noKey = await runFerry(['call', mtls.target, '--cert', certs.path('client-cert'), ECHO]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toBe(`ferry: --cert ${certs.path('client-cert')} needs its private key: pass --key too\n`);
    const noCert = await runFerry(['call', mtls.target, '--key', certs.path('client-key'), ECHO]);
    expect(noCert.code).toBe(2);
    expect(noCert.stderr).toBe(`ferry: --key ${certs.path('client-key')} needs its certificate: pass --cert too\n`);
  });
});
