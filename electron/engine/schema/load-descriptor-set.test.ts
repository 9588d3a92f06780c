import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeToProtoJson } from '../codec/to-proto-json';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT, BENCH_TYPES_FILE } from '../testing/bench-server';
import { describeSymbol } from './describe-proto';
import { loadDescriptorSets } from './load-descriptor-set';
import { loadProtoFiles } from './load-proto-files';
import { rejectionOf } from '../../../tests/kit/failure-of';

/** The field as a MapField, failing the test when it is not one. */
function asMap(field: unknown): protobuf.MapField {
  expect(field).toBeInstanceOf(protobuf.MapField);
  return field as protobuf.MapField;
}

// Real descriptor sets from protoc (CI installs protobuf-compiler), as users make them.
let dir: string;
const protoc = (out: string, file: string, ...flags: string[]): string => {
  const path = join(dir, out);
  execFileSync('protoc', [`-I${BENCH_PROTO_ROOT}`, ...flags, `-o${path}`, file]);
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ferry-protoset-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadDescriptorSets', () => {
  it('loads a set with --include_imports: services, maps, well-known fields and comments', async () => {
    const registry = await loadDescriptorSets([protoc('full.pb', BENCH_PROTO_FILE, '--include_imports', '--include_source_info')]);
    expect(registry.listServices()[0]?.methods).toHaveLength(7);
    expect(registry.findMethod('ferry.testing.v1.Bench/ServerStream').kind).toBe('server-stream');
    const everything = registry.findType('ferry.testing.v1.Everything')!;
    const nodes = asMap(everything.fields.nodes);
    expect([nodes.keyType, nodes.resolvedType?.fullName]).toEqual(['string', '.ferry.testing.v1.Node']);
    expect(asMap(everything.fields.labels).keyType).toBe('int64');
    expect(everything.fields.any?.resolvedType?.fullName).toBe('.google.protobuf.Any');
    expect(everything.fields.string_value?.comment).toBe('A plain string.');
    expect(registry.findSymbol('ferry.testing.v1.Bench').comment).toBe("Bench service used by Ferry's tests and benchmarks.");
    expect((registry.findSymbol('ferry.testing.v1.Color') as protobuf.Enum).comment).toBe('A colour, to test enums by name.');
    expect(describeSymbol(registry, 'ferry.testing.v1.Everything')).toContain('  optional int32 maybe = 23;\n');
  });

  it('lists services from the descriptors exactly as the built types list them', async () => {
    const registry = await loadDescriptorSets([protoc('listed.pb', BENCH_PROTO_FILE, '--include_imports', '--include_source_info')]);
    const listed = registry.listServices();
    expect(listed.map((service) => service.fullName)).toContain('ferry.testing.v1.Bench');
    expect(listed.find((service) => service.name === 'Bench')?.doc).toBe("Bench service used by Ferry's tests and benchmarks.");
    void registry.root;
    expect(registry.listServices()).toEqual(listed);
  });

  it('names both files when two define the same name', async () => {
    const own = (name: string) => {
      writeFileSync(join(dir, name), 'syntax = "proto3";\npackage dup.v1;\nmessage Thing { string id = 1; }\n');
      execFileSync('protoc', [`-I${dir}`, `-o${join(dir, `${name}.pb`)}`, name], { cwd: dir });
      return join(dir, `${name}.pb`);
    };
    const error = await rejectionOf(loadDescriptorSets([own('one.proto'), own('two.proto')]));
    expect(error).toMatchObject({ code: 'SCHEMA_ERROR', message: 'dup.v1.Thing is defined in both one.proto and two.proto', details: { file: 'two.proto' } });
  });

  it('keeps int64 map keys intact through encode and decode', async () => {
    const registry = await loadDescriptorSets([protoc('keys.pb', BENCH_TYPES_FILE, '--include_imports')]);
    // Bytes written by a schema parsed from text, read with the one from the descriptor set.
    const text = await loadProtoFiles({ files: [BENCH_TYPES_FILE], importPaths: [BENCH_PROTO_ROOT] });
    const source = text.findType('ferry.testing.v1.Everything')!;
    const bytes = source.encode(source.fromObject({ labels: { '-5': 'negative', '9007199254740993': 'beyond double' }, nodes: { a: { name: 'n' } } })).finish();
    const json = decodeToProtoJson(registry.findType('ferry.testing.v1.Everything')!, bytes) as Record<string, unknown>;
    expect(json.labels).toEqual({ '-5': 'negative', '9007199254740993': 'beyond double' });
    expect(json.nodes).toEqual({ a: { name: 'n' } });
  });

  it('fills in the well-known types when the set leaves out its imports', async () => {
    const registry = await loadDescriptorSets([protoc('types-only.pb', BENCH_TYPES_FILE)]);
    const everything = registry.findType('ferry.testing.v1.Everything')!;
    expect(everything.fields.created_at?.resolvedType?.fullName).toBe('.google.protobuf.Timestamp');
    expect(everything.fields.attributes?.resolvedType?.fullName).toBe('.google.protobuf.Struct');
    expect(registry.findType('google.rpc.Status')).toBeDefined();
  });

  it('fills in descriptor.proto for a custom option when the set leaves out its imports', async () => {
    writeFileSync(join(dir, 'notes.proto'), `syntax = "proto3";
package notes.v1;
import "google/protobuf/descriptor.proto";
extend google.protobuf.MethodOptions { string route = 50001; }
message Note { string text = 1; }
service Notes { rpc Get(Note) returns (Note) { option (route) = "/notes"; } }
`);
    const set = join(dir, 'notes.pb');
    execFileSync('protoc', [`-I${dir}`, `-o${set}`, 'notes.proto']);
    const registry = await loadDescriptorSets([set]);
    // Building the types used to fail: "unresolvable extensions: 'extend .google.protobuf.MethodOptions'".
    expect(registry.findMethod('notes.v1.Notes/Get').path).toBe('/notes.v1.Notes/Get');
    expect(registry.findType('google.protobuf.MethodOptions')?.fields['.notes.v1.route']?.id).toBe(50001);
  });

  it('names a missing non-well-known dependency and the file needing it', async () => {
    const error = await rejectionOf(loadDescriptorSets([protoc('bench-only.pb', BENCH_PROTO_FILE)]));
    expect(error.code).toBe('SCHEMA_ERROR');
    expect(error.message).toMatch(/^ferry\/testing\/v1\/bench\.proto refers to ferry\.testing\.v1\.\w+, which no file in the schema defines/);
    expect(error.details?.hint).toContain('--include_imports');
  });

  it('combines several sets that complete each other', async () => {
    const registry = await loadDescriptorSets([protoc('a.pb', BENCH_PROTO_FILE), protoc('b.pb', BENCH_TYPES_FILE)]);
    expect(registry.findMethod('ferry.testing.v1.Bench.Inspect').requestType.fullName).toBe('.ferry.testing.v1.Everything');
  });

  it('reports unreadable and malformed files as values', async () => {
    expect((await rejectionOf(loadDescriptorSets([join(dir, 'absent.pb')]))).code).toBe('IO_ERROR');
    const junk = join(dir, 'junk.pb');
    writeFileSync(junk, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    const error = await rejectionOf(loadDescriptorSets([junk]));
    expect(error).toMatchObject({ code: 'SCHEMA_ERROR', details: { file: junk } });
    expect((await rejectionOf(loadDescriptorSets([]))).code).toBe('BAD_INPUT');
  });

  it('says where a set stops being protobuf: cut short, or not protobuf at all', async () => {
    const whole = readFileSync(protoc('whole.pb', BENCH_PROTO_FILE, '--include_imports'));
    const cut = join(dir, 'cut.pb');
    writeFileSync(cut, whole.subarray(0, 100));
    expect((await rejectionOf(loadDescriptorSets([cut]))).message).toMatch(
      new RegExp(`^${cut} is not a descriptor set \\(protoc -o / buf build -o\\): it ends early: at byte \\d+, \\d+ more bytes are due, but the file has 100 \\(a file cut short\\?\\)$`),
    );
    const text = join(dir, 'text.pb');
    writeFileSync(text, 'syntax = "proto3";\n');
    expect((await rejectionOf(loadDescriptorSets([text]))).message).toMatch(/: byte \d+ is no protobuf field \(wire type \d\)$/);
  });

  it('refuses an empty descriptor set instead of showing an empty schema', async () => {
    const empty = join(dir, 'empty.pb');
    writeFileSync(empty, '');
    expect(await rejectionOf(loadDescriptorSets([empty]))).toMatchObject({
      code: 'SCHEMA_ERROR',
      message: `${empty} is an empty descriptor set: it describes no .proto files`,
      details: { file: empty },
    });
  });
});
