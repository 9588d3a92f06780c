/**
 * `ferry mock --passthrough --record` through the binary, in front of a real bench server started here: a
 * call the responses file does not answer reaches the server and is written into the file as a case, and the
 * same call again is answered by the mock (the server's call count does not move) with what the server said.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT, startBenchServer, type BenchServer } from '../engine/testing/bench-server';
import { FERRY_BIN, hasStackTrace, runFerry } from './cli-test-kit';
import { tempDir } from '../../tests/kit/temp-dir';
import { until } from '../../tests/kit/until';

const FILES = ['--proto', join(BENCH_PROTO_ROOT, BENCH_PROTO_FILE), '-I', BENCH_PROTO_ROOT];
const BENCH = 'ferry.testing.v1.Bench';

interface Printed {
  method: string;
  requests: unknown[];
  status: string;
  passthrough?: boolean;
  recorded?: boolean;
}

type Case = { when: unknown; response?: unknown; responses?: unknown[]; status?: { code: string; message: string; details?: unknown[] }; headers?: Record<string, string>; trailers?: Record<string, string> };

/** Lines of `ferry call` standard error that say how a call ended: its status and each detail. */
const endLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('ERROR:') || line.startsWith('  detail'));

describe('ferry mock --passthrough --record', () => {
  let bench: BenchServer;
  let mock: ChildProcessWithoutNullStreams;
  let target: string;
  let file: string;
  const printed: string[] = [];
  const noted: string[] = [];
  const viaMock = (...args: string[]) => runFerry(['call', '--plaintext', target, ...FILES, ...args]);
  const cases = (method: string): Case[] => ((JSON.parse(readFileSync(file, 'utf8')) as Record<string, Case[]>)[`${BENCH}/${method}`] ?? []);
  /** Waits until the file's first case of `method` has this `when` (the recorder writes after the client hears the end). */
  const recorded = async (method: string, when: unknown): Promise<Case> => {
    await until(() => JSON.stringify(cases(method)[0]?.when) === JSON.stringify(when), `${method} recorded`);
    return cases(method)[0]!;
  };
  /** The lines printed since `seen` for calls of `method`. */
  const printedCalls = async (seen: number, method: string, count = 1): Promise<Printed[]> => {
    const calls = () => printed.slice(seen).map((line) => JSON.parse(line) as Printed).filter((call) => call.method === `${BENCH}/${method}`);
    await until(() => calls().length >= count, `${method} printed`);
    return calls();
  };

  beforeAll(async () => {
    bench = await startBenchServer();
    file = join(tempDir('ferry-mock-record-'), 'mock.json');
    writeFileSync(file, '{}');
    mock = spawn(process.execPath, [FERRY_BIN, 'mock', ...FILES, '--plaintext', '--passthrough-to', bench.target, '--record', '--responses', file], { env: { ...process.env, FERRY_TRACE: '', XDG_DATA_HOME: tempDir('ferry-mock-home-') } });
    createInterface({ input: mock.stdout }).on('line', (line) => printed.push(line));
    createInterface({ input: mock.stderr }).on('line', (line) => noted.push(line));
    await until(() => noted.length > 0, 'the mock started');
    const port = /^ferry mock: .* on 127\.0\.0\.1:(\d+) /.exec(noted[0]!);
    expect(port, noted[0]).not.toBeNull();
    target = `127.0.0.1:${port![1]}`;
  });
  afterAll(async () => {
    mock?.kill();
    await bench?.close();
  });

  it('records a forwarded unary call with its headers, and answers the same call again itself', async () => {
    const seen = printed.length;
    const before = bench.stats.calls;
    const first = await viaMock('Bench/Echo', '-d', '{"message": "one"}', '-H', 'x-tenant: acme', '-H', 'x-blob-bin: AAEC/w==', '-v');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ message: 'one' });
    expect(bench.stats.calls).toBe(before + 1);
    const written = await recorded('Echo', { message: 'one' });
    expect(written).toMatchObject({ response: { message: 'one' }, headers: { 'echo-x-tenant': 'acme', 'echo-x-blob-bin': 'AAEC/w==' } });
    // The bench's trailers are all `trailer-echo-…`, keys the file refuses (Connect reads `trailer-` as its own): left out.
    expect(first.stderr.split('Response trailers:')[1]).toContain('\n  trailer-echo-x-tenant: acme\n');
    expect(written.trailers).toBeUndefined();
    await until(() => noted.includes(`ferry mock: recorded ${BENCH}/Echo into ${file}`), 'the recording noted');

    const again = await viaMock('Bench/Echo', '-d', '{"message": "one"}', '-v');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ message: 'one' });
    expect(bench.stats.calls).toBe(before + 1);
    expect(again.stderr.split('Response trailers:')[0]).toContain('\n  echo-x-tenant: acme\n  echo-x-blob-bin: AAEC/w==\n');
    const [forwarded, replayed] = await printedCalls(seen, 'Echo', 2);
    expect(forwarded).toMatchObject({ requests: [{ message: 'one' }], status: 'OK', passthrough: true, recorded: true });
    expect(replayed).toEqual({ method: `${BENCH}/Echo`, metadata: expect.any(Object), requests: [{ message: 'one' }], status: 'OK' });
  });

  it('forwards a different request again, and puts its case first', async () => {
    const before = bench.stats.calls;
    const other = await viaMock('Bench/Echo', '-d', '{"message": "two"}');
    expect(JSON.parse(other.stdout)).toEqual({ message: 'two' });
    expect(bench.stats.calls).toBe(before + 1);
    await recorded('Echo', { message: 'two' });
    expect(cases('Echo').map((one) => one.when)).toEqual([{ message: 'two' }, { message: 'one' }]);
    const replayed = await viaMock('Bench/Echo', '-d', '{"message": "two"}');
    expect(JSON.parse(replayed.stdout)).toEqual({ message: 'two' });
    expect(bench.stats.calls).toBe(before + 1);
  });

  it('records a server stream\'s messages, and one that failed after a message with its status, and replays both', async () => {
    const before = bench.stats.calls;
    const stream = ['Bench/ServerStream', '-d', '{"message": "s", "count": 3}', '--format', 'ndjson'];
    const first = await viaMock(...stream);
    expect(first).toMatchObject({ code: 0, stdout: '{"message":"s"}\n{"message":"s","index":1}\n{"message":"s","index":2}\n' });
    expect((await recorded('ServerStream', { message: 's', count: 3 })).responses).toEqual([{ message: 's' }, { message: 's', index: 1 }, { message: 's', index: 2 }]);
    const failing = ['Bench/ServerStream', '-d', '{"message": "f", "count": 3, "fail_after": 1}', '--format', 'ndjson'];
    const failed = await viaMock(...failing);
    expect(failed).toMatchObject({ code: 64 + 13, stdout: '{"message":"f"}\n' });
    expect(await recorded('ServerStream', { message: 'f', count: 3, failAfter: 1 })).toMatchObject({ responses: [{ message: 'f' }], status: { code: 'INTERNAL', message: 'failed after 1 responses' } });
    expect(bench.stats.calls).toBe(before + 2);

    expect(await viaMock(...stream)).toMatchObject({ code: 0, stdout: first.stdout });
    const replayedFailure = await viaMock(...failing);
    expect(replayedFailure).toMatchObject({ code: 64 + 13, stdout: failed.stdout });
    expect(endLines(replayedFailure.stderr)).toEqual(endLines(failed.stderr));
    expect(bench.stats.calls).toBe(before + 2);
  });

  it('records a failure\'s status with its rich details, and the mock answers it with the same code, message and details', async () => {
    const before = bench.stats.calls;
    const request = ['Bench/Fail', '-d', '{"code": 9, "message": "real failure"}'];
    const forwarded = await viaMock(...request);
    expect(forwarded.code).toBe(64 + 9);
    expect(endLines(forwarded.stderr)).toHaveLength(11);
    const written = await recorded('Fail', { code: 9, message: 'real failure' });
    expect(written.status).toMatchObject({ code: 'FAILED_PRECONDITION', message: 'real failure' });
    expect(written.status!.details).toHaveLength(10);
    expect(written.status!.details).toContainEqual({ '@type': 'type.googleapis.com/ferry.testing.v1.Node', name: 'custom-detail' });

    const replayed = await viaMock(...request);
    expect(bench.stats.calls).toBe(before + 1);
    expect(replayed.code).toBe(64 + 9);
    expect(endLines(replayed.stderr)).toEqual(endLines(forwarded.stderr));
    expect(hasStackTrace(replayed.stderr)).toBe(false);
  });

  it('forwards a bidi call without recording it, and says so once', async () => {
    const seen = printed.length;
    const before = bench.stats.calls;
    const bidi = () => runFerry(['call', '--plaintext', target, ...FILES, 'Bench/Bidi', '-d', '@-', '--format', 'ndjson'], { stdin: '{"message": "x"} {"message": "y"}' });
    expect(await bidi()).toMatchObject({ code: 0, stdout: '{"message":"x"}\n{"message":"y","index":1}\n' });
    expect(await bidi()).toMatchObject({ code: 0 });
    expect(bench.stats.calls).toBe(before + 2);
    const calls = await printedCalls(seen, 'Bidi', 2);
    expect(calls.map((call) => [call.passthrough, call.recorded])).toEqual([
      [true, undefined],
      [true, undefined],
    ]);
    expect(cases('Bidi')).toEqual([]);
    expect(noted.filter((line) => line === `ferry mock: ${BENCH}/Bidi is a bidi method: its calls are forwarded, not recorded`)).toHaveLength(1);
  });

  it('leaves a file that does not parse as it is, says why, and keeps forwarding', async () => {
    const broken = '{ "ferry.testing.v1.Bench/Echo": [ ';
    writeFileSync(file, broken);
    const seen = printed.length;
    const before = bench.stats.calls;
    const echo = await viaMock('Bench/Echo', '-d', '{"message": "while editing"}');
    expect(JSON.parse(echo.stdout)).toEqual({ message: 'while editing' });
    expect(bench.stats.calls).toBe(before + 1);
    const [call] = await printedCalls(seen, 'Echo');
    expect(call).toMatchObject({ passthrough: true });
    expect(call!.recorded).toBeUndefined();
    await until(() => noted.some((line) => line.startsWith(`ferry mock: ${BENCH}/Echo not recorded: `) && line.endsWith('; calls are still forwarded')), 'the refusal noted');
    expect(readFileSync(file, 'utf8')).toBe(broken);
  });
});

describe('ferry mock --record refusals', () => {
  it('refuses --record without --passthrough, and without --responses, saying why', async () => {
    const responses = join(tempDir('ferry-mock-record-refused-'), 'mock.json');
    writeFileSync(responses, '{}');
    const alone = await runFerry(['mock', ...FILES, '--record', '--responses', responses]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--record writes the calls forwarded to the real server: give --passthrough (or --passthrough-to TARGET) too');
    const noFile = await runFerry(['mock', ...FILES, '--plaintext', '--passthrough-to', '127.0.0.1:1', '--record']);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('--record writes each forwarded call into the responses file: give --responses FILE');
    expect(hasStackTrace(alone.stderr + noFile.stderr)).toBe(false);
    expect(readFileSync(responses, 'utf8')).toBe('{}');
  });
});
