import { execFileSync } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT, startBenchServer, type BenchServer } from '../engine/testing/bench-server';
import { hasStackTrace, runFerry } from './cli-test-kit';
import { tempDir } from '../../tests/kit/temp-dir';

const BENCH_PROTO = join(BENCH_PROTO_ROOT, BENCH_PROTO_FILE);

describe('ferry list and describe', () => {
  let v1: BenchServer;
  let v1alpha: BenchServer;
  beforeAll(async () => {
    [v1, v1alpha] = await Promise.all([startBenchServer(), startBenchServer({ reflection: 'v1alpha-only' })]);
  });
  afterAll(() => Promise.all([v1.close(), v1alpha.close()]));

  it('lists services by reflection', async () => {
    const run = await runFerry(['list', '--plaintext', v1.target]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toContain('ferry.testing.v1.Bench');
  });

  it('lists services of a v1alpha-only server', async () => {
    const run = await runFerry(['list', '--plaintext', v1alpha.target]);
    expect(run.stdout.split('\n')).toContain('ferry.testing.v1.Bench');
  });

  it('lists a service\'s methods with their call kinds', async () => {
    const run = await runFerry(['list', '--plaintext', v1.target, 'ferry.testing.v1.Bench']);
    expect(run.stdout).toMatch(/ferry\.testing\.v1\.Bench\.Echo\s+unary/);
    expect(run.stdout).toMatch(/ferry\.testing\.v1\.Bench\.ServerStream\s+server-stream/);
    expect(run.stdout).toMatch(/ferry\.testing\.v1\.Bench\.ClientStream\s+client-stream/);
    expect(run.stdout).toMatch(/ferry\.testing\.v1\.Bench\.Bidi\s+bidi/);
  });

  it('lists from .proto files with -I and dials nothing', async () => {
    const run = await runFerry(['list', '--proto', BENCH_PROTO_FILE, '-I', BENCH_PROTO_ROOT]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('ferry.testing.v1.Bench');
  });

  it('infers the import root when -I is omitted', async () => {
    const run = await runFerry(['list', '--proto', BENCH_PROTO]);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('ferry.testing.v1.Bench');
  });

  it('loads every .proto file in a folder given as --proto, found under -I too, and names an empty folder', async () => {
    const folder = await runFerry(['list', '--proto', join(BENCH_PROTO_ROOT, 'ferry'), 'ferry.testing.v1.Bench']);
    expect(folder.stderr).toBe('');
    expect(folder.stdout).toMatch(/ferry\.testing\.v1\.Bench\.Echo\s+unary/);
    // legacy.proto is in the folder and imported by no other file: a folder loads it too.
    const legacy = await runFerry(['describe', '--proto', 'ferry/testing', '-I', BENCH_PROTO_ROOT, 'ferry.testing.v1.Record']);
    expect(legacy.stderr).toBe('');
    expect(legacy.stdout).toContain('message Record {');
    const empty = tempDir('ferry-empty-folder-');
    const none = await runFerry(['list', '--proto', empty]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(`ferry: no .proto files in the folder ${empty} or below it\n`);
  });

  it('describes a message from reflection in .proto syntax', async () => {
    const run = await runFerry(['describe', '--plaintext', v1.target, 'ferry.testing.v1.StreamRequest']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('message StreamRequest {');
    expect(run.stdout).toContain('int32 count = 2;');
  });

  it('describes a service from files with its comments and stream keywords', async () => {
    const run = await runFerry(['describe', '--proto', BENCH_PROTO, 'ferry.testing.v1.Bench']);
    expect(run.stdout).toContain('service Bench {');
    expect(run.stdout).toMatch(/rpc Bidi\s*\(\s*stream .*EchoRequest\s*\) returns \(\s*stream .*EchoResponse\s*\)/);
    expect(run.stdout).toContain('Echoes every request as it arrives');
  });

  it('describes a method named as `ferry call` names it, pkg.Service/Method, from files', async () => {
    const run = await runFerry(['describe', '--proto', BENCH_PROTO, 'ferry.testing.v1.Bench/Echo']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\/\/ ferry\.testing\.v1\.Bench\.Echo /);
    expect(run.stdout).toMatch(/rpc Echo\s*\(/);
    expect(run.stdout).not.toContain('service Bench {');
  });

  it('reports a broken .proto with file and line, exit 2', async () => {
    const dir = tempDir('ferry-proto-');
    writeFileSync(join(dir, 'broken.proto'), 'syntax = "proto3";\npackage broken;\nmessage A {\n  string a = 1\n}\n');
    const run = await runFerry(['list', '--proto', join(dir, 'broken.proto')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/broken\.proto:\d+/);
    expect(hasStackTrace(run.stderr)).toBe(false);
  });

  it('names a missing import, its importer and the searched paths', async () => {
    const dir = tempDir('ferry-proto-');
    cpSync(BENCH_PROTO_ROOT, dir, { recursive: true });
    writeFileSync(join(dir, 'ferry', 'testing', 'v1', 'types.proto'), '');
    writeFileSync(join(dir, 'lonely.proto'), 'syntax = "proto3";\nimport "acme/missing.proto";\n');
    const run = await runFerry(['list', '--proto', 'lonely.proto', '-I', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('acme/missing.proto');
    expect(run.stderr).toContain('lonely.proto');
    expect(run.stderr).toContain(dir);
  });

  it('names an unknown symbol', async () => {
    const run = await runFerry(['describe', '--proto', BENCH_PROTO, 'ferry.testing.v1.Nope']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ferry.testing.v1.Nope');
  });

  it('prints help for every command', async () => {
    for (const command of ['list', 'describe', 'call', 'run', 'bench', 'mock', 'serve', 'import']) {
      const run = await runFerry([command, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage: ferry /);
    }
    const main = await runFerry(['--help']);
    expect(main.stdout).toContain('ferry call');
    // Every command's words start in one column, and its description in another.
    const lines = main.stdout.split('\n').filter((line) => /^ {2}ferry [a-z]+ +\S/.test(line));
    expect(lines.length).toBeGreaterThanOrEqual(9);
    const columns = lines.map((line) => /^( {2}ferry [a-z]+ +)(\S.*?\S) {2,}\S/.exec(line)!);
    expect(new Set(columns.map((m) => m[1]!.length)).size).toBe(1);
    expect(new Set(columns.map((m) => m[1]!.length + m[2]!.length + (m[0].length - m[1]!.length - m[2]!.length - 1))).size).toBe(1);
    expect((await runFerry(['frobnicate'])).code).toBe(2);
  });
});

describe('ferry with a descriptor set from protoc', () => {
  it('lists, describes and calls from --protoset', async () => {
    const dir = tempDir('ferry-protoset-');
    const protoset = join(dir, 'bench.protoset');
    execFileSync('protoc', ['-I', BENCH_PROTO_ROOT, '--include_imports', '-o', protoset, BENCH_PROTO_FILE]);
    const list = await runFerry(['list', '--protoset', protoset]);
    expect(list.stdout.trim()).toBe('ferry.testing.v1.Bench');
    const server = await startBenchServer({ reflection: 'none' });
    try {
      const call = await runFerry(['call', '--plaintext', server.target, '--protoset', protoset, 'ferry.testing.v1.Bench/Inspect',
        '-d', '{"counts": {"a": "7"}, "labels": {"-5": "neg"}, "createdAt": "2024-01-02T03:04:05Z"}']);
      expect(call.stderr).toBe('');
      expect(JSON.parse(call.stdout)).toEqual({ counts: { a: '7' }, labels: { '-5': 'neg' }, createdAt: '2024-01-02T03:04:05Z' });
    } finally {
      await server.close();
    }
  });
});
