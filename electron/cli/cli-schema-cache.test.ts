import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT, startBenchServer } from '../engine/testing/bench-server';
import { runFerry, type FerryRunOptions } from './cli-test-kit';

let dir: string;
let env: FerryRunOptions['env'];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ferry-cli-cache-'));
  cpSync(BENCH_PROTO_ROOT, join(dir, 'protos'), { recursive: true });
  env = { XDG_DATA_HOME: join(dir, 'data'), FERRY_TRACE: 'schema' };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cacheDir = () => join(dir, 'data', 'ferry', 'schema-cache');
const list = (...extra: string[]) => runFerry(['list', '--proto', BENCH_PROTO_FILE, '-I', join(dir, 'protos'), ...extra], { env: env! });
const hit = (stderr: string) => stderr.includes('schema cache hit');

/** Rewrites the one cached schema's service list (with a valid checksum), so a run that reads it shows it did. */
function poisonCachedServices(name: string): void {
  const schemas = join(cacheDir(), 'schemas');
  const [entry] = readdirSync(schemas);
  const text = readFileSync(join(schemas, entry!), 'utf8');
  const body = text.slice(text.indexOf('\n') + 1).replace('"fullName":"ferry.testing.v1.Bench"', `"fullName":"${name}"`);
  writeFileSync(join(schemas, entry!), `${createHash('sha256').update(body).digest('hex')}\n${body}`);
}

describe('ferry and the schema cache', () => {
  it('writes the cache in the data folder on the first load and reads it on the next', async () => {
    const first = await list();
    expect(first.code).toBe(0);
    expect(hit(first.stderr)).toBe(false);
    expect(readdirSync(join(cacheDir(), 'schemas'))).toHaveLength(1);
    const second = await list();
    expect(hit(second.stderr)).toBe(true);
    expect(second.stdout).toBe(first.stdout);
  });

  it('--no-cache neither reads nor writes the cache', async () => {
    const fresh = await list('--no-cache');
    expect(fresh.stdout).toBe('ferry.testing.v1.Bench\n');
    expect(existsSync(cacheDir())).toBe(false);
    await list();
    poisonCachedServices('poisoned.Service');
    expect((await list()).stdout).toBe('poisoned.Service\n');
    const bypass = await list('--no-cache');
    expect(bypass.stdout).toBe('ferry.testing.v1.Bench\n');
    expect(hit(bypass.stderr)).toBe(false);
  });

  it('parses afresh when a file changed since the cache was written', async () => {
    await list();
    const bench = join(dir, 'protos', BENCH_PROTO_FILE);
    writeFileSync(bench, readFileSync(bench, 'utf8').replace('service Bench {', 'service Bench2 {}\nservice Bench {'));
    const changed = await list();
    expect(hit(changed.stderr)).toBe(false);
    expect(changed.stdout).toBe('ferry.testing.v1.Bench\nferry.testing.v1.Bench2\n');
  });

  it('survives a corrupt entry: parses afresh and writes a good one', async () => {
    await list();
    const schemas = join(cacheDir(), 'schemas');
    const [entry] = readdirSync(schemas);
    writeFileSync(join(schemas, entry!), readFileSync(join(schemas, entry!)).subarray(0, 200));
    const run = await list();
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('ferry.testing.v1.Bench\n');
    expect(hit((await list()).stderr)).toBe(true);
  });

  it('concurrent writers: eight processes loading the same schema into a cold cache all succeed, and leave one good entry', async () => {
    const runs = await Promise.all(Array.from({ length: 8 }, () => list()));
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stdout).toBe('ferry.testing.v1.Bench\n');
    }
    expect(readdirSync(join(cacheDir(), 'schemas')).filter((name) => !name.includes('.tmp-'))).toHaveLength(1);
    expect(readdirSync(join(cacheDir(), 'schemas')).filter((name) => name.includes('.tmp-'))).toEqual([]);
    const after = await list();
    expect(hit(after.stderr)).toBe(true);
  });

  it("calls from a hit as from the files, an Any holding a type outside the method's service included", async () => {
    writeFileSync(join(dir, 'protos', 'extra.proto'), 'syntax = "proto3";\npackage extra.v1;\n// Only an Any names it.\nmessage Note { string text = 1; }\n');
    const server = await startBenchServer();
    try {
      const body = JSON.stringify({ stringValue: 'x', any: { '@type': 'type.googleapis.com/extra.v1.Note', text: 'inside' } });
      const call = () => runFerry(['call', '--plaintext', '--proto', BENCH_PROTO_FILE, '--proto', 'extra.proto', '-I', join(dir, 'protos'), server.target, 'ferry.testing.v1.Bench/Inspect', '-d', body], { env: env! });
      const first = await call();
      expect(first.code).toBe(0);
      expect(hit(first.stderr)).toBe(false);
      expect(JSON.parse(first.stdout)).toMatchObject({ any: { '@type': 'type.googleapis.com/extra.v1.Note', text: 'inside' } });
      const second = await call();
      expect(hit(second.stderr)).toBe(true);
      expect(second.stdout).toBe(first.stdout);
    } finally {
      await server.close();
    }
  });

  it('holds the folder under FERRY_SCHEMA_CACHE_MAX_BYTES', async () => {
    env = { ...env, FERRY_SCHEMA_CACHE_MAX_BYTES: '1000' };
    const run = await list();
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('too large for the cache cap');
    expect(existsSync(join(cacheDir(), 'schemas')) ? readdirSync(join(cacheDir(), 'schemas')) : []).toEqual([]);
  });

  it('splits a first load over worker threads (FERRY_PARSE_THREADS), and stores and answers what one thread would have', async () => {
    const files = writeLargeSchema(join(dir, 'large'));
    const run = (threads: string, data: string, ...args: string[]) =>
      runFerry([...args, ...files.flatMap((file) => ['--proto', file]), '-I', join(dir, 'large')], { env: { ...env!, XDG_DATA_HOME: join(dir, data), FERRY_PARSE_THREADS: threads } });
    const symbols = ['gen.p0.Record0', 'gen.p7.Store', 'gen.common.Base'];
    const describeAll = async (threads: string, data: string, ...extra: string[]) => Promise.all(symbols.map((symbol) => run(threads, data, 'describe', ...extra, symbol)));
    const first = await run('2', 'two', 'list');
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('parsed in 2 threads');
    const single = await run('1', 'one', 'list');
    expect(single.stderr).not.toContain('parsed in');
    expect(single.stdout).toBe(first.stdout);
    const entry = (data: string) => readFileSync(join(dir, data, 'ferry', 'schema-cache', 'schemas', readdirSync(join(dir, data, 'ferry', 'schema-cache', 'schemas'))[0]!), 'latin1');
    expect(entry('two')).toBe(entry('one'));
    const fresh = await describeAll('1', 'none', '--no-cache');
    const cached = await describeAll('2', 'two');
    expect(cached.map((r) => [r.code, r.stdout])).toEqual(fresh.map((r) => [r.code, r.stdout]));
    expect(fresh[1]!.stdout).toContain('rpc Keep');
  });

  it('falls back to one thread when a worker cannot parse its part alone, with the same answer', async () => {
    mkdirSync(join(dir, 'loose'));
    writeFileSync(join(dir, 'loose', 'a.proto'), `syntax = "proto3";\npackage t;\n// ${'A long comment. '.repeat(40)}\nmessage A { string x = 1; }\n`);
    // B names A without importing its file: protobufjs finds it in one parse of both, not in B's part alone.
    writeFileSync(join(dir, 'loose', 'b.proto'), 'syntax = "proto3";\npackage t;\nmessage B { A a = 1; }\nservice S { rpc M(B) returns (A); }\n');
    const run = await runFerry(['describe', '--proto', 'a.proto', '--proto', 'b.proto', '-I', join(dir, 'loose'), 't.B'], { env: { ...env!, FERRY_PARSE_THREADS: '2' } });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('parse not split: a part failed');
    expect(run.stdout).toContain('  t.A a = 1;');
  });
});

/** .proto files each importing a shared file and the one before it, so a later part's parse reads files of an earlier one. */
function writeLargeSchema(root: string): string[] {
  const files = ['gen/common.proto'];
  mkdirSync(join(root, 'gen'), { recursive: true });
  writeFileSync(join(root, files[0]!), 'syntax = "proto3";\npackage gen.common;\n// The base of every record.\nmessage Base { string id = 1; int64 at = 2; }\n');
  for (let p = 0; p < 8; p++) {
    const fields = (m: number) => Array.from({ length: 12 }, (_, f) => `  // Field ${f} of record ${m}, written long enough to weigh what real comments weigh in a schema.\n  string field_${f} = ${f + 3};`).join('\n');
    const records = Array.from({ length: 60 }, (_, m) => `// Record ${m} of part ${p}.\nmessage Record${m} {\n  gen.common.Base base = 1;\n${p > 0 ? `  gen.p${p - 1}.Record${m} before = 2;\n` : ''}${fields(m)}\n}`).join('\n');
    const imports = ['gen/common.proto', ...(p > 0 ? [`gen/p${p - 1}.proto`] : [])].map((name) => `import "${name}";`).join('\n');
    const name = `gen/p${p}.proto`;
    writeFileSync(join(root, name), `syntax = "proto3";\npackage gen.p${p};\n${imports}\n${records}\nservice Store { rpc Keep(Record0) returns (gen.common.Base); }\n`);
    files.push(name);
  }
  return files;
}
