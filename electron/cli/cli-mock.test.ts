/** `ferry mock` through the binary: served, called with `ferry call` (by .proto files and by reflection), each call printed, stopped by Ctrl+C. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../engine/testing/bench-server';
import { makeTestCertificates } from '../engine/testing/make-certs';
import { FERRY_BIN, hasStackTrace, runFerry } from './cli-test-kit';
import { tempDir } from '../../tests/kit/temp-dir';
import { until } from '../../tests/kit/until';

const FILES = ['--proto', join(BENCH_PROTO_ROOT, BENCH_PROTO_FILE), '-I', BENCH_PROTO_ROOT];
const RESPONSES = {
  'ferry.testing.v1.Bench/Echo': [
    { when: { message: 'vip' }, metadata: { 'x-tier': 'gold' }, response: { message: 'welcome' } },
    { when: { message: 'hi' }, response: { message: 'mocked' } },
  ],
  'Bench/Bidi': { responses: [{ message: 'one' }, { message: 'two' }] },
  'Bench/Slow': { response: { message: 'slept {{request.delayMs}} ms', index: '{{request.delay_ms}}' } },
  'Bench/ServerStream': { responses: [{ message: 'a' }, { message: 'b', index: 1 }], headers: { 'x-stream': 'yes' }, trailers: { 'x-count': '2' } },
  'Bench/Fail': {
    headers: { 'x-order': '{{request.message}}' },
    trailers: { 'x-cost': '3', 'x-trace-bin': 'AAEC/w==' },
    status: {
      code: 'NOT_FOUND',
      message: 'no such order',
      details: [
        { '@type': 'type.googleapis.com/google.rpc.ResourceInfo', resourceType: 'order', resourceName: 'o-404' },
        { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'orders', url: 'https://example.com/orders' }] },
      ],
    },
  },
};

describe('ferry mock', () => {
  let mock: ChildProcessWithoutNullStreams;
  let target: string;
  let responses: string;
  const printed: string[] = [];
  const said: string[] = [];
  const call = (...args: string[]) => runFerry(['call', '--plaintext', target, ...FILES, ...args]);

  beforeAll(async () => {
    responses = join(tempDir('ferry-mock-'), 'mock.json');
    writeFileSync(responses, JSON.stringify(RESPONSES));
    mock = spawn(process.execPath, [FERRY_BIN, 'mock', ...FILES, '--responses', responses], { env: { ...process.env, FERRY_TRACE: '', XDG_DATA_HOME: tempDir('ferry-mock-home-') } });
    createInterface({ input: mock.stdout }).on('line', (line) => printed.push(line));
    const first = await new Promise<string>((resolve) => createInterface({ input: mock.stderr }).on('line', (line) => said.push(line)).once('line', resolve));
    expect(first).toMatch(/^ferry mock: 7 methods of 1 service on 127\.0\.0\.1:\d+ \(plaintext; Ctrl\+C stops\)$/);
    target = `127.0.0.1:${/:(\d+) /.exec(first)![1]}`;
  });
  afterAll(() => {
    mock.kill();
  });

  it('answers each method as the responses file says, and prints each call it gets', async () => {
    const echo = await call('Bench/Echo', '-d', '{"message": "hi"}', '-H', 'x-tenant: acme');
    expect(echo).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(echo.stdout)).toEqual({ message: 'mocked' });
    const stream = await call('Bench/ServerStream', '--format', 'ndjson');
    expect(stream.stdout).toBe('{"message":"a"}\n{"message":"b","index":1}\n');
    const failed = await call('Bench/Fail', '-d', '{"code": 3}');
    expect(failed.code).toBe(64 + 5);
    expect(failed.stderr).toContain('no such order');
    // A method the file leaves out answers its response type's example.
    const inspect = await call('Bench/Inspect');
    expect(inspect.code).toBe(0);
    expect(JSON.parse(inspect.stdout)).toMatchObject({ tags: [''] });
    await until(() => printed.length >= 4, 'four calls printed');
    const calls = printed.map((line) => JSON.parse(line) as { method: string; metadata: Record<string, string>; requests: unknown[]; status: string });
    expect(calls[0]).toMatchObject({ method: 'ferry.testing.v1.Bench/Echo', requests: [{ message: 'hi' }], status: 'OK', metadata: { 'x-tenant': 'acme' } });
    expect(calls.map((c) => [c.method.split('/')[1], c.status])).toEqual([['Echo', 'OK'], ['ServerStream', 'OK'], ['Fail', 'NOT_FOUND'], ['Inspect', 'OK']]);
  });

  it('sends a case\'s headers before its answer and its trailers with the status, with the status\'s rich details (ferry call -v prints them)', async () => {
    const failed = await call('Bench/Fail', '-d', '{"code": 3, "message": "o-404"}', '-v');
    expect(failed.code).toBe(64 + 5);
    const [headers, trailers] = failed.stderr.split('Response trailers:');
    expect(headers).toContain('Response headers:\n');
    expect(headers).toContain('\n  x-order: o-404\n');
    expect(trailers).toContain('\n  x-cost: 3\n');
    expect(trailers).toContain('\n  x-trace-bin: AAEC/w==\n');
    expect(failed.stderr).toContain('ERROR: NOT_FOUND (5): no such order\n');
    expect(failed.stderr).toContain('  detail 1: google.rpc.ResourceInfo {"resourceType":"order","resourceName":"o-404"}\n');
    expect(failed.stderr).toContain('  detail 2: google.rpc.Help {"links":[{"description":"orders","url":"https://example.com/orders"}]}\n');
    const stream = await call('Bench/ServerStream', '-v', '--format', 'ndjson');
    expect(stream).toMatchObject({ code: 0, stdout: '{"message":"a"}\n{"message":"b","index":1}\n' });
    expect(stream.stderr.split('Response trailers:')[0]).toContain('\n  x-stream: yes\n');
    expect(stream.stderr.split('Response trailers:')[1]).toContain('\n  x-count: 2\n');
  });

  it('serves reflection, so a client needs no .proto files: ferry list, describe and call, and grpcurl\'s list', async () => {
    const listed = await runFerry(['list', '--plaintext', target]);
    expect(listed).toMatchObject({ code: 0, stdout: 'ferry.testing.v1.Bench\n' });
    const described = await runFerry(['describe', '--plaintext', target, 'ferry.testing.v1.Everything']);
    expect(described.stdout).toContain('message Everything {');
    const called = await runFerry(['call', '--plaintext', target, 'ferry.testing.v1.Bench/Echo', '-d', '{"message": "hi"}']);
    expect(JSON.parse(called.stdout)).toEqual({ message: 'mocked' });
    const grpcurl = await runFerry(['-plaintext', target, 'list']);
    expect(grpcurl.stdout).toBe('ferry.testing.v1.Bench\ngrpc.reflection.v1.ServerReflection\ngrpc.reflection.v1alpha.ServerReflection\n');
  });

  it('answers each message of a bidi stream with the next response, and ends when the client does', async () => {
    const bidi = await runFerry(['call', '--plaintext', target, ...FILES, 'Bench/Bidi', '-d', '@-', '--format', 'ndjson'], { stdin: '{"message": "x"} {"message": "y"} {"message": "z"}' });
    expect(bidi.code).toBe(0);
    expect(bidi.stdout).toBe('{"message":"one"}\n{"message":"two"}\n{"message":"one"}\n');
  });

  it('fills {{request.field}} in a response from each call\'s request', async () => {
    const slow = await call('Bench/Slow', '-d', '{"delayMs": 3}');
    expect(JSON.parse(slow.stdout)).toEqual({ message: 'slept 3 ms', index: 3 });
  });

  it('answers with the first case the request and its metadata match, and says so when none does', async () => {
    const gold = await call('Bench/Echo', '-d', '{"message": "vip"}', '-H', 'x-tier: gold');
    expect(JSON.parse(gold.stdout)).toEqual({ message: 'welcome' });
    const plain = await call('Bench/Echo', '-d', '{"message": "vip"}');
    expect(plain.code).toBe(64 + 12);
    expect(plain.stderr).toContain('ferry mock: no answer of ferry.testing.v1.Bench/Echo matches this call (2 given)');
  });

  it('reads the responses file again when it changes, and keeps the answers it had when the new one does not read', async () => {
    writeFileSync(responses, JSON.stringify({ Inspect: { status: { code: 'UNAVAILABLE', message: 'down for maintenance' } } }));
    await until(async () => (await call('Bench/Inspect')).stderr.includes('down for maintenance'), 'the new answer');
    writeFileSync(responses, '{ "Inspect": { "respons": {} } }');
    await until(() => said.some((line) => line.includes('unknown field "respons"') && line.endsWith('the answers before it stay')), 'the refusal');
    expect((await call('Bench/Inspect')).stderr).toContain('down for maintenance');
  });

  it('refuses a responses file that would not answer, naming its line, and a mock without a schema', async () => {
    const bad = join(tempDir('ferry-mock-bad-'), 'mock.json');
    writeFileSync(bad, '{\n  "Echo": { "response": { "mesage": "x" } }\n}\n');
    const refused = await runFerry(['mock', ...FILES, '--responses', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${bad}:2: `);
    expect(refused.stderr).toContain('unknown field "mesage"');
    expect(hasStackTrace(refused.stderr)).toBe(false);
    const bare = await runFerry(['mock']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('ferry mock serves the methods of --proto files, a --protoset, or what a SERVER offers by reflection');
    const both = await runFerry(['mock', ...FILES, '127.0.0.1:1']);
    expect(both.stderr).toContain('not both');
    // A port in use is named with the socket's own reason, and nothing else is printed.
    const taken = await runFerry(['mock', ...FILES, '--port', target.split(':')[1]!]);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toBe(`ferry: cannot listen on ${target}: listen EADDRINUSE: address already in use ${target}\n`);
  });

  it('stands in for a server whose schema it read by reflection (here, another mock\'s)', async () => {
    const mirror = spawn(process.execPath, [FERRY_BIN, 'mock', '--plaintext', target], { env: { ...process.env, FERRY_TRACE: '', XDG_DATA_HOME: tempDir('ferry-mock-home-') } });
    try {
      const line = await new Promise<string>((resolve) => createInterface({ input: mirror.stderr }).once('line', resolve));
      expect(line).toMatch(/^ferry mock: 7 methods of 1 service on 127\.0\.0\.1:\d+ /);
      const mirrored = `127.0.0.1:${/:(\d+) /.exec(line)![1]}`;
      const listed = await runFerry(['list', '--plaintext', mirrored]);
      expect(listed.stdout).toBe('ferry.testing.v1.Bench\n');
      const echo = await runFerry(['call', '--plaintext', mirrored, 'ferry.testing.v1.Bench/Echo', '-d', '{"message": "hi"}']);
      expect(echo.code).toBe(0);
    } finally {
      mirror.kill();
    }
  });

  it('serves TLS with --tls-cert and --tls-key, and names files that make no TLS server', async () => {
    const certs = makeTestCertificates();
    try {
      const tls = spawn(process.execPath, [FERRY_BIN, 'mock', ...FILES, '--tls-cert', certs.path('server-cert'), '--tls-key', certs.path('server-key')], { env: { ...process.env, FERRY_TRACE: '', XDG_DATA_HOME: tempDir('ferry-mock-home-') } });
      try {
        const line = await new Promise<string>((resolve) => createInterface({ input: tls.stderr }).once('line', resolve));
        expect(line).toMatch(/ \(TLS; Ctrl\+C stops\)$/);
        const secured = `127.0.0.1:${/:(\d+) /.exec(line)![1]}`;
        const listed = await runFerry(['list', '--cacert', certs.path('ca-cert'), secured]);
        expect(listed).toMatchObject({ code: 0, stdout: 'ferry.testing.v1.Bench\n' });
      } finally {
        tls.kill();
      }
      const mismatched = await runFerry(['mock', ...FILES, '--tls-cert', certs.path('server-cert'), '--tls-key', certs.path('client-key')]);
      expect(mismatched.code).toBe(2);
      expect(mismatched.stderr).toContain(`--tls-cert ${certs.path('server-cert')} and --tls-key ${certs.path('client-key')} do not make a TLS server`);
      const half = await runFerry(['mock', ...FILES, '--tls-cert', certs.path('server-cert')]);
      expect(half.stderr).toContain('--tls-cert and --tls-key go together: give the key too');
    } finally {
      certs.dispose();
    }
  });

  it('serves the same answers to gRPC-Web and Connect clients on --web-port, each call printed with its protocol', async () => {
    const webResponses = join(tempDir('ferry-mock-web-'), 'mock.json');
    writeFileSync(webResponses, JSON.stringify(RESPONSES));
    const web = spawn(process.execPath, [FERRY_BIN, 'mock', ...FILES, '--responses', webResponses, '--web-port', '0'], { env: { ...process.env, FERRY_TRACE: '', XDG_DATA_HOME: tempDir('ferry-mock-home-') } });
    const lines: string[] = [];
    createInterface({ input: web.stdout }).on('line', (line) => lines.push(line));
    try {
      const started = await new Promise<string>((resolve) => createInterface({ input: web.stderr }).once('line', resolve));
      const ports = /^ferry mock: 7 methods of 1 service on 127\.0\.0\.1:(\d+) and http:\/\/127\.0\.0\.1:(\d+) for gRPC-Web and Connect \(plaintext; Ctrl\+C stops\)$/.exec(started);
      expect(ports, started).not.toBeNull();
      const url = `http://127.0.0.1:${ports![2]}`;
      const connect = await runFerry(['call', '--protocol', 'connect', '--codec', 'json', url, 'Bench/ServerStream', '--format', 'ndjson', ...FILES]);
      expect(connect).toMatchObject({ code: 0, stdout: '{"message":"a"}\n{"message":"b","index":1}\n', stderr: '' });
      const text = await runFerry(['call', '--protocol', 'grpc-web-text', url, 'Bench/Fail', '-d', '{"code": 3}', ...FILES]);
      expect(text.code).toBe(64 + 5);
      expect(text.stderr).toContain('no such order');
      // h2c on the same port: a bidi stream, each request answered with the next response.
      const bidi = await runFerry(['call', '--protocol', 'grpc-web', '--http2', url, 'Bench/Bidi', '-d', '@-', '--format', 'ndjson', ...FILES], { stdin: '{"message": "x"} {"message": "y"}' });
      expect(bidi).toMatchObject({ code: 0, stdout: '{"message":"one"}\n{"message":"two"}\n' });
      // Server reflection on the web port too (a bidi method: HTTP/2), so a web client needs no .proto files.
      const listed = await runFerry(['list', '--protocol', 'connect', '--http2', url]);
      expect(listed).toMatchObject({ code: 0, stdout: 'ferry.testing.v1.Bench\n' });
      await until(() => lines.length >= 3, 'three calls printed');
      expect(lines.slice(-3).map((line) => JSON.parse(line) as { method: string; status: string; protocol: string })).toEqual([
        { method: 'ferry.testing.v1.Bench/ServerStream', metadata: expect.any(Object), requests: [{}], status: 'OK', protocol: 'connect' },
        { method: 'ferry.testing.v1.Bench/Fail', metadata: expect.any(Object), requests: [{ code: 3 }], status: 'NOT_FOUND', protocol: 'grpc-web-text' },
        { method: 'ferry.testing.v1.Bench/Bidi', metadata: expect.any(Object), requests: [{ message: 'x' }, { message: 'y' }], status: 'OK', protocol: 'grpc-web' },
      ]);
      // A web port in use is named as a gRPC one is, and the gRPC port it had taken is let go.
      const taken = await runFerry(['mock', ...FILES, '--web-port', ports![2]!]);
      expect(taken).toMatchObject({ code: 2, stderr: `ferry: cannot listen on 127.0.0.1:${ports![2]}: listen EADDRINUSE: address already in use 127.0.0.1:${ports![2]}\n` });
    } finally {
      web.kill();
    }
    const help = await runFerry(['mock', '--help']);
    expect(help.stdout).toContain('--web-port N              also serve the same methods and answers to browsers on port N');
  });

  it('stops on Ctrl+C', async () => {
    const stopping = spawn(process.execPath, [FERRY_BIN, 'mock', ...FILES], { env: { ...process.env, FERRY_TRACE: '', XDG_DATA_HOME: tempDir('ferry-mock-home-') } });
    await new Promise((resolve) => createInterface({ input: stopping.stderr }).once('line', resolve));
    const exited = new Promise<number | null>((resolve) => stopping.on('close', resolve));
    stopping.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
