/**
 * A client certificate as a PKCS#12 bundle (--pfx) or an encrypted key (--key), the passphrase from the
 * environment variable --pass-env names, through the real binary against an mTLS bench server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBenchServer, type BenchServer } from '../engine/testing/bench-server';
import { makeTestCertificates, TEST_PASSPHRASE, type TestCertificates } from '../engine/testing/make-certs';
import { hasStackTrace, runFerry } from './cli-test-kit';

const ECHO = 'ferry.testing.v1.Bench/Echo';
let certs: TestCertificates;
let mtls: BenchServer;

beforeAll(async () => {
  certs = makeTestCertificates();
  mtls = await startBenchServer({ tls: { cert: certs.serverCert, key: certs.serverKey, clientCa: certs.caCert } });
});
afterAll(async () => {
  await mtls.close();
  certs.dispose();
});

describe('ferry call with a PKCS#12 bundle or an encrypted key', () => {
  const target = () => `localhost:${mtls.port}`;
  const env = { KEY_PASS: TEST_PASSPHRASE };

  it('calls an mTLS server with --pfx and --pass-env', async () => {
    const run = await runFerry(['call', '--cacert', certs.path('ca-cert'), '--pfx', certs.path('client-bundle'), '--pass-env', 'KEY_PASS', target(), ECHO, '-d', '{"message":"p12"}'], { env });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ message: 'p12' });
  });

  it('calls it with an encrypted --key and its passphrase', async () => {
    const run = await runFerry(['call', '--cacert', certs.path('ca-cert'), '--cert', certs.path('client-cert'), '--key', certs.path('client-key-encrypted'), '--pass-env', 'KEY_PASS', target(), ECHO, '-d', '{"message":"pem"}'], { env });
    expect(JSON.parse(run.stdout)).toEqual({ message: 'pem' });
  });

  it('says what is missing, in flags, never printing the passphrase (bad input, exit 2)', async () => {
    const bundle = certs.path('client-bundle');
    const missing = await runFerry(['call', '--cacert', certs.path('ca-cert'), '--pfx', bundle, target(), ECHO]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`ferry: PKCS#12 bundle ${bundle} is protected by a passphrase; pass --pass-env NAME, NAME being the environment variable that holds its passphrase\n`);
    const wrong = await runFerry(['call', '--cacert', certs.path('ca-cert'), '--pfx', bundle, '--pass-env', 'KEY_PASS', target(), ECHO], { env: { KEY_PASS: 'not-it-9' } });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe(`ferry: the passphrase does not unlock PKCS#12 bundle ${bundle}\n`);
    expect(wrong.stderr).not.toContain('not-it-9');
    const unset = await runFerry(['call', '--pfx', bundle, '--pass-env', 'NO_SUCH_VAR_X', target(), ECHO]);
    expect(unset.stderr).toBe('ferry: --pass-env NO_SUCH_VAR_X: the environment variable NO_SUCH_VAR_X is not set (it holds the passphrase of --key or --pfx)\n');
    const both = await runFerry(['call', '--pfx', bundle, '--cert', certs.path('client-cert'), '--key', certs.path('client-key'), target(), ECHO]);
    expect(both.stderr).toBe('ferry: --pfx holds the certificate and its key: give it, or --cert and --key, not both\n');
    expect(hasStackTrace(missing.stderr + wrong.stderr + unset.stderr + both.stderr)).toBe(false);
  });
});
