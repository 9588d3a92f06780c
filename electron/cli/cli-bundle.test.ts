import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/kit/temp-dir';
import { FERRY_BIN } from './cli-test-kit';

const bundle = join(__dirname, '..', '..', 'dist', 'cli', 'ferry.cjs');

describe('the CLI bundle (scripts/build-cli.mjs)', () => {
  it('is all ASCII, so every start reads it as a one-byte string', () => {
    const bytes = readFileSync(bundle);
    const first = bytes.findIndex((byte) => byte > 0x7f);
    const line = first === -1 ? '' : bytes.subarray(Math.max(0, first - 60), first + 20).toString('utf8');
    expect(first, `a byte outside ASCII at ${first}: …${line}…`).toBe(-1);
  });
});

describe('the code cache (bin/ferry.js)', () => {
  /** bin/ferry.js and the bundle copied to a folder of their own, so the cache written there is this test's. */
  function install(): { run: (...args: string[]) => ReturnType<typeof spawnSync>; cache: () => Buffer; source: string } {
    const dir = tempDir('ferry-bin-');
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'dist', 'cli'), { recursive: true });
    copyFileSync(FERRY_BIN, join(dir, 'bin', 'ferry.js'));
    const source = join(dir, 'dist', 'cli', 'ferry.cjs');
    copyFileSync(bundle, source);
    writeFileSync(join(dir, 'a.proto'), 'syntax = "proto3";\npackage t;\nmessage M { string s = 1; }\n');
    const run = (...args: string[]) => spawnSync(process.execPath, [join(dir, 'bin', 'ferry.js'), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, XDG_DATA_HOME: dir } });
    return { run, cache: () => readFileSync(`${source}.v8cache`), source };
  }

  const checksum = (bytes: Buffer): Buffer => {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(crc32(bytes));
    return out;
  };

  it('is written by a command, starts with the bundle\'s checksum, and is written anew when the bundle changes at the same length', () => {
    const { run, cache, source } = install();
    expect(run('describe', '--proto', 'a.proto', 't.M').status).toBe(0);
    const first = cache();
    expect(first.subarray(0, 4)).toEqual(checksum(readFileSync(source)));
    // The same length, other bytes: V8 alone would take the old cache for it.
    const changed = readFileSync(source, 'latin1').replace('ferry \\u2014 a gRPC client', 'ferry \\u2014 A gRPC client');
    expect(changed).not.toBe(readFileSync(source, 'latin1'));
    writeFileSync(source, changed, 'latin1');
    const again = run('describe', '--proto', 'a.proto', 't.M');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('message M');
    expect(cache().subarray(0, 4)).toEqual(checksum(readFileSync(source)));
    expect(cache().subarray(0, 4)).not.toEqual(first.subarray(0, 4));
  });
});
