import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor.js';
import { afterAll, describe, expect, it } from 'vitest';
import { BENCH_PROTO_ROOT } from '../testing/bench-server';
import { decodePlain } from './plain-decode';

const dir = mkdtempSync(join(tmpdir(), 'ferry-plain-decode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const types = descriptor as unknown as protobuf.Root;
const FileDescriptorProto = types.lookupType('google.protobuf.FileDescriptorProto');

/** What protobufjs's generated code gives for the same bytes: its result, or the message it throws. */
function generated(type: protobuf.Type, bytes: Uint8Array): unknown {
  try {
    return type.toObject(type.decode(bytes), { longs: String });
  } catch (reason) {
    return { threw: (reason as Error).message };
  }
}

function plainOrThrown(type: protobuf.Type, bytes: Uint8Array): unknown {
  try {
    return decodePlain(type, bytes);
  } catch (reason) {
    return { threw: (reason as Error).message };
  }
}

/** Equal values with keys in the same order (JSON text) and the same kinds of values (bytes stay bytes). */
function expectSame(type: protobuf.Type, bytes: Uint8Array): void {
  const ours = plainOrThrown(type, bytes);
  const theirs = generated(type, bytes);
  expect(ours).toStrictEqual(theirs);
  expect(JSON.stringify(ours)).toBe(JSON.stringify(theirs));
}

/** The file descriptors of a set protoc wrote, each as its own bytes. */
function filesOf(set: Uint8Array): Uint8Array[] {
  const reader = protobuf.Reader.create(set);
  const files: Uint8Array[] = [];
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1) files.push(reader.bytes());
    else reader.skipType(tag & 7);
  }
  return files;
}

const field = (number: number, wireType: number) => (number << 3) | wireType;

describe('decodePlain', () => {
  it('gives what protobufjs decode + toObject give for every file protoc writes of the test protos and descriptor.proto, source info included', () => {
    const path = join(dir, 'all.pb');
    const protos = ['ferry/testing/v1/legacy.proto', 'ferry/testing/v1/types.proto', 'ferry/testing/v1/bench.proto', 'google/protobuf/descriptor.proto'];
    execFileSync('protoc', [`-I${BENCH_PROTO_ROOT}`, '--include_imports', '--include_source_info', `-o${path}`, ...protos]);
    const files = filesOf(readFileSync(path));
    expect(files.length).toBeGreaterThanOrEqual(protos.length);
    for (const bytes of files) expectSame(FileDescriptorProto, bytes);
    const legacy = decodePlain(FileDescriptorProto, files.find((bytes) => Buffer.from(bytes).includes('legacy.proto'))!);
    expect(legacy).toMatchObject({ name: 'ferry/testing/v1/legacy.proto', package: 'ferry.testing.v1' });
    expect((legacy.messageType as unknown[]).length).toBeGreaterThan(2);
  });

  it('follows protobufjs on unusual wire data: unknown fields, wrong wire types, unknown enum values, merges, packed lists', () => {
    const options = (pkg: string) => protobuf.Writer.create().uint32(field(1, 2)).string(pkg).finish();
    const fieldProto = protobuf.Writer.create()
      .uint32(field(1, 2)).string('f')
      .uint32(field(4, 0)).int32(99) // label: not a value of the closed enum Label
      .uint32(field(5, 0)).int32(9) // type: TYPE_STRING
      .uint32(field(3, 2)).string('not a number') // number written with the wrong wire type
      .uint32(field(3, 0)).int32(7)
      .finish();
    const location = protobuf.Writer.create().uint32(field(1, 2)).fork().int32(4).int32(0).int32(2).ldelim().uint32(field(2, 0)).int32(3).uint32(field(2, 0)).int32(5).finish();
    const file = protobuf.Writer.create()
      .uint32(field(1, 2)).string('odd.proto')
      .uint32(field(8, 2)).bytes(options('first.pkg')) // FileOptions.java_package…
      .uint32(field(8, 2)).bytes(protobuf.Writer.create().uint32(field(11, 2)).string('go/pkg').finish()) // …merged with go_package
      .uint32(field(999, 2)).string('unknown field')
      .uint32(field(10, 0)).int32(0).uint32(field(10, 0)).int32(1) // public_dependency, unpacked
      .uint32(field(4, 2)).bytes(protobuf.Writer.create().uint32(field(1, 2)).string('M').uint32(field(2, 2)).bytes(fieldProto).finish())
      .uint32(field(9, 2)).bytes(protobuf.Writer.create().uint32(field(1, 2)).bytes(location).finish())
      .finish();
    expectSame(FileDescriptorProto, file);
    expect(decodePlain(FileDescriptorProto, file)).toMatchObject({ options: { javaPackage: 'first.pkg', goPackage: 'go/pkg' }, publicDependency: [0, 1] });
    // A message merged from two occurrences whose second brings a lower-numbered field, and a repeated field
    // split around another: keys still in field-number order.
    const merged = protobuf.Writer.create()
      .uint32(field(10, 0)).int32(2)
      .uint32(field(8, 2)).bytes(protobuf.Writer.create().uint32(field(11, 2)).string('go/first').finish())
      .uint32(field(3, 2)).string('dep.proto')
      .uint32(field(8, 2)).bytes(options('java.second'))
      .uint32(field(10, 0)).int32(3)
      .finish();
    expectSame(FileDescriptorProto, merged);
    expect(Object.keys(decodePlain(FileDescriptorProto, merged).options as object)).toEqual(['javaPackage', 'goPackage']);
  });

  it('throws where protobufjs throws: a missing required field, bytes that end early', () => {
    const namePart = protobuf.Writer.create().uint32(field(3, 0)).bool(true).finish(); // is_extension without name_part
    const option = protobuf.Writer.create().uint32(field(2, 2)).bytes(namePart).finish();
    // FileOptions.uninterpreted_option holding it.
    const file = protobuf.Writer.create().uint32(field(8, 2)).bytes(protobuf.Writer.create().uint32(field(999, 2)).bytes(option).finish()).finish();
    expectSame(FileDescriptorProto, file);
    expect(plainOrThrown(FileDescriptorProto, file)).toEqual({ threw: "missing required 'namePart'" });
    const uninterpreted = types.lookupType('google.protobuf.UninterpretedOption');
    expectSame(uninterpreted, option);
    const whole = protobuf.Writer.create().uint32(field(1, 2)).string('cut.proto').uint32(field(4, 2)).bytes(Uint8Array.of(0x0a, 0x05, 0x41)).finish();
    expect(plainOrThrown(FileDescriptorProto, whole)).toHaveProperty('threw');
    expect(generated(FileDescriptorProto, whole)).toHaveProperty('threw');
  });
});
