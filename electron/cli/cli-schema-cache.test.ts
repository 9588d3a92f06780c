import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
});
