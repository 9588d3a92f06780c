import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT, startBenchServer, type BenchServer } from '../../engine/testing/bench-server';
import { makeTestCertificates, type TestCertificates } from '../../engine/testing/make-certs';
import { hasStackTrace, runFerry, type FerryRun } from '../cli-test-kit';
import { GRPCURL_TABLE, type GrpcurlCase, type TableContext } from './grpcurl-table';

/**
 * grpcurl command lines as scripts and runbooks write them, run through the real `ferry` binary against
 * bench servers. Expected outputs are what grpcurl prints for the same server (its source and tests:
 * cmd/grpcurl/grpcurl.go, format.go, desc_source.go, jhump/protoreflect's protoprint and dynamic JSON).
 */

let dir: string;
let certs: TestCertificates;
const servers: Record<string, BenchServer> = {};
let context: TableContext;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ferry-grpcurl-'));
  certs = makeTestCertificates();
  const [plain, tls, mtls, noReflection, guarded, unix] = await Promise.all([
    startBenchServer(),
    startBenchServer({ tls: { cert: certs.serverCert, key: certs.serverKey } }),
    startBenchServer({ tls: { cert: certs.serverCert, key: certs.serverKey, clientCa: certs.caCert } }),
    startBenchServer({ reflection: 'none' }),
    startBenchServer({ reflectionRequires: { key: 'authorization', value: 'Bearer s3cret' } }),
    startBenchServer({ unixSocket: join(dir, 'bench.sock') }),
  ]);
  Object.assign(servers, { plain, tls, mtls, noReflection, guarded, unix });
  writeFileSync(join(dir, 'request.json'), '{"message": "from a file"}');
  const protoset = join(dir, 'bench.protoset');
  execFileSync('protoc', [`-I${BENCH_PROTO_ROOT}`, '--include_imports', `-o${protoset}`, BENCH_PROTO_FILE]);
  context = {
    addr: plain.target,
    tlsAddr: tls.target,
    mtlsAddr: mtls.target,
    noReflectionAddr: noReflection.target,
    guardedAddr: guarded.target,
    socket: join(dir, 'bench.sock'),
    protoRoot: BENCH_PROTO_ROOT,
    protoset,
    dir,
    ca: certs.path('ca-cert'),
    cert: certs.path('client-cert'),
    key: certs.path('client-key'),
  };
});

afterAll(async () => {
  await Promise.all(Object.values(servers).map((server) => server.close()));
  certs.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function check(run: FerryRun, test: GrpcurlCase): void {
  const expected = test.expect(context);
  if (expected.stdout !== undefined) {
    if (typeof expected.stdout === 'string') expect(run.stdout).toBe(expected.stdout);
    else expect(run.stdout).toMatch(expected.stdout);
  }
  if (expected.stderr !== undefined) {
    if (typeof expected.stderr === 'string') expect(run.stderr).toBe(expected.stderr);
    else expect(run.stderr).toMatch(expected.stderr);
  }
  expect(run.code).toBe(expected.code);
  expect(hasStackTrace(run.stderr)).toBe(false);
}

describe('grpcurl command lines, as written in scripts', () => {
  it('has at least 40 of them', () => {
    expect(GRPCURL_TABLE.length).toBeGreaterThanOrEqual(40);
  });

  for (const test of GRPCURL_TABLE) {
    it(test.name, async () => {
      const run = await runFerry(test.args(context), { ...(test.stdin && { stdin: test.stdin }), ...(test.env && { env: test.env }) });
      check(run, test);
      test.after?.(context, run);
    });
  }
});
