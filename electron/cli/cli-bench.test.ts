import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT, startBenchServer, type BenchServer } from '../engine/testing/bench-server';
import { serializeEnvironmentFile, serializeManifestFile, serializeRequestFile } from '../engine/workspace';
import type { LoadSummary, RequestFile } from '../../shared/model';
import { FERRY_BIN, hasStackTrace, runFerry } from './cli-test-kit';
import { tempDir } from '../../tests/kit/temp-dir';

const FILES = ['--proto', join(BENCH_PROTO_ROOT, BENCH_PROTO_FILE), '-I', BENCH_PROTO_ROOT];

/** A port nobody listens on: taken from the OS, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('ferry bench', () => {
  let server: BenchServer;
  const bench = (...args: string[]) => runFerry(['bench', '--plaintext', server.target, ...args], { killAfterMs: 60_000 });
  const summaryOf = (stdout: string) => JSON.parse(stdout) as LoadSummary;
  beforeAll(async () => {
    server = await startBenchServer();
  });
  afterAll(() => server.close());

  it('makes the calls it is asked for, by reflection, and reports them as JSON', async () => {
    const before = server.stats.calls;
    const run = await bench('ferry.testing.v1.Bench/Echo', '-d', '{"message": "hi"}', '-n', '40', '-c', '4', '--format', 'json');
    expect(run.code).toBe(0);
    const summary = summaryOf(run.stdout);
    expect(summary).toMatchObject({ method: 'ferry.testing.v1.Bench/Echo', plan: { concurrency: 4, total: 40 }, connections: 1, calls: 40, ok: 40, failed: 0, ended: 'count', statuses: [{ status: 'OK', count: 40 }], errors: [] });
    expect(server.stats.calls - before).toBe(40);
    const latency = summary.latencyMs!;
    expect(latency.fastest).toBeLessThanOrEqual(latency.p50);
    expect(latency.p50).toBeLessThanOrEqual(latency.p99);
    expect(latency.p99).toBeLessThanOrEqual(latency.slowest);
    expect(summary.histogram.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(40);
    expect(run.stderr).toBe(`Benchmarking ferry.testing.v1.Bench/Echo at ${server.target}: 40 calls, 4 at a time, 1 connection\n`);
  });

  it('takes each call\'s variables from the next data row, fills {{$uuid}} afresh, and exits 1 when calls fail', async () => {
    const dir = tempDir('ferry-bench-data-');
    const rows = join(dir, 'codes.csv');
    writeFileSync(rows, 'code,why\n5,gone\n7,"no, you may not"\n');
    // {{code}} stands for a whole value: the text is JSON only once it is filled in.
    const run = await bench(...FILES, 'Bench/Fail', '-d', '{"code": {{code}}, "message": "{{why}} {{$uuid}}"}', '-n', '6', '-c', '2', '--iteration-data', rows);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Summary:\n  Calls:     6\n');
    expect(run.stdout).toMatch(/Latency distribution:\n {2}50 % in \d+\.\d\d ms\n/);
    expect(run.stdout).toContain('Status code distribution:\n  [NOT_FOUND]\t3 calls\n  [PERMISSION_DENIED]\t3 calls\n');
    const errors = run.stdout.slice(run.stdout.indexOf('Error distribution:')).split('\n').slice(1, -1);
    expect(errors).toHaveLength(6);
    expect(errors.filter((line) => /^ {2}\[1\]\tPERMISSION_DENIED: no, you may not [0-9a-f-]{36}$/.test(line))).toHaveLength(3);
    expect(errors.filter((line) => /^ {2}\[1\]\tNOT_FOUND: gone [0-9a-f-]{36}$/.test(line))).toHaveLength(3);
  });

  it('spreads calls over several connections and stops at the duration', async () => {
    const run = await bench(...FILES, 'Bench/Echo', '-z', '0.3', '-c', '3', '--connections', '2', '--format', 'json');
    expect(run.code).toBe(0);
    const summary = summaryOf(run.stdout);
    expect(summary.ended).toBe('duration');
    expect(summary.calls).toBeGreaterThanOrEqual(3);
    expect(run.stderr).toContain('for 0.3 s, 3 at a time, 2 connections');
  });

  it('counts calls to a server nobody answers as UNAVAILABLE, each with its reason', async () => {
    const port = await closedPort();
    const run = await runFerry(['bench', '--plaintext', `127.0.0.1:${port}`, ...FILES, 'Bench/Echo', '-n', '3', '-c', '1', '--format', 'json']);
    expect(run.code).toBe(1);
    const summary = summaryOf(run.stdout);
    expect(summary.statuses).toEqual([{ status: 'UNAVAILABLE', count: 3 }]);
    expect(summary.errors[0]?.message).toContain('ECONNREFUSED');
    expect(hasStackTrace(run.stderr)).toBe(false);
  });

  it('stops at a body that does not fit the method, naming the field, before counting anything', async () => {
    const run = await bench('ferry.testing.v1.Bench/Echo', '-d', '{"mesage": "x"}', '-n', '1000');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('-d:1:2: mesage: unknown field "mesage" in ferry.testing.v1.EchoRequest (did you mean "message"?)');
    expect(hasStackTrace(run.stderr)).toBe(false);
  });

  it('holds the run to --assert thresholds, a CI job failing on the first that does not hold', async () => {
    const passing = await bench('ferry.testing.v1.Bench/Echo', '-n', '20', '-c', '2', '--assert', 'p99<60000', '--assert', 'rps>0');
    expect(passing.code).toBe(0);
    expect(passing.stdout).toMatch(/\nChecks:\n {2}✓ p99<60000 \(p99 \d+\.\d\d ms\)\n {2}✓ rps>0 \(rps \d+(\.\d\d)?\)\n {2}✓ errors=0 \(errors 0\)\n$/);
    const failing = await bench('ferry.testing.v1.Bench/Echo', '-n', '20', '-c', '2', '--assert', 'fastest<0.0001', '--format', 'json');
    expect(failing.code).toBe(1);
    expect(summaryOf(failing.stdout)).toMatchObject({ calls: 20, ok: 20, checks: [{ check: 'fastest<0.0001', passed: false }, { check: 'errors=0', actual: 0, passed: true }] });
    // A check is read before anything is sent.
    const before = server.stats.calls;
    const bad = await bench('ferry.testing.v1.Bench/Echo', '--assert', 'p99 under 200');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--assert p99 under 200: expected METRIC OP NUMBER');
    expect(server.stats.calls).toBe(before);
  });

  it('names a method the schema lacks, before any plan is printed', async () => {
    const run = await bench('ferry.testing.v1.Bench/Nope');
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain('Benchmarking');
    expect(run.stderr).toContain('Nope');
  });

  it('refuses bad flags by name', async () => {
    const cases: Array<[string[], string]> = [
      [['-n', '0'], '--total expects a whole number from 1'],
      [['-c', 'many'], '--concurrency expects a whole number from 1 to 10000, got "many"'],
      [['--rps', '0'], '--rps expects a rate above 0 calls per second'],
      [['--format', 'csv'], '--format expects text or json, got "csv"'],
      [['--connections', '65'], '--connections expects a whole number from 1 to 64'],
    ];
    for (const [flags, message] of cases) {
      const run = await bench('Bench/Echo', ...flags);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(message);
    }
  });

  it('fills an environment\'s variables in, as ferry call --env does, whole values included', async () => {
    const root = tempDir('ferry-bench-env-');
    mkdirSync(join(root, 'environments'));
    writeFileSync(join(root, 'ferry.workspace.json'), serializeManifestFile({ formatVersion: 1, name: 'Bench' }));
    const variables = [{ name: 'host', value: server.target, secret: false }, { name: 'size', value: 3, secret: false }];
    writeFileSync(join(root, 'environments', 'local.ferry-env.json'), serializeEnvironmentFile({ formatVersion: 1, variables }));
    const body = ['-d', '{"message": "to {{host}}", "payloadSize": {{size}}}'];
    const run = await runFerry(['bench', '--plaintext', '--env', 'local', '{{host}}', 'ferry.testing.v1.Bench/Echo', ...body, '-n', '5', '--format', 'json'], { cwd: root });
    expect(run.code).toBe(0);
    expect(summaryOf(run.stdout)).toMatchObject({ calls: 5, ok: 5 });
    const call = await runFerry(['call', '--plaintext', '--env', 'local', '{{host}}', 'ferry.testing.v1.Bench/Echo', ...body], { cwd: root });
    expect(call.code).toBe(0);
    expect(JSON.parse(call.stdout)).toEqual({ message: `to ${server.target}`, payload: Buffer.from('aaa').toString('base64') });
    // Without --env a variable is not filled in, and the error says so.
    const plain = await runFerry(['call', '--plaintext', server.target, 'ferry.testing.v1.Bench/Echo', ...body]);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('; a {{variable}} is filled in only with --env NAME');
  });

  it('load-tests a saved request with its own target, metadata and messages, in its workspace\'s default environment', async () => {
    const root = tempDir('ferry-bench-saved-');
    mkdirSync(join(root, 'environments'));
    mkdirSync(join(root, 'api'));
    writeFileSync(join(root, 'ferry.workspace.json'), serializeManifestFile({ formatVersion: 1, name: 'Bench', defaultEnvironment: 'local' }));
    // The environment's metadata needs a secret nobody set: only a request that goes without it can run.
    const variables = [{ name: 'host', value: server.target, secret: false }, { name: 'who', value: 'ada', secret: false }, { name: 'unset', secret: true }];
    writeFileSync(join(root, 'environments', 'local.ferry-env.json'), serializeEnvironmentFile({ formatVersion: 1, variables, metadata: [{ key: 'x-trap', value: '{{unset}}', enabled: true }] }));
    const request = (name: string, message: string): RequestFile => ({
      formatVersion: 3,
      name,
      target: '{{host}}',
      tls: { mode: 'plaintext' },
      schema: { kind: 'reflection' },
      method: 'ferry.testing.v1.Bench/Fail',
      metadata: [{ key: 'x-who', value: '{{who}}', enabled: true }],
      messages: [message],
      assertions: [],
    });
    writeFileSync(join(root, 'api', 'fail.ferry.json'), serializeRequestFile({ ...request('Fail', '{"code": 5, "message": "{{who}} {{$uuid}}"}'), environmentMetadata: false }));
    writeFileSync(join(root, 'api', 'bad.ferry.json'), serializeRequestFile(request('Bad', '{"code": 5, "mesage": "x"}')));
    const run = await runFerry(['bench', 'api/fail.ferry.json', '-n', '4', '-c', '2', '--format', 'json', '--assert', 'errors=4'], { cwd: root });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('Benchmarking api/fail.ferry.json: 4 calls, 2 at a time, 1 connection\n');
    const summary = summaryOf(run.stdout);
    expect(summary.statuses).toEqual([{ status: 'NOT_FOUND', count: 4 }]);
    expect(summary.errors.every((error) => /^ada [0-9a-f-]{36}$/.test(error.message))).toBe(true);

    const bad = await runFerry(['bench', join(root, 'api', 'bad.ferry.json'), '-n', '4']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('secret variable {{unset}} used in metadata[0].value');
    writeFileSync(join(root, 'api', 'bad.ferry.json'), serializeRequestFile({ ...request('Bad', '{"code": 5, "mesage": "x"}'), environmentMetadata: false }));
    const unfit = await runFerry(['bench', join(root, 'api', 'bad.ferry.json'), '-n', '4']);
    expect(unfit.code).toBe(2);
    expect(unfit.stderr).toMatch(/api\/bad\.ferry\.json:\d+:\d+: mesage: unknown field "mesage"/);
    const flagged = await runFerry(['bench', 'api/fail.ferry.json', '--plaintext'], { cwd: root });
    expect(flagged.code).toBe(2);
    expect(flagged.stderr).toContain('--plaintext does not go with a saved request');
  });

  it('on Ctrl+C stops starting calls, lets those in flight end and prints what ran', async () => {
    const child = spawn(process.execPath, [FERRY_BIN, 'bench', '--plaintext', server.target, ...FILES, 'Bench/Slow', '-d', '{"delayMs": 20}', '-z', '60', '-c', '2', '--format', 'json'], {
      env: { ...process.env, FERRY_TRACE: '', XDG_DATA_HOME: tempDir('ferry-bench-home-') },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // The calls have started once the plan is printed.
    await new Promise((resolve) => createInterface({ input: child.stderr }).once('line', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    const summary = summaryOf(stdout);
    expect(summary.ended).toBe('interrupted');
    expect(summary.calls).toBeGreaterThanOrEqual(2);
    expect(summary.ok).toBe(summary.calls);
  });
});
