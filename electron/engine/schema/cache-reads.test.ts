import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configureTrace } from '../diagnostics/trace';
import { emptyReads, fingerprintOf, readRecorded } from './cache-reads';
import { loadProtoFiles } from './load-proto-files';
import { openSchemaCache } from './open-schema-cache';

let dir: string;
let traces: string[];
let restoreTrace: () => void;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ferry-cache-reads-'));
  mkdirSync(join(dir, 'protos'));
  writeFileSync(join(dir, 'protos', 'money.proto'), 'syntax = "proto3";\npackage acme;\nmessage Money { string currency = 1; }\n');
  traces = [];
  restoreTrace = configureTrace({ setting: 'schema', sink: (line) => traces.push(line) });
});
afterEach(() => {
  vi.restoreAllMocks();
  restoreTrace();
  rmSync(dir, { recursive: true, force: true });
});

const money = () => join(dir, 'protos', 'money.proto');
const cache = () => openSchemaCache(join(dir, 'data'), { version: 'test' })!;
const load = () => loadProtoFiles({ files: ['money.proto'], importPaths: [join(dir, 'protos')] }, { cache: cache() });
const storedFingerprints = (): Record<string, string> => {
  const inputs = join(dir, 'data', 'schema-cache', 'inputs');
  const [entry] = readdirSync(inputs);
  return (JSON.parse(readFileSync(join(inputs, entry!), 'utf8')) as { fingerprints: Record<string, string> }).fingerprints;
};

describe('the files a cached load read', () => {
  it('keeps a fingerprint only of a regular file last changed over a second before it was read', () => {
    const fresh = emptyReads(true);
    readRecorded(fresh, money());
    expect(fresh.files.get(money())).toMatch(/^[0-9a-f]{64}$/);
    expect(fresh.fingerprints.size).toBe(0);
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 2000);
    const settled = emptyReads(true);
    readRecorded(settled, money());
    expect(settled.fingerprints.get(money())).toBe(fingerprintOf(money()));
    // Not a regular file (a pipe, a device): read to its end, never trusted unread.
    expect(readRecorded(settled, '/dev/null').byteLength).toBe(0);
    expect(settled.files.has('/dev/null')).toBe(true);
    expect(settled.fingerprints.has('/dev/null')).toBe(false);
    const unhashed = emptyReads(false);
    expect(readRecorded(unhashed, money()).toString()).toContain('message Money');
    expect(unhashed.files.size + unhashed.fingerprints.size).toBe(0);
  });

  it('misses when a file with a fingerprint was rewritten to the same size and modification time', async () => {
    // A whole second, which utimes sets exactly (a file's own modification time has nanoseconds).
    const second = 1_700_000_000;
    utimesSync(money(), second, second);
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 2000);
    await load();
    expect(Object.keys(storedFingerprints())).toEqual([money()]);
    expect((await load()).findType('acme.Money')?.fields.currency).toBeDefined();
    expect(traces.filter((line) => line.includes('schema cache hit'))).toHaveLength(1);
    const before = statSync(money(), { bigint: true });
    writeFileSync(money(), readFileSync(money(), 'utf8').replace('currency', 'cvrrency'));
    utimesSync(money(), second, second);
    const after = statSync(money(), { bigint: true });
    expect([after.size, after.mtimeNs]).toEqual([before.size, before.mtimeNs]);
    expect((await load()).findType('acme.Money')?.fields.cvrrency).toBeDefined();
    expect(traces.filter((line) => line.includes('money.proto changed'))).toHaveLength(1);
  });
});
