import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configureTrace } from '../diagnostics/trace';
import { entryPieces } from './cache-entry-merge';
import { cacheChunks, entryBytes } from './cached-schema';
import { loadProtoFiles, parseInputs } from './load-proto-files';
import { openSchemaCache } from './open-schema-cache';
import { emptyReads } from './cache-reads';
import { parsePart, partOutcome, type ParsedPart, type PartJob } from './parse-part';
import { useParseThreads, type PartThread } from './split-load';
import { writeFiles } from '../testing/write-files';

let dir: string;
let traces: string[];
let restoreTrace: () => void;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ferry-split-load-'));
  traces = [];
  restoreTrace = configureTrace({ setting: 'schema', sink: (line) => traces.push(line) });
});
afterEach(() => {
  useParseThreads(undefined);
  restoreTrace();
  rmSync(dir, { recursive: true, force: true });
});

const write = (files: Record<string, string>): string[] => writeFiles(dir, files);

// Two slices that share an import, share a package whose files set one option to different values (the
// second part parses its own file first, then the first part's), extend each other's messages (at file
// level and from inside a message), and where the second brings its own google.rpc.Status, which one parse
// prefers to the built-in one.
const FIRST = {
  'a/common.proto': `syntax = "proto2";
package acme.common;
import "google/protobuf/descriptor.proto";
// Money, to the cent.
message Money { optional string currency = 1; optional int64 cents = 2; }
message Tag { optional string name = 1; extensions 100 to 200; }
extend google.protobuf.FieldOptions { optional string note = 50001; }
`,
  'a/orders.proto': `syntax = "proto3";
package acme.shop;
option java_package = "com.acme.shop";
option java_outer_classname = "OrdersProto";
import "a/common.proto";
import "google/rpc/status.proto";
message Order { acme.common.Money total = 1 [(acme.common.note) = "gross"]; google.rpc.Status last_error = 2; }
service Orders { rpc Get(Order) returns (Order); }
`,
};
const SECOND = {
  'b/items.proto': `syntax = "proto2";
package acme.shop;
option java_outer_classname = "ItemsProto";
import "a/common.proto";
import "a/orders.proto";
message Item {
  optional acme.common.Money price = 1;
  extend acme.common.Tag { optional int32 weight = 100; }
}
service Items { rpc Price(Item) returns (acme.common.Money); }
`,
  'b/more.proto': `syntax = "proto2";
package acme.common;
import "a/common.proto";
message Extra { optional Tag tag = 1; }
extend Tag { optional string label = 101; }
`,
  // A proto3 optional extension at file level: protobufjs puts a oneof for it in the package, with no file.
  'b/opts.proto': `syntax = "proto3";
package acme.opts;
import "google/protobuf/descriptor.proto";
extend google.protobuf.FieldOptions { optional string column_name = 50002; }
`,
  'b/status.proto': `syntax = "proto3";
package google.rpc;
// Ours, not the built-in one.
message Status { int32 code = 1; string message = 2; string hint = 9; }
`,
};

/** The entry one thread makes of every file, and the one two parts make of the two slices, as bytes. */
function wholeAndSplit(first: Record<string, string>, second: Record<string, string>) {
  const slices = [write(first), write(second)];
  const importPaths = [dir];
  const whole = parseInputs(slices.flat(), importPaths, emptyReads(false)).registry;
  const parts = slices.map((files) => parsePart({ files, importPaths }));
  const outcomes = [partOutcome(parts[0]!, undefined), partOutcome(parts[1]!, parts[0]!.parsed)];
  const pieces = entryPieces(outcomes.flatMap((o) => o.services), outcomes.map((o) => o.batch));
  return { whole: entryBytes(cacheChunks(whole.root, whole.listServices())), split: pieces && entryBytes(pieces) };
}

describe('a load split in parts', () => {
  it('makes the same schema cache entry, byte for byte, as one parse of every file', () => {
    const { whole, split } = wholeAndSplit(FIRST, SECOND);
    expect(split?.toString('latin1')).toBe(whole.toString('latin1'));
    const text = whole.toString('latin1');
    // The fixture exercises what it says: the user's Status, the nested and file-level extensions.
    expect(text).toContain('Ours, not the built-in one.');
    expect(text).toContain('"weight"');
    expect(text).toContain('"label"');
    expect(text).toContain('"acme.opts._column_name"');
    expect(text).toContain('["acme.shop",{"java_package":"com.acme.shop","java_outer_classname":"ItemsProto"}');
  });

  it('makes no entry when a unit a part parsed is written by none', () => {
    const slices = [write(FIRST), write(SECOND)];
    const parts = slices.map((files) => parsePart({ files, importPaths: [dir] }));
    // The second part told that the first wrote b/more.proto too, which it did not.
    const skipped = new Set([...parts[0]!.parsed, join(dir, 'b/more.proto')]);
    const outcomes = [partOutcome(parts[0]!, undefined), partOutcome(parts[1]!, skipped)];
    expect(entryPieces(outcomes.flatMap((o) => o.services), outcomes.map((o) => o.batch))).toBeUndefined();
  });

  it('makes no entry when two parts define one name, or one part a type another uses as a package', () => {
    const same = 'syntax = "proto3";\npackage dup;\nmessage A { string x = 1; }\n';
    expect(wholeAndSplit.bind(undefined, { 'x/one.proto': same }, { 'y/two.proto': same })).toThrow(/dup.A is already defined in .*x\/one.proto/);
    const parts = [write({ 'p/one.proto': same }), write({ 'q/two.proto': same.replace('string x', 'int32 y') })].map((files) => parsePart({ files, importPaths: [dir] }));
    const clash = entryPieces([], [partOutcome(parts[0]!, undefined).batch, partOutcome(parts[1]!, parts[0]!.parsed).batch]);
    expect(clash).toBeUndefined();
    const nested = [write({ 'r/one.proto': 'syntax = "proto3";\npackage n;\nmessage B { string x = 1; }\n' }), write({ 's/two.proto': 'syntax = "proto3";\npackage n.B.c;\nmessage D { string y = 1; }\n' })].map((files) => parsePart({ files, importPaths: [dir] }));
    expect(entryPieces([], [partOutcome(nested[0]!, undefined).batch, partOutcome(nested[1]!, nested[0]!.parsed).batch])).toBeUndefined();
  });
});

/** Parts run in this thread, one after another: the same messages in the same order as worker threads. */
function inThisThread(count: number, minBytes = 0) {
  const jobs: PartJob[] = [];
  const start = (job: PartJob): PartThread => {
    jobs.push(job);
    let part: ParsedPart | undefined;
    try {
      part = parsePart(job);
    } catch {
      part = undefined;
    }
    return {
      parsed: Promise.resolve(part && [...part.parsed]),
      outcome: async (excluded) => part && partOutcome(part, new Set(excluded)),
      stop: () => undefined,
    };
  };
  useParseThreads({ count, minBytes, start });
  return jobs;
}

describe('loadProtoFiles with threads to split over', () => {
  const files = { ...FIRST, ...SECOND, 'c/later.proto': 'syntax = "proto3";\npackage acme.later;\nimport "b/items.proto";\nmessage Late { acme.shop.Item item = 1; }\n' };

  it('splits a load to be stored into slices, and answers and stores what one parse would have', async () => {
    const paths = write(files);
    const jobs = inThisThread(3);
    const cache = openSchemaCache(join(dir, 'data'), { version: 'test' })!;
    const registry = await loadProtoFiles({ files: Object.keys(files), importPaths: [dir] }, { cache });
    expect(traces.some((line) => line.includes('parsed in 3 threads'))).toBe(true);
    expect(jobs.map((job) => job.files.length)).toEqual([expect.any(Number), expect.any(Number)]);
    expect(jobs.flatMap((job) => job.files).every((file) => paths.includes(file))).toBe(true);
    const whole = parseInputs(paths, [dir], emptyReads(false)).registry;
    expect(registry.listServices()).toEqual(whole.listServices());
    expect(registry.findType('acme.later.Late')!.toJSON({ keepComments: true })).toEqual(whole.findType('acme.later.Late')!.toJSON({ keepComments: true }));
    const stored = cache.lookup({ kind: 'proto-files', files: Object.keys(files), importPaths: [dir], cwd: process.cwd() })!;
    expect(stored.toString('latin1')).toBe(entryBytes(cacheChunks(whole.root, whole.listServices())).toString('latin1'));
    // What it was read from, for telling when that changes: every file of every part, once.
    expect([...registry.readFrom!.files()].sort()).toEqual([...paths].sort());
  });

  it('parses small loads in one thread, and says why with FERRY_TRACE=schema', async () => {
    write(files);
    const jobs = inThisThread(2, 1 << 20);
    const cache = openSchemaCache(join(dir, 'data'), { version: 'test' })!;
    await loadProtoFiles({ files: Object.keys(files), importPaths: [dir] }, { cache });
    expect(jobs).toEqual([]);
    expect(traces.some((line) => /parse not split: \d+ bytes of input files, under 1048576/.test(line))).toBe(true);
  });

  it('parses in one thread when a slice cannot stand alone, with the same result', async () => {
    // b/loose.proto names a type of a file it does not import: protobufjs finds it in one parse of them all.
    write({ ...FIRST, 'b/loose.proto': 'syntax = "proto3";\npackage acme.shop;\nmessage Loose { Order order = 1; }\n' });
    const jobs = inThisThread(2);
    const cache = openSchemaCache(join(dir, 'data'), { version: 'test' })!;
    const registry = await loadProtoFiles({ files: ['a/orders.proto', 'b/loose.proto'], importPaths: [dir] }, { cache });
    expect(jobs).toEqual([{ files: [join(dir, 'b/loose.proto')], importPaths: [dir] }]);
    expect(traces.some((line) => line.includes('parse not split: a part failed'))).toBe(true);
    expect(registry.findType('acme.shop.Loose')!.fields.order?.resolvedType?.fullName).toBe('.acme.shop.Order');
  });

  it('reports a parse error in the first slice as one parse would, without parsing again', async () => {
    write({ ...SECOND, 'a/common.proto': 'syntax = "proto3";\npackage acme.common;\nmessage Money { string currency = 1 }\n' });
    inThisThread(2);
    const cache = openSchemaCache(join(dir, 'data'), { version: 'test' })!;
    const load = loadProtoFiles({ files: ['a/common.proto', ...Object.keys(SECOND)], importPaths: [dir] }, { cache });
    await expect(load).rejects.toMatchObject({ error: { code: 'SCHEMA_ERROR', details: { file: join(dir, 'a/common.proto'), line: 3 } } });
    expect(traces.filter((line) => line.includes('parse not split'))).toEqual([]);
  });
});
