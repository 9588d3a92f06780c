import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT, startBenchServer, type BenchServer } from '../engine/testing/bench-server';
import { runFerry } from './cli-test-kit';

describe('ferry list/describe/call --protoset-out and --proto-out-dir', () => {
  let server: BenchServer;
  let dir: string;
  beforeAll(async () => {
    server = await startBenchServer();
    dir = mkdtempSync(join(tmpdir(), 'ferry-export-cli-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports what reflection found as a descriptor set protoc reads', async () => {
    const out = join(dir, 'reflected.protoset');
    const run = await runFerry(['list', '--plaintext', server.target, '--protoset-out', out]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    execFileSync('protoc', [`--descriptor_set_in=${out}`, `--descriptor_set_out=${join(dir, 'check.pb')}`, 'ferry_testing_v1.proto']);
  });

  it('exports .proto files from .proto sources, with their imports', async () => {
    const out = join(dir, 'protos');
    const run = await runFerry(['describe', '--proto', BENCH_PROTO_FILE, '-I', BENCH_PROTO_ROOT, 'ferry.testing.v1.Bench', '--proto-out-dir', out]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(existsSync(join(out, 'google/protobuf/struct.proto'))).toBe(true);
    execFileSync('protoc', [`-I${out}`, `-o${join(dir, 'compiled.pb')}`, BENCH_PROTO_FILE]);
  });

  it('ferry call exports the files its method needs, by reflection, and still makes the call', async () => {
    const out = join(dir, 'call.protoset');
    const run = await runFerry(['call', '--plaintext', server.target, 'Bench/Echo', '-d', '{"message":"x"}', '--protoset-out', out]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({ message: 'x' });
    execFileSync('protoc', [`--descriptor_set_in=${out}`, `--descriptor_set_out=${join(dir, 'call-check.pb')}`, 'ferry_testing_v1.proto']);
  });

  it('names the file it cannot write', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a directory');
    const run = await runFerry(['list', '--plaintext', server.target, '--protoset-out', join(file, 'out.protoset')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`ferry: cannot create the directory for ${join(file, 'out.protoset')}: EEXIST\n`);
  });
});
