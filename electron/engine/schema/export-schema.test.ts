import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverByReflection } from '../reflection/discover-by-reflection';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT, startBenchServer } from '../testing/bench-server';
import { describeSymbolText } from './export-describe';
import { SchemaExporter } from './export-schema';
import { printProtoFile, writeProtoFiles, writeProtoset } from './export-write';
import { loadDescriptorSets } from './load-descriptor-set';
import { loadProtoFiles } from './load-proto-files';
import type { SchemaRegistry } from './schema-registry';

const LEGACY_FILE = 'ferry/testing/v1/legacy.proto';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ferry-export-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function protoc(...args: string[]): string {
  return execFileSync('protoc', args, { encoding: 'utf8' });
}

/** Exports `symbols`, then has protoc compile both the descriptor set and the .proto files. */
async function exportAndCompile(registry: SchemaRegistry, symbols: string[], name: string): Promise<{ names: string[]; protos: string }> {
  const files = new SchemaExporter(registry).filesFor(symbols);
  const names = files.map((f) => f.file.name!);
  const protoset = join(dir, `${name}.pb`);
  await writeProtoset(protoset, files);
  // protoc rebuilds every file of the set from its descriptor: a missing dependency or type fails here.
  protoc(`--descriptor_set_in=${protoset}`, `--descriptor_set_out=${join(dir, `${name}-check.pb`)}`, ...names);
  const protos = join(dir, `${name}-protos`);
  await writeProtoFiles(protos, registry, files);
  protoc(`-I${protos}`, `-o${join(dir, `${name}-compiled.pb`)}`, ...names);
  return { names, protos };
}

describe('schema export (-protoset-out, -proto-out-dir) compiles with protoc', () => {
  it('from .proto files: every field kind, groups, extensions, defaults, reserved ranges', async () => {
    const registry = await loadProtoFiles({ files: [BENCH_PROTO_FILE, LEGACY_FILE], importPaths: [BENCH_PROTO_ROOT] });
    const { names, protos } = await exportAndCompile(registry, ['ferry.testing.v1.Bench', 'ferry.testing.v1.Record'], 'files');
    expect(names.slice(-3)).toEqual(['ferry/testing/v1/types.proto', 'ferry/testing/v1/bench.proto', LEGACY_FILE]);
    expect(names.indexOf('google/protobuf/timestamp.proto')).toBeLessThan(names.indexOf('ferry/testing/v1/types.proto'));
    // The exported files mean what the originals mean: protoc encodes the same text to the same bytes.
    const text = 'id: 1 Note { text: "n" } counts { key: "a" value: 1 } [ferry.testing.v1.tag]: "t" kind: KIND_NEGATIVE';
    const original = execFileSync('protoc', [`-I${BENCH_PROTO_ROOT}`, '--encode=ferry.testing.v1.Record', LEGACY_FILE], { input: text });
    const exported = execFileSync('protoc', [`-I${protos}`, '--encode=ferry.testing.v1.Record', LEGACY_FILE], { input: text });
    expect(exported.toString('hex')).toBe(original.toString('hex'));
    expect(readFileSync(join(protos, LEGACY_FILE), 'utf8')).toContain('optional string string_value = 14 [default = "unset"];');
  });

  it('from a descriptor set made by protoc', async () => {
    const set = join(dir, 'input.pb');
    protoc(`-I${BENCH_PROTO_ROOT}`, '--include_imports', `-o${set}`, BENCH_PROTO_FILE, LEGACY_FILE);
    const registry = await loadDescriptorSets([set]);
    const { names } = await exportAndCompile(registry, ['ferry.testing.v1.Bench.Inspect', 'ferry.testing.v1.Part'], 'set');
    expect(names).toContain(LEGACY_FILE);
    expect(names).toContain('ferry/testing/v1/bench.proto');
  });

  it('from an @grpc/reflection server that sends one file per package and no dependencies', async () => {
    const server = await startBenchServer();
    const client = new grpc.Client(server.target, grpc.credentials.createInsecure());
    try {
      const registry = await discoverByReflection({ client });
      const { names, protos } = await exportAndCompile(registry, ['ferry.testing.v1.Bench'], 'reflection');
      expect(names).toContain('ferry_testing_v1.proto');
      expect(names).not.toContain('google_protobuf.proto');
      const exported = readFileSync(join(protos, 'ferry_testing_v1.proto'), 'utf8');
      expect(exported).toContain('import "google/protobuf/timestamp.proto";');
      expect(exported).toContain('optional int32 maybe = 23;');
      expect(exported).toContain('map<string, Node> nodes = 20;');
    } finally {
      client.close();
      await server.close();
    }
  });
});

describe('describe in protoprint layout', () => {
  let exporter: SchemaExporter;
  beforeAll(async () => {
    exporter = new SchemaExporter(await loadProtoFiles({ files: [BENCH_PROTO_FILE, LEGACY_FILE], importPaths: [BENCH_PROTO_ROOT] }));
  });

  it('a service: methods sorted by name, types fully qualified, doc comments kept', () => {
    const { kind, text } = describeSymbolText(exporter, 'ferry.testing.v1.Bench');
    expect(kind).toBe('a service');
    expect(text.split('\n').slice(0, 4)).toEqual([
      "// Bench service used by Ferry's tests and benchmarks.",
      'service Bench {',
      '  // Echoes every request as it arrives.',
      '  rpc Bidi ( stream .ferry.testing.v1.EchoRequest ) returns ( stream .ferry.testing.v1.EchoResponse );',
    ]);
    expect(text.endsWith('rpc Slow ( .ferry.testing.v1.SlowRequest ) returns ( .ferry.testing.v1.EchoResponse );\n}')).toBe(true);
  });

  it('a proto2 message: fields by number, oneof in place, groups inline, ranges after nested types', () => {
    const { text } = describeSymbolText(exporter, 'ferry.testing.v1.Record');
    const lines = text.split('\n');
    expect(lines).toContain('  optional .ferry.testing.v1.Kind kind = 16 [default = KIND_ONE];');
    expect(lines).toContain('  repeated sint64 packed = 18 [packed = true];');
    expect(lines).toContain('  map<uint32, .ferry.testing.v1.Part> parts_by_id = 23;');
    expect(lines.slice(lines.indexOf('  oneof choice {'), lines.indexOf('  oneof choice {') + 4)).toEqual([
      '  oneof choice {', '    string choice_text = 24;', '    .ferry.testing.v1.Part choice_part = 25;', '  }',
    ]);
    expect(lines.slice(-4)).toEqual(['  extensions 100 to 199;', '  reserved 50 to 59;', '  reserved "old_name";', '}']);
  });

  it('every kind of symbol, with the kind grpcurl names', () => {
    const kinds = Object.fromEntries(['ferry.testing.v1.Bench.Echo', 'ferry.testing.v1.Kind', 'ferry.testing.v1.KIND_ONE', 'ferry.testing.v1.Everything.choice',
      'ferry.testing.v1.Everything.maybe', 'ferry.testing.v1.tag', 'ferry.testing.v1.Record.Note', 'ferry.testing.v1.Record.note',
      'ferry.testing.v1.Everything.CountsEntry'].map((s) => [s, describeSymbolText(exporter, s)]));
    expect(kinds['ferry.testing.v1.Bench.Echo']!.kind).toBe('a method');
    expect(kinds['ferry.testing.v1.KIND_ONE']!.text).toBe('KIND_ONE = 1;');
    expect(kinds['ferry.testing.v1.Kind']!.text).toBe('// A kind of record.\nenum Kind {\n  KIND_NEGATIVE = -2;\n  KIND_ZERO = 0;\n  KIND_ONE = 1;\n}');
    expect(kinds['ferry.testing.v1.Everything.choice']!.kind).toBe('a one-of');
    expect(kinds['ferry.testing.v1.Everything.maybe']!.text).toBe('optional int32 maybe = 23;');
    expect(kinds['ferry.testing.v1.tag']!.text).toBe('extend .ferry.testing.v1.Record {\n  optional string tag = 100;\n}');
    expect(kinds['ferry.testing.v1.Record.Note']!.kind).toBe('the type of a group field');
    expect(kinds['ferry.testing.v1.Record.note']!.kind).toBe('a group field');
    expect(kinds['ferry.testing.v1.Everything.CountsEntry']).toMatchObject({ kind: 'the entry type for a map field', text: 'map<string, int64> counts = 18;' });
  });

  it('a .proto file with relative names only where protoc reads them the same way', async () => {
    const registry = await loadProtoFiles({ files: [BENCH_PROTO_FILE], importPaths: [BENCH_PROTO_ROOT] });
    const exporter = new SchemaExporter(registry);
    const types = exporter.filesFor(['ferry.testing.v1.Everything']).at(-1)!;
    const text = printProtoFile(registry, types);
    expect(text.startsWith('syntax = "proto3";\n\npackage ferry.testing.v1;\n\nimport "google/protobuf/any.proto";\n\n')).toBe(true);
    expect(text).toContain('  map<string, Node> nodes = 20;\n');
    expect(text).toContain('  google.protobuf.Timestamp created_at = 30;\n');
  });
});
