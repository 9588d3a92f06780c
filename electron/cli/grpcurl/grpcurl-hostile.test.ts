/**
 * grpcurl command lines against servers that misbehave on the wire: the call goes through the engine as
 * `ferry call` does, so it gets the same status explanations and header checks, printed in grpcurl's layout.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../../engine/testing/bench-server';
import { grpcAnswers, startHttp2Server, type Http2Answer, type HostileServer } from '../../engine/testing/hostile-servers';
import { hasStackTrace, runFerry } from '../cli-test-kit';

const ECHO = 'ferry.testing.v1.Bench/Echo';
const FROM_FILES = ['-import-path', BENCH_PROTO_ROOT, '-proto', BENCH_PROTO_FILE];

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** `ferry -plaintext -proto … [flags] ADDRESS Echo` against a hostile HTTP/2 server. */
async function callHostile(answer: Http2Answer, flags: string[] = []) {
  server = await startHttp2Server(answer);
  return runFerry(['-plaintext', ...FROM_FILES, ...flags, '-d', '{}', server.target, ECHO], { killAfterMs: 15_000 });
}

describe('grpcurl mode meets a hostile server with the engine’s explanations', () => {
  it('a grpc-status that is not a number ends as Unknown (exit 66)', async () => {
    const run = await callHostile(grpcAnswers.status('abc'));
    expect(run.code).toBe(66);
    expect(run.stderr).toBe('ERROR:\n  Code: Unknown\n  Message: the server sent a grpc-status that is not a number; its message: hostile server\n');
  });

  it('an HTML answer names the content type', async () => {
    const run = await callHostile(grpcAnswers.contentType('text/html', '<html><body>Welcome</body></html>'));
    expect(run.code).toBe(66);
    expect(run.stderr).toMatch(/^ERROR:\n {2}Code: Unknown\n {2}Message: .*answered with content-type "text\/html": it does not speak gRPC/);
    expect(hasStackTrace(run.stderr)).toBe(false);
  });
});

describe('headers in grpcurl mode', () => {
  it('a header HTTP/2 forbids never reaches the server', async () => {
    let streams = 0;
    const run = await callHostile((stream, headers) => {
      streams++;
      grpcAnswers.ok()(stream, headers);
    }, ['-H', 'keep-alive: 300']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^Invalid header: metadata "keep-alive": HTTP\/2 forbids connection-specific headers/);
    expect(streams).toBe(0);
  });

  it('-H user-agent and -user-agent go in front of the connection user agent', async () => {
    let seen: string | undefined;
    const run = await callHostile((stream, headers) => {
      seen = headers['user-agent'];
      grpcAnswers.ok()(stream, headers);
    }, ['-user-agent', 'acme-cli/2.1', '-H', 'User-Agent: acme-script/7']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('{}\n');
    expect(seen).toMatch(/^acme-cli\/2\.1 acme-script\/7 ferry\/\S+ grpc-node-js\/\d/);
  });
});
