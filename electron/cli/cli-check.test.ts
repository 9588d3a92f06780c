/**
 * `ferry check` through the real binary: a plaintext bench server, a closed port, a TLS server with and
 * without its CA, a proxy, and the JSON report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionCheck } from '../../shared/model';
import { startBenchServer, type BenchServer } from '../engine/testing/bench-server';
import { startConnectProxy, type ConnectProxy } from '../engine/testing/connect-proxy';
import { makeTestCertificates, type TestCertificates } from '../engine/testing/make-certs';
import { hasStackTrace, runFerry } from './cli-test-kit';

let plain: BenchServer;
let secure: BenchServer;
let certs: TestCertificates;
let proxy: ConnectProxy;

beforeAll(async () => {
  certs = makeTestCertificates();
  [plain, secure, proxy] = await Promise.all([startBenchServer(), startBenchServer({ tls: { cert: certs.serverCert, key: certs.serverKey } }), startConnectProxy()]);
});
afterAll(async () => {
  await Promise.all([plain.close(), secure.close(), proxy.close()]);
  certs.dispose();
});

describe('ferry check', () => {
  it('reports every step of a plaintext server by reflection, exit 0', async () => {
    const run = await runFerry(['check', '--plaintext', plain.target]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ferry check 127\.0\.0\.1:\d+\n/);
    expect(run.stdout).toMatch(/\n {2}ok {4}tcp {9}/);
    expect(run.stdout).toMatch(/\n {2}ok {4}http2 {7}/);
    expect(run.stdout).toMatch(/\n {2}ok {4}reflection/);
    expect(run.stdout.endsWith(`${plain.target}: every check passed\n`)).toBe(true);
  });

  it('fails at TCP for a closed port, saying what to check, exit 1 without a stack trace', async () => {
    const run = await runFerry(['check', '--plaintext', '127.0.0.1:1']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/\n {2}FAIL {2}tcp {9}.*\n {20}check the address and port/);
    expect(run.stdout).toMatch(/\n {2}-- {4}reflection/);
    expect(hasStackTrace(run.stdout + run.stderr)).toBe(false);
  });

  it('shows the chain a TLS server sent; untrusted without --cacert, trusted with it', async () => {
    const target = `localhost:${secure.port}`;
    const untrusted = await runFerry(['check', target]);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stdout).toMatch(/\n {2}FAIL {2}tls {9}.*\n {20}.*--cacert/);
    expect(untrusted.stdout).toMatch(/certificate chain \(TLSv1\.[23], .*ALPN h2; not trusted for localhost/);
    expect(untrusted.stdout).toContain('  server: CN=localhost\n    issued by CN=Ferry Test CA\n    names DNS:localhost, DNS:bench.ferry.test, IP:127.0.0.1\n');
    const trusted = await runFerry(['check', '--cacert', certs.path('ca-cert'), target, '--format', 'json']);
    expect(trusted.code).toBe(0);
    const check = JSON.parse(trusted.stdout) as ConnectionCheck;
    expect(check.tls).toMatchObject({ alpn: 'h2', serverName: 'localhost', trusted: true });
    expect(check.tls!.chain[0]).toMatchObject({ subject: 'CN=localhost', issuer: 'CN=Ferry Test CA', selfSigned: false });
    expect(check.steps.find((step) => step.step === 'tls')?.outcome).toMatch(/^(ok|warning)$/);
  });

  it('goes through --proxy, and names a malformed one before dialing (exit 2)', async () => {
    const before = proxy.tunnels.length;
    const run = await runFerry(['check', '--plaintext', '--proxy', proxy.url, plain.target, '--format', 'json']);
    const check = JSON.parse(run.stdout) as ConnectionCheck;
    expect(check.steps.find((step) => step.step === 'proxy')).toMatchObject({ outcome: 'ok' });
    expect(proxy.tunnels.slice(before)).toContain(plain.target);
    const bad = await runFerry(['check', '--plaintext', '--proxy', 'https://p:1', plain.target]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('ferry: --proxy: https:// proxies are not supported; Ferry speaks to HTTP proxies (http://host:port), which tunnel TLS with CONNECT\n');
  });
});
