/**
 * `ferry mock SERVER --passthrough` through the binary, in front of a real bench server started here: the
 * responses file answers one case, everything else reaches the server and comes back as it answered.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT, startBenchServer, type BenchServer } from '../engine/testing/bench-server';
import { FERRY_BIN, hasStackTrace, runFerry } from './cli-test-kit';
import { tempDir } from '../../tests/kit/temp-dir';
import { until } from '../../tests/kit/until';

const FILES = ['--proto', join(BENCH_PROTO_ROOT, BENCH_PROTO_FILE), '-I', BENCH_PROTO_ROOT];
const RESPONSES = { 'Bench/Echo': [{ when: { message: 'hi' }, response: { message: 'mocked' } }] };

interface Printed {
  method: string;
  requests: unknown[];
  status: string;
  passthrough?: boolean;
  protocol?: string;
}

/** Starts `ferry mock` with these arguments; resolves with the process and its first line on standard error. */
async function startMock(args: string[], printed: string[] = []): Promise<{ mock: ChildProcessWithoutNullStreams; started: string }> {
  const mock = spawn(process.execPath, [FERRY_BIN, 'mock', ...args], { env: { ...process.env, FERRY_TRACE: '', XDG_DATA_HOME: tempDir('ferry-mock-home-') } });
  createInterface({ input: mock.stdout }).on('line', (line) => printed.push(line));
  const started = await new Promise<string>((resolve) => createInterface({ input: mock.stderr }).once('line', resolve));
  return { mock, started };
}

/** Lines of `ferry call` standard error that say how a call ended: its status and each detail. */
const endLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('ERROR:') || line.startsWith('  detail'));

describe('ferry mock --passthrough', () => {
  let bench: BenchServer;
  let mock: ChildProcessWithoutNullStreams;
  let target: string;
  let webUrl: string;
  const printed: string[] = [];
  const viaMock = (...args: string[]) => runFerry(['call', '--plaintext', target, ...FILES, ...args]);
  const direct = (...args: string[]) => runFerry(['call', '--plaintext', bench.target, ...FILES, ...args]);
  /** The first line printed after the first `seen` for a call of `method` (an earlier test's call may be printed in between). */
  const printedCall = async (seen: number, method: string): Promise<Printed> => {
    const calls = () => printed.slice(seen).map((line) => JSON.parse(line) as Printed).filter((call) => call.method === `ferry.testing.v1.Bench/${method}`);
    await until(() => calls().length > 0, `${method} printed`);
    return calls()[0]!;
  };

  beforeAll(async () => {
    bench = await startBenchServer();
    const responses = join(tempDir('ferry-mock-passthrough-'), 'mock.json');
    writeFileSync(responses, JSON.stringify(RESPONSES));
    const run = await startMock(['--plaintext', bench.target, '--passthrough', '--responses', responses, '--web-port', '0'], printed);
    mock = run.mock;
    const ports = /^ferry mock: 7 methods of 1 service on 127\.0\.0\.1:(\d+) and (http:\/\/127\.0\.0\.1:\d+) for gRPC-Web and Connect \(plaintext; calls no case answers go to (\S+); Ctrl\+C stops\)$/.exec(run.started);
    expect(ports, run.started).not.toBeNull();
    expect(ports![3]).toBe(bench.target);
    target = `127.0.0.1:${ports![1]}`;
    webUrl = ports![2]!;
  });
  afterAll(async () => {
    mock?.kill();
    await bench?.close();
  });

  it('answers a call a case matches itself: the server hears nothing of it', async () => {
    const seen = printed.length;
    const before = bench.stats.calls;
    const echo = await viaMock('Bench/Echo', '-d', '{"message": "hi"}');
    expect(echo).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(echo.stdout)).toEqual({ message: 'mocked' });
    expect(bench.stats.calls).toBe(before);
    expect(await printedCall(seen, 'Echo')).toEqual({ method: 'ferry.testing.v1.Bench/Echo', metadata: expect.any(Object), requests: [{ message: 'hi' }], status: 'OK' });
  });

  it('forwards a unary call no case matches: the server\'s message, headers and trailers, and prints it with "passthrough"', async () => {
    const seen = printed.length;
    const before = bench.stats.calls;
    const echo = await viaMock('Bench/Echo', '-d', '{"message": "real"}', '-H', 'x-tenant: acme', '-H', 'x-blob-bin: AAEC/w==', '-v');
    expect(echo.code).toBe(0);
    expect(JSON.parse(echo.stdout)).toEqual({ message: 'real' });
    expect(bench.stats.calls).toBe(before + 1);
    const [headers, trailers] = echo.stderr.split('Response trailers:');
    expect(headers).toContain('\n  echo-x-tenant: acme\n');
    expect(headers).toContain('\n  echo-x-blob-bin: AAEC/w==\n');
    expect(trailers).toContain('\n  trailer-echo-x-tenant: acme\n');
    expect(await printedCall(seen, 'Echo')).toEqual({ method: 'ferry.testing.v1.Bench/Echo', metadata: expect.objectContaining({ 'x-tenant': 'acme' }), requests: [{ message: 'real' }], status: 'OK', passthrough: true });
  });

  it('forwards a failure with its status, message and rich details as the server sent them', async () => {
    const seen = printed.length;
    const failed = await viaMock('Bench/Fail', '-d', '{"code": 9, "message": "real failure"}');
    const reference = await direct('Bench/Fail', '-d', '{"code": 9, "message": "real failure"}');
    expect(failed.code).toBe(64 + 9);
    expect(endLines(failed.stderr)).toEqual(endLines(reference.stderr));
    expect(endLines(failed.stderr)).toHaveLength(11);
    expect(failed.stderr).toContain('ERROR: FAILED_PRECONDITION (9): real failure\n');
    expect(failed.stderr).toContain('ferry.testing.v1.Node {"name":"custom-detail"}');
    expect(await printedCall(seen, 'Fail')).toMatchObject({ method: 'ferry.testing.v1.Bench/Fail', status: 'FAILED_PRECONDITION', passthrough: true });
  });

  it('forwards server, client and bidi streams, every message and the status', async () => {
    const seen = printed.length;
    const server = await viaMock('Bench/ServerStream', '-d', '{"message": "s", "count": 3}', '--format', 'ndjson');
    expect(server).toMatchObject({ code: 0, stdout: '{"message":"s"}\n{"message":"s","index":1}\n{"message":"s","index":2}\n' });
    const failing = await viaMock('Bench/ServerStream', '-d', '{"message": "s", "count": 3, "fail_after": 1}', '--format', 'ndjson');
    expect(failing).toMatchObject({ code: 64 + 13, stdout: '{"message":"s"}\n' });
    expect(failing.stderr).toContain('failed after 1 responses');
    const clientStream = await runFerry(['call', '--plaintext', target, ...FILES, 'Bench/ClientStream', '-d', '@-'], { stdin: '{"message": "x"} {"message": "y"} {"message": "z"}' });
    expect(clientStream.code).toBe(0);
    expect(JSON.parse(clientStream.stdout)).toEqual({ message: 'x,y,z', index: 3 });
    const bidi = await runFerry(['call', '--plaintext', target, ...FILES, 'Bench/Bidi', '-d', '@-', '--format', 'ndjson'], { stdin: '{"message": "x"} {"message": "y"}' });
    expect(bidi).toMatchObject({ code: 0, stdout: '{"message":"x"}\n{"message":"y","index":1}\n' });
    expect(await printedCall(seen, 'Bidi')).toMatchObject({ method: 'ferry.testing.v1.Bench/Bidi', requests: [{ message: 'x' }, { message: 'y' }], status: 'OK', passthrough: true });
  });

  it('passes the deadline on: one shorter than Slow\'s delay ends DEADLINE_EXCEEDED, and the server\'s call stops', async () => {
    const cancelled = bench.stats.cancelled;
    const slow = await runFerry(['call', '--plaintext', target, ...FILES, 'Bench/Slow', '-d', '{"delay_ms": 5000}', '--max-time', '0.3'], { killAfterMs: 4000 });
    expect(slow.code).toBe(64 + 4);
    await until(() => bench.stats.cancelled > cancelled, 'the server\'s call cancelled');
  });

  it('forwards a Connect call from the web port over gRPC, and answers it in Connect', async () => {
    const seen = printed.length;
    const echo = await fetch(`${webUrl}/ferry.testing.v1.Bench/Echo`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-tenant': 'acme' }, body: '{"message": "browser"}' });
    expect(echo.status).toBe(200);
    expect(await echo.json()).toEqual({ message: 'browser' });
    expect(echo.headers.get('echo-x-tenant')).toBe('acme');
    expect(echo.headers.get('trailer-trailer-echo-x-tenant')).toBe('acme');
    const failed = await fetch(`${webUrl}/ferry.testing.v1.Bench/Fail`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code": 5, "message": "gone"}' });
    expect(failed.status).toBe(404);
    const error = (await failed.json()) as { code: string; message: string; details: Array<{ type: string }> };
    expect(error).toMatchObject({ code: 'not_found', message: 'gone' });
    expect(error.details.map((detail) => detail.type)).toEqual(expect.arrayContaining(['google.rpc.ErrorInfo', 'google.rpc.Help', 'ferry.testing.v1.Node']));
    expect(error.details).toHaveLength(10);
    expect(await printedCall(seen, 'Fail')).toMatchObject({ method: 'ferry.testing.v1.Bench/Fail', status: 'NOT_FOUND', protocol: 'connect', passthrough: true });
  });
});

describe('ferry mock --passthrough-to', () => {
  it('gives UNAVAILABLE naming an upstream that is down, while the cases still answer', async () => {
    const probe = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => probe.once('listening', resolve));
    const down = `127.0.0.1:${(probe.address() as AddressInfo).port}`;
    await new Promise((resolve) => probe.close(resolve));
    const responses = join(tempDir('ferry-mock-down-'), 'mock.json');
    writeFileSync(responses, JSON.stringify(RESPONSES));
    const { mock, started } = await startMock([...FILES, '--plaintext', '--passthrough-to', down, '--responses', responses]);
    try {
      expect(started).toContain(`; calls no case answers go to ${down}; Ctrl+C stops)`);
      const target = `127.0.0.1:${/:(\d+) /.exec(started)![1]}`;
      const failed = await runFerry(['call', '--plaintext', target, ...FILES, 'Bench/Echo', '-d', '{"message": "real"}']);
      expect(failed.code).toBe(64 + 14);
      expect(failed.stderr).toContain(`ferry mock: passthrough upstream ${down} is unavailable: cannot reach ${down}`);
      expect(hasStackTrace(failed.stderr)).toBe(false);
      const answered = await runFerry(['call', '--plaintext', target, ...FILES, 'Bench/Echo', '-d', '{"message": "hi"}']);
      expect(JSON.parse(answered.stdout)).toEqual({ message: 'mocked' });
    } finally {
      mock.kill();
    }
  });

  it('refuses --passthrough without a SERVER to forward to, and over a web protocol', async () => {
    const alone = await runFerry(['mock', ...FILES, '--passthrough']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('with --proto or --protoset, name the real server with --passthrough-to TARGET');
    const web = await runFerry(['mock', ...FILES, '--passthrough-to', 'http://127.0.0.1:1', '--protocol', 'connect']);
    expect(web.code).toBe(2);
    expect(web.stderr).toContain('--passthrough forwards calls over gRPC, not --protocol connect');
    expect(hasStackTrace(alone.stderr + web.stderr)).toBe(false);
    const help = await runFerry(['mock', '--help']);
    expect(help.stdout).toContain('--passthrough');
  });
});
