import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT, startBenchServer, type BenchServer } from '../engine/testing/bench-server';
import { grpcAnswers, startHttp2Server, type SeenRequest } from '../engine/testing/hostile-servers';
import { FERRY_BIN, hasStackTrace, runFerry } from './cli-test-kit';
import { tempDir } from '../../tests/kit/temp-dir';

const ECHO = 'ferry.testing.v1.Bench/Echo';

describe('ferry call (reflection, plaintext)', () => {
  let server: BenchServer;
  const call = (...args: string[]) => runFerry(['call', '--plaintext', server.target, ...args]);
  beforeAll(async () => {
    server = await startBenchServer();
  });
  afterAll(() => server.close());

  it('makes a unary call and prints indented ProtoJSON', async () => {
    const run = await call(ECHO, '-d', '{"message": "hi"}');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('{\n  "message": "hi"\n}\n');
  });

  it('accepts the pkg.Service.Method spelling', async () => {
    const run = await call('ferry.testing.v1.Bench.Echo', '-d', '{"message": "dot"}');
    expect(JSON.parse(run.stdout)).toEqual({ message: 'dot' });
  });

  it('accepts a method without its package (Service/Method, Method), unary calls included', async () => {
    for (const method of ['Bench/Echo', 'Echo']) {
      const run = await call(method, '-d', '{"message": "short"}');
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(run.stdout)).toEqual({ message: 'short' });
    }
  });

  it('by reflection, fetches the called service alone when the name is full, and lists services otherwise', async () => {
    const traced = (method: string) => runFerry(['call', '--plaintext', server.target, method, '-d', '{}'], { env: { FERRY_TRACE: 'reflection' } });
    const full = await traced(ECHO);
    expect(full.code).toBe(0);
    expect(full.stderr).toContain('files for ferry.testing.v1.Bench');
    expect(full.stderr).not.toMatch(/\d+ services/);
    const partial = await traced('Bench/Echo');
    expect(partial.code).toBe(0);
    expect(partial.stderr).toMatch(/v1: 1 services/);
    const unknown = await traced('ferry.testing.v1.Missing/Echo');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('ferry.testing.v1.Missing not found, listing services');
  });

  it('keeps unquoted 64-bit integers exact and prints them as strings', async () => {
    const run = await call('ferry.testing.v1.Bench/Inspect', '-d', '{"int64Value": 9007199254740993, "uint64_value": 18446744073709551615}');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ int64Value: '9007199254740993', uint64Value: '18446744073709551615' });
  });

  it('--emit-defaults prints fields at their default values', async () => {
    const plain = await call(ECHO, '-d', '{}');
    expect(JSON.parse(plain.stdout)).toEqual({});
    const run = await call(ECHO, '-d', '{}', '--emit-defaults');
    expect(JSON.parse(run.stdout)).toMatchObject({ message: '', index: 0, payload: '' });
  });

  it('streams server responses as ndjson, one per line', async () => {
    const run = await call('ferry.testing.v1.Bench/ServerStream', '-d', '{"message":"s","count":3}', '--format', 'ndjson');
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n').map((line) => JSON.parse(line).index ?? 0)).toEqual([0, 1, 2]);
  });

  it('sends a sequence of messages on a client stream from a file', async () => {
    const dir = tempDir('ferry-cli-');
    const file = join(dir, 'messages.json');
    writeFileSync(file, '{"message": "a"}\n{"message": "b"}\n{"message": "c"}\n');
    const run = await call('ferry.testing.v1.Bench/ClientStream', '-d', `@${file}`);
    expect(JSON.parse(run.stdout)).toEqual({ message: 'a,b,c', index: 3 });
  });

  it('reads bidi messages from standard input with -d @-', async () => {
    const run = await runFerry(['call', '--plaintext', server.target, 'ferry.testing.v1.Bench/Bidi', '-d', '@-', '--format', 'ndjson'],
      { stdin: '{"message":"x"} {"message":"y"}' });
    expect(run.stdout.trim().split('\n').map((line) => JSON.parse(line).message)).toEqual(['x', 'y']);
  });

  it('sends -H metadata (text and -bin) and -v shows headers, trailers and timings on stderr', async () => {
    const run = await call(ECHO, '-d', '{}', '-H', 'x-team: ferry', '-H', 'x-blob-bin: AAEC', '-v');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Response headers:');
    expect(run.stderr).toContain('echo-x-team: ferry');
    expect(run.stderr).toContain('echo-x-blob-bin: AAEC');
    expect(run.stderr).toContain('trailer-echo-x-team: ferry');
    expect(run.stderr).toMatch(/Timings: headers [\d.]+ ms, first message [\d.]+ ms, total [\d.]+ ms/);
    expect(JSON.parse(run.stdout)).toEqual({});
  });

  it('-v keeps grpcurl\'s order on a terminal: headers, the response, then trailers', async () => {
    // stdout and stderr into one pipe, as a terminal shows them (writes to pipes are synchronous on Linux).
    const merged = await promisify(execFile)('sh', ['-c', 'exec "$@" 2>&1', 'sh', process.execPath, FERRY_BIN, 'call', '--plaintext', server.target, ECHO, '-d', '{"message": "in order"}', '-v'], {
      env: { ...process.env, FERRY_TRACE: '' },
    });
    const at = (text: string) => merged.stdout.indexOf(text);
    expect(at('Response headers:')).toBeGreaterThanOrEqual(0);
    expect(at('"message": "in order"')).toBeGreaterThan(at('Response headers:'));
    expect(at('Response trailers:')).toBeGreaterThan(at('"message": "in order"'));
  });

  it('exits 64 + code with the rich error details on a failed call', async () => {
    const run = await call('ferry.testing.v1.Bench/Fail', '-d', '{"code": 9, "message": "no way"}');
    expect(run.code).toBe(64 + 9);
    expect(run.stderr).toContain('FAILED_PRECONDITION (9): no way');
    expect(run.stderr).toContain('google.rpc.ErrorInfo');
    expect(run.stderr).toContain('BENCH_FAILURE');
    expect(run.stderr).toContain('"retryDelay":"2.500s"');
    expect(hasStackTrace(run.stderr)).toBe(false);
  });

  it('--max-time gives DEADLINE_EXCEEDED (exit 68)', async () => {
    const run = await call('ferry.testing.v1.Bench/Slow', '-d', '{"delayMs": 3000}', '--max-time', '0.2');
    expect(run.code).toBe(64 + 4);
    expect(run.stderr).toContain('DEADLINE_EXCEEDED');
  });

  it('--max-msg-size refuses a larger response with RESOURCE_EXHAUSTED', async () => {
    const run = await call(ECHO, '-d', '{"payloadSize": 5000}', '--max-msg-size', '1000');
    expect(run.code).toBe(64 + 8);
    expect(run.stderr).toMatch(/Received message larger than max \(\d+ vs 1000\): raise the limit with --max-msg-size BYTES \(4 MiB unless set\)\n$/);
  });

  it('grpcurl mode advises -max-msg-sz, in grpcurl\'s words', async () => {
    const run = await runFerry(['-plaintext', '-max-msg-sz', '10000', '-d', '{"payloadSize": 50000}', server.target, ECHO]);
    expect(run.stderr).toMatch(/Message: Received message larger than max \(\d+ vs 10000\): raise the limit with -max-msg-sz BYTES/);
  });

  it('--compress gzip and --keepalive-time reach the wire: the server sees gzip frames and PINGs', async () => {
    const seen: SeenRequest[] = [];
    const raw = await startHttp2Server(grpcAnswers.recording(seen, { afterPing: true }));
    try {
      // The server answers only after a PING: without keepalive the call would end at --max-time.
      const flags = ['--compress', 'gzip', '--keepalive-time', '0.05', '--max-time', '10'];
      const run = await runFerry(['call', '--plaintext', '--proto', BENCH_PROTO_FILE, '-I', BENCH_PROTO_ROOT, raw.target, ECHO, '-d', '{"message":"z"}', ...flags]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(seen[0]!.headers['grpc-encoding']).toBe('gzip');
      expect(seen[0]!.firstFrameCompressed).toBe(true);
      expect(seen[0]!.pings).toBeGreaterThan(0);
    } finally {
      await raw.close();
    }
  });

  it('rejects invalid JSON with line and column, exit 2, nothing sent', async () => {
    const calls = server.stats.calls;
    const run = await call(ECHO, '-d', '{\n  "message": "a",\n  oops\n}');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^ferry: -d:3:3: invalid JSON: /);
    expect(server.stats.calls).toBe(calls);
  });

  it('rejects an unknown field naming its path and its place in the data', async () => {
    const run = await call(ECHO, '-d', '{\n  "payloadSize": 3,\n  "mesage": "typo"\n}');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^ferry: -d:3:3: mesage: unknown field "mesage" in ferry\.testing\.v1\.EchoRequest \(did you mean "message"\?\)/);
    expect(hasStackTrace(run.stderr)).toBe(false);
  });

  it('names the bad message of a -d sequence when it is sent, and cancels the stream', async () => {
    const run = await call('ferry.testing.v1.Bench/ClientStream', '-d', '{"message": "a"} {"mesage": "typo"} {"message": "c"}');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^ferry: -d:1:19: message 2 of 3: mesage: unknown field/m);
    expect(run.stdout).toBe('');
    expect(hasStackTrace(run.stderr)).toBe(false);
  });

  it('refuses several messages for a unary method', async () => {
    const run = await call(ECHO, '-d', '{} {}');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('takes one request message');
  });

  it('names an unknown method', async () => {
    const run = await call('ferry.testing.v1.Bench/Nope');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Nope');
  });

  it('rejects unknown flags and bad values as usage errors', async () => {
    expect((await call(ECHO, '--plaintex')).code).toBe(2);
    expect((await call(ECHO, '--format', 'yaml')).stderr).toContain('--format');
    expect((await call(ECHO, '--max-time', 'soon')).code).toBe(2);
  });

  it('sends -H metadata with reflection too, and --reflect-header only with reflection', async () => {
    const guarded = await startBenchServer({ reflectionRequires: { key: 'x-api-key', value: 'k1' } });
    try {
      const denied = await runFerry(['list', '--plaintext', guarded.target]);
      expect(denied.code).toBe(64 + 16);
      expect(denied.stderr).toContain('UNAUTHENTICATED');
      const viaHeader = await runFerry(['list', '--plaintext', guarded.target, '-H', 'x-api-key: k1']);
      expect(viaHeader.stdout).toContain('ferry.testing.v1.Bench');
      const viaReflectHeader = await runFerry(['call', '--plaintext', guarded.target, ECHO, '-d', '{}', '-v', '--reflect-header', 'x-api-key: k1']);
      expect(viaReflectHeader.code).toBe(0);
      expect(viaReflectHeader.stderr).not.toContain('echo-x-api-key');
    } finally {
      await guarded.close();
    }
  });
});

describe('ferry call: unusual targets and servers', () => {
  it('reaches a server on a unix socket', async () => {
    const socket = join(tempDir('ferry-sock-'), 'bench.sock');
    const server = await startBenchServer({ unixSocket: socket });
    try {
      const run = await runFerry(['call', '--plaintext', `unix://${socket}`, ECHO, '-d', '{"message":"u"}']);
      expect(JSON.parse(run.stdout)).toEqual({ message: 'u' });
    } finally {
      await server.close();
    }
  });

  it('fails clearly when nothing listens (exit 78, UNAVAILABLE)', async () => {
    const server = await startBenchServer();
    const target = server.target;
    await server.close();
    const run = await runFerry(['call', '--plaintext', '--connect-timeout', '2', target, ECHO]);
    expect(run.code).toBe(64 + 14);
    expect(run.stderr).toMatch(/^ferry: .*(cannot connect|cannot reach)/m);
    expect(hasStackTrace(run.stderr)).toBe(false);
  });

  it('says reflection is missing and what to do instead', async () => {
    const server = await startBenchServer({ reflection: 'none' });
    try {
      const run = await runFerry(['call', '--plaintext', server.target, ECHO]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('server does not support reflection; load .proto files or a descriptor set');
    } finally {
      await server.close();
    }
  });
});
