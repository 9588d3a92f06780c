import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
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

  it('is one function expression, the one CommonJS would wrap it in, so bin/ferry.js compiles it as read', () => {
    const source = readFileSync(bundle, 'utf8');
    expect(source.startsWith('(function (exports, require, module, __filename, __dirname) {\n')).toBe(true);
    const compiled: unknown = new Script(source).runInThisContext();
    expect(typeof compiled).toBe('function');
    expect((compiled as (...args: unknown[]) => unknown).length).toBe(5);
  });

  it("parses .proto files with Ferry's tokenizer, built in where protobufjs's own would be (scripts/proto-tokenizer-plugin.mjs)", () => {
    const { sources } = JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as { sources: string[] };
    expect(sources.filter((source) => source.endsWith('electron/engine/schema/proto-tokenizer.ts'))).toHaveLength(1);
    expect(sources.filter((source) => source.endsWith('protobufjs/src/tokenize.js'))).toEqual([]);
    expect(sources.filter((source) => source.endsWith('protobufjs/src/parse.js'))).toHaveLength(1);
  });
});

describe('what a command loads', () => {
  /** Node's built-in modules a `ferry` run loaded (with these variables set). */
  function builtinModules(args: string[], env: Record<string, string> = {}): string[] {
    const dir = tempDir('ferry-modules-');
    const preload = join(dir, 'modules.cjs');
    const out = join(dir, 'modules.json');
    writeFileSync(preload, "process.on('exit', () => require('node:fs').writeFileSync(process.env.MODULES_OUT, JSON.stringify(process.moduleLoadList)));\n");
    writeFileSync(join(dir, 'a.proto'), 'syntax = "proto3";\npackage t;\nmessage M { string s = 1; }\nservice S { rpc Get(M) returns (M); }\n');
    writeFileSync(join(dir, 'b.proto'), 'syntax = "proto3";\npackage u;\nmessage N { string s = 1; }\n');
    spawnSync(process.execPath, ['-r', preload, FERRY_BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, MODULES_OUT: out, XDG_DATA_HOME: dir, ...env } });
    const loaded = JSON.parse(readFileSync(out, 'utf8')) as string[];
    return loaded.filter((name) => name.startsWith('NativeModule ')).map((name) => name.slice('NativeModule '.length));
  }

  /** The network modules among them (grpc-js, inside the bundle, loads HTTP/2, TLS and zlib). */
  const networkModules = (...args: string[]): string[] => builtinModules(args).filter((name) => /^(http2|https|tls|zlib)$/.test(name));

  it('loads neither grpc-js nor Node\'s HTTP/2, TLS and zlib for a command that dials nothing', () => {
    expect(networkModules('list', '--proto', 'a.proto')).toEqual([]);
    expect(networkModules('describe', '--proto', 'a.proto', 't.M')).toEqual([]);
    expect(networkModules('-proto', 'a.proto', 'list')).toEqual([]);
    // One that dials does load them (here to a closed port, so it fails fast).
    expect(networkModules('call', '--plaintext', '--proto', 'a.proto', '127.0.0.1:1', 't.S/Get')).toEqual(expect.arrayContaining(['http2', 'tls', 'zlib']));
  });

  it('loads worker_threads only for a load it splits', () => {
    const list = ['list', '--proto', 'a.proto', '--proto', 'b.proto'];
    expect(builtinModules(['--version'])).not.toContain('worker_threads');
    expect(builtinModules(list)).not.toContain('worker_threads');
    expect(builtinModules(list, { FERRY_PARSE_THREADS: '2' })).toContain('worker_threads');
  });

  it('records a call without loading perf_hooks (the first use of `performance` would)', () => {
    const loaded = builtinModules(['call', '--plaintext', '--proto', 'a.proto', '127.0.0.1:1', 't.S/Get']);
    expect(loaded).toContain('http2');
    expect(loaded).not.toContain('perf_hooks');
    expect(loaded).not.toContain('internal/perf/performance');
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

  /** What bin/ferry.js puts before the cached data: the bundle file's size, times and inode. */
  const identity = (path: string): Buffer => {
    const stat = statSync(path, { bigint: true });
    const out = Buffer.alloc(32);
    [stat.size, stat.mtimeNs, stat.ctimeNs, stat.ino].forEach((value, i) => out.writeBigUInt64BE(value, i * 8));
    return out;
  };

  it('is written by a command, starts with the bundle\'s identity, and is written anew when the bundle changes at the same length and time', () => {
    const { run, cache, source } = install();
    // A whole second, which the file system keeps exactly, so it can be put back exactly below.
    const time = new Date('2026-01-02T03:04:05Z');
    utimesSync(source, time, time);
    expect(run('describe', '--proto', 'a.proto', 't.M').status).toBe(0);
    const first = cache();
    const before = statSync(source, { bigint: true });
    expect(first.subarray(0, 32)).toEqual(identity(source));
    // The same length, other bytes, the same inode and modification time: V8 alone would take the old cache
    // for it, and so would a check of size and modification time. Only the change time tells.
    const changed = readFileSync(source, 'latin1').replace('ferry \\u2014 a gRPC client', 'ferry \\u2014 A gRPC client');
    expect(changed).not.toBe(readFileSync(source, 'latin1'));
    writeFileSync(source, changed, 'latin1');
    utimesSync(source, time, time);
    const after = statSync(source, { bigint: true });
    expect([after.size, after.mtimeNs, after.ino]).toEqual([before.size, before.mtimeNs, before.ino]);
    const again = run('describe', '--proto', 'a.proto', 't.M');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('message M');
    expect(cache().subarray(0, 32)).toEqual(identity(source));
    expect(cache().subarray(0, 32)).not.toEqual(first.subarray(0, 32));
  });

  it('covers every command that ran: one it did not cover writes it anew with its code added, once', () => {
    const { run, cache, source } = install();
    const cacheFile = `${source}.v8cache`;
    /** The modes byte after the identity (list 1, describe 2, grpcurl command lines 32), the size, the file. */
    const state = () => ({ modes: cache()[32], size: cache().length, file: statSync(cacheFile, { bigint: true }) });
    expect(run('--version').status).toBe(0);
    expect(() => statSync(cacheFile)).toThrow();
    expect(run('list', '--proto', 'a.proto').status).toBe(0);
    const listed = state();
    expect(listed.modes).toBe(1);
    expect(run('describe', '--proto', 'a.proto', 't.M').status).toBe(0);
    const described = state();
    expect(described.modes).toBe(1 | 2);
    expect(described.size).toBeGreaterThan(listed.size);
    // Covered now: neither command writes it again (a write renames a new file into place).
    for (const args of [['list', '--proto', 'a.proto'], ['describe', '--proto', 'a.proto', 't.M'], ['--help']]) {
      expect(run(...args).status).toBe(0);
      expect([state().file.ino, state().file.mtimeNs]).toEqual([described.file.ino, described.file.mtimeNs]);
    }
    const grpcurl = run('-proto', 'a.proto', 'describe', 't.M');
    expect(grpcurl.status).toBe(0);
    expect(grpcurl.stdout).toContain('message M');
    expect(state().modes).toBe(1 | 2 | 32);
    expect(state().size).toBeGreaterThan(described.size);
  });

  it('is replaced when it is cut short, corrupt or oversized, and the command runs all the same', () => {
    const { run, cache, source } = install();
    const bundleSize = statSync(source).size;
    for (const bad of [Buffer.alloc(0), Buffer.from('not a cache'), identity(source), Buffer.concat([identity(source), Buffer.alloc(bundleSize * 2, 7)])]) {
      writeFileSync(`${source}.v8cache`, bad);
      const result = run('describe', '--proto', 'a.proto', 't.M');
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('message M');
      expect(cache().subarray(0, 32)).toEqual(identity(source));
      expect(cache().length).toBeGreaterThan(1000);
      expect(cache().length).toBeLessThan(bundleSize * 2);
    }
  });
});
