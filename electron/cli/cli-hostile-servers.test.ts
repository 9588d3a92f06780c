/** `ferry call` against servers that misbehave on the wire: small hostile servers on 127.0.0.1, the real CLI. */
import { afterEach, describe, expect, it } from 'vitest';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../engine/testing/bench-server';
import { grpcAnswers, startHttp1Server, startHttp2Server, startTcpServer, type HostileServer } from '../engine/testing/hostile-servers';
import { hasStackTrace, runFerry } from './cli-test-kit';

const ECHO = 'ferry.testing.v1.Bench/Echo';
const FROM_FILES = ['--proto', BENCH_PROTO_FILE, '-I', BENCH_PROTO_ROOT];

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Calls Echo on the hostile server, the schema from files (or by reflection, which meets the same fault). */
async function callHostile(start: Promise<HostileServer>, schema: string[] = FROM_FILES) {
  server = await start;
  return runFerry(['call', '--plaintext', ...schema, server.target, ECHO, '-d', '{}'], { killAfterMs: 15_000 });
}

describe('a server status that is not a gRPC code ends as UNKNOWN (exit 66), without a stack trace', () => {
  it.each([
    ['abc', 'a grpc-status that is not a number'],
    ['99', 'grpc-status 99, which is not a gRPC status code (0-16)'],
    ['-1', 'grpc-status -1, which is not a gRPC status code (0-16)'],
  ])('grpc-status: %s', async (grpcStatus, said) => {
    const run = await callHostile(startHttp2Server(grpcAnswers.status(grpcStatus)));
    expect(run.code).toBe(66);
    expect(run.stderr).toContain(`UNKNOWN (2): the server sent ${said}; its message: hostile server`);
    expect(hasStackTrace(run.stderr)).toBe(false);
  });

  it('the same during reflection', async () => {
    const run = await callHostile(startHttp2Server(grpcAnswers.status('abc')), []);
    expect(run.code).toBe(66);
    expect(run.stderr).toBe('ferry: reflection (v1) failed: UNKNOWN: the server sent a grpc-status that is not a number; its message: hostile server\n');
  });

  it('a compressed message without grpc-encoding', async () => {
    const run = await callHostile(startHttp2Server(grpcAnswers.compressedWithoutEncoding()));
    expect(run.code).toBe(66);
    expect(run.stderr).toContain('a response could not be decompressed');
    expect(hasStackTrace(run.stderr)).toBe(false);
  });
});

describe('something that is not a gRPC server is named as such', () => {
  it('an HTML answer names the content type, not a 1.7 GB message', async () => {
    const run = await callHostile(startHttp2Server(grpcAnswers.contentType('text/html', '<html><body>Welcome</body></html>')));
    expect(run.code).toBe(66);
    expect(run.stderr).toContain(`${server!.target} answered with content-type "text/html": it does not speak gRPC`);
    expect(run.stderr).not.toMatch(/1752460652|larger than max/);
  });

  it('the same during reflection', async () => {
    const run = await callHostile(startHttp2Server(grpcAnswers.contentType('text/html', '<html></html>')), []);
    expect(run.stderr).toContain(`${server!.target} answered with content-type "text/html": it does not speak gRPC`);
  });

  it.each([
    ['an HTTP/1.1 server', () => startHttp1Server(), FROM_FILES],
    ['an HTTP/1.1 server, by reflection', () => startHttp1Server(), []],
    ['a junk TCP server', () => startTcpServer('SSH-2.0-OpenSSH_9.2\r\n'), FROM_FILES],
    ['a junk TCP server, by reflection', () => startTcpServer('220 smtp.example.test ESMTP\r\n'), []],
  ])('%s', async (_what, start, schema) => {
    const run = await callHostile(start(), schema);
    expect(run.code).toBe(64 + 14);
    expect(run.stderr).toContain(`${server!.target} does not speak gRPC (HTTP/2)`);
    expect(run.stderr).not.toMatch(/^ferry: Protocol error$/m);
  });
});

describe('-H user-agent', () => {
  it('becomes the connection user agent, sent in front of grpc-js own', async () => {
    let seen: string | undefined;
    const run = await callHostile(
      startHttp2Server((stream, headers) => {
        seen = headers['user-agent'];
        grpcAnswers.ok()(stream, headers);
      }),
      [...FROM_FILES, '-H', 'User-Agent: acme-cli/2.1'],
    );
    expect(run.code).toBe(0);
    expect(seen).toMatch(/^acme-cli\/2\.1 grpc-node-js\/\d/);
  });
});
