import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../engine/testing/bench-server';
import { serializeRequestFile } from '../engine/workspace';
import { sampleRequest } from '../engine/workspace/workspace-test-kit';
import { startConnectBenchServer, type ConnectBenchServer } from '../engine/testing/connect-bench-server';
import { hasStackTrace, runFerry } from './cli-test-kit';
import { tempDir } from '../../tests/kit/temp-dir';

const ECHO = 'ferry.testing.v1.Bench/Echo';
const PROTO = ['--proto', 'ferry/testing/v1/bench.proto', '-I', 'electron/engine/testing/protos'];

describe('ferry call and list over gRPC-Web and Connect (a connect-node server)', () => {
  let server: ConnectBenchServer;
  let prefixed: ConnectBenchServer;
  beforeAll(async () => {
    [server, prefixed] = await Promise.all([startConnectBenchServer(), startConnectBenchServer({ pathPrefix: '/api/rpc', reflection: false })]);
  });
  afterAll(() => Promise.all([server.close(), prefixed.close()]));

  it('gRPC-Web to an http:// URL (plaintext, HTTP/1.1); -v names the protocol and HTTP version', async () => {
    // connect-node serves reflection only over HTTP/2, so the schema comes from the .proto file here.
    const run = await runFerry(['call', '--protocol', 'grpc-web', server.url('1.1'), ECHO, '-d', '{"message":"web"}', '-H', 'x-id: 7', '-v', ...PROTO]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ message: 'web' });
    expect(run.stderr).toContain('echo-x-id: 7');
    expect(run.stderr).toContain('Protocol: grpc-web over HTTP/1.1');
  });

  it('Connect over HTTP/2 with a server stream, one message per line', async () => {
    const run = await runFerry(['call', '--protocol', 'connect', '--http2', server.url('2'), 'ferry.testing.v1.Bench/ServerStream', '-d', '{"message":"s","count":3}', '--format', 'ndjson', '-v']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { index?: number })).toEqual([{ message: 's' }, { message: 's', index: 1 }, { message: 's', index: 2 }]);
    expect(run.stderr).toContain('Protocol: connect (proto) over HTTP/2');
  });

  it('Connect with the json codec: a rich error, its details and the exit status 64 + code', async () => {
    const run = await runFerry(['call', '--protocol', 'connect', '--codec', 'json', '--http2', server.url('2'), 'ferry.testing.v1.Bench/Fail', '-d', '{"code":5,"message":"gone"}']);
    expect(run.code).toBe(64 + 5);
    expect(run.stderr).toContain('ERROR: NOT_FOUND (5): gone');
    expect(run.stderr).toContain('google.rpc.ErrorInfo {"reason":"BENCH_FAILURE"');
  });

  it('grpc-web-text through @grpc-web/middleware', async () => {
    const run = await runFerry(['call', '--protocol', 'grpc-web-text', server.proxyUrl('1.1'), ECHO, '-d', '{"message":"text"}']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ message: 'text' });
  });

  it('keeps the URL path as a prefix in front of the method', async () => {
    const run = await runFerry(['call', '--protocol', 'connect', prefixed.url('1.1'), ECHO, '-d', '{"message":"prefixed"}', ...PROTO]);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ message: 'prefixed' });
    const without = await runFerry(['call', '--protocol', 'connect', prefixed.url('1.1').replace('/api/rpc', ''), ECHO, '-d', '{}', ...PROTO]);
    expect(without.code).toBe(64 + 12);
    expect(without.stderr).toContain('check the path prefix');
  });

  it('ferry list by reflection over gRPC-Web (HTTP/2)', async () => {
    const run = await runFerry(['list', '--protocol', 'grpc-web', '--http2', server.url('2')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ferry.testing.v1.Bench');
  });

  it('a bidi call over HTTP/1.1 fails before sending, naming what would work', async () => {
    const run = await runFerry(['call', '--protocol', 'connect', '--http1', server.url('1.1'), 'ferry.testing.v1.Bench/Bidi', '-d', '{"message":"a"}', ...PROTO]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('connect cannot carry client or bidi streams over HTTP/1.1; use HTTP/2 (--http2), or call it with --protocol grpc');
    expect(hasStackTrace(run.stderr)).toBe(false);
  });

  it.each([
    [['--protocol', 'grpcweb'], '--protocol must be one of grpc, grpc-web, grpc-web-text, connect, not "grpcweb"'],
    [['--http1'], 'gRPC needs HTTP/2'],
    [['--protocol', 'grpc-web', '--codec', 'json'], '--codec applies to --protocol connect only'],
    [['--protocol', 'connect', '--http1', '--http2'], '--http1 and --http2 cannot be combined'],
  ])('bad protocol flags %j: exit 2 and one line', async (flags, message) => {
    const run = await runFerry(['call', ...flags, '--plaintext', '127.0.0.1:1', ECHO]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(hasStackTrace(run.stderr)).toBe(false);
  });

  it('a URL target without a web protocol says to add one', async () => {
    const run = await runFerry(['call', 'https://api.example.com', ECHO]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('needs a web protocol: add --protocol grpc-web, grpc-web-text or connect');
  });

  it('ferry run sends a saved request over the protocol its file names', async () => {
    const root = tempDir();
    const request = sampleRequest({
      name: 'over connect',
      target: server.url('2'),
      protocol: 'connect',
      httpVersion: '2',
      tls: { mode: 'plaintext' },
      schema: { kind: 'proto-files', files: [join(BENCH_PROTO_ROOT, BENCH_PROTO_FILE)], importPaths: [BENCH_PROTO_ROOT] },
      method: 'ferry.testing.v1.Bench/Echo',
      metadata: [],
      messages: ['{"message": "saved"}'],
      assertions: [{ type: 'jsonPath', path: '$.message', op: 'equals', expected: 'saved' }],
    });
    writeFileSync(join(root, 'echo.ferry.json'), serializeRequestFile(request));
    const run = await runFerry(['run', root, '--reporter', 'json']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('over connect');
  });
});
