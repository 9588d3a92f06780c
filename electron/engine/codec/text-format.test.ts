import { execFileSync } from 'node:child_process';
import type protobuf from 'protobufjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { failureOf } from '../../../tests/kit/failure-of';
import { loadProtoFiles } from '../schema/load-proto-files';
import { BENCH_PROTO_ROOT, BENCH_TYPES_FILE } from '../testing/bench-server';
import { decodeToTextFormat, encodeTextFormat } from './text-format';

// protoc (Debian protobuf-compiler) is the reference: what it encodes and decodes, we must too, byte for byte.
const LEGACY_FILE = 'ferry/testing/v1/legacy.proto';

function protoc(mode: 'encode' | 'decode', typeName: string, file: string, input: string | Uint8Array): Buffer {
  return execFileSync('protoc', [`-I${BENCH_PROTO_ROOT}`, `--${mode}=${typeName}`, file], { input });
}

let record: protobuf.Type;
let everything: protobuf.Type;

beforeAll(async () => {
  const registry = await loadProtoFiles({ files: [LEGACY_FILE, BENCH_TYPES_FILE], importPaths: [BENCH_PROTO_ROOT] });
  record = registry.findType('ferry.testing.v1.Record')!;
  everything = registry.findType('ferry.testing.v1.Everything')!;
});

/** Text → protoc's bytes must equal ours; protoc's printout of them must equal ours; and ours must parse back. */
function roundTrip(type: protobuf.Type, file: string, text: string): void {
  const name = type.fullName.slice(1);
  const expectedBytes = new Uint8Array(protoc('encode', name, file, text));
  expect(Buffer.from(encodeTextFormat(type, text)).toString('hex')).toBe(Buffer.from(expectedBytes).toString('hex'));
  const printed = protoc('decode', name, file, expectedBytes).toString('utf8');
  expect(decodeToTextFormat(type, expectedBytes, { expandAny: false })).toBe(printed);
  expect(Buffer.from(encodeTextFormat(type, printed)).toString('hex')).toBe(Buffer.from(expectedBytes).toString('hex'));
}

describe('text format against protoc, every field kind', () => {
  it('scalars of every width, with extreme values', () => {
    roundTrip(record, LEGACY_FILE, `id: 1
      int32_value: -2147483648 int64_value: -9223372036854775808 uint32_value: 4294967295 uint64_value: 18446744073709551615
      sint32_value: -5 sint64_value: -9223372036854775808 fixed32_value: 4294967295 fixed64_value: 18446744073709551615
      sfixed32_value: -2147483648 sfixed64_value: -1 bool_value: true`);
    roundTrip(record, LEGACY_FILE, 'id: 0x7f int32_value: 010 int64_value: -0x10 uint32_value: 0 bool_value: f');
  });

  it('floats and doubles, special values included, printed as protoc prints them', () => {
    roundTrip(record, LEGACY_FILE, `id: 2 double_value: -0 float_value: 0.1
      floats: [1e30, inf, -inf, nan, 0.000001, 123456789, 3.4028235e38, 1.17549435e-38, 1f, -2.5F]
      doubles: [0.1, 1e-7, 1e21, 100000, 1234567, -infinity, NaN, 2.2250738585072014e-308, 1.7976931348623157e308, 0.30000000000000004]`);
  });

  it('strings and bytes with every escape', () => {
    roundTrip(record, LEGACY_FILE, String.raw`id: 3 string_value: "tab\tquote\" apostrophe' backslash\\ é ☃ \001\x7f" "joined"
      bytes_value: '\000\377\x41\101\n\r\a\b\f\v\?\'' names: "" names: "\u00e9\U0001F600"`);
  });

  it('enums by name and by number, repeated (packed and not), nested messages', () => {
    roundTrip(record, LEGACY_FILE, `id: 4 kind: KIND_NEGATIVE unpacked: 1 unpacked: -2 unpacked: [3, 4] packed: [-1, 0, 1]
      part { number: 1 label: "a" } parts { number: 2 } parts < > parts: [{ label: "x" }, < number: 3 >]`);
    roundTrip(record, LEGACY_FILE, 'id: 5 kind: 1');
  });

  it('maps, oneofs, groups and extensions', () => {
    roundTrip(record, LEGACY_FILE, `id: 6 counts { key: "a" value: -1 } parts_by_id { key: 7 value { label: "seven" } }
      choice_part { number: 9 }
      Note { text: "n" marks: [1, 2] } Line { width: 2 } Line { }
      [ferry.testing.v1.tag]: "t" [ferry.testing.v1.extra_parts] { number: 1 } [ferry.testing.v1.marker] { level: 3 }`);
    roundTrip(record, LEGACY_FILE, 'id: 7 choice_text: "only"');
  });

  it('Any: the expanded form in, type_url and value out as protoc --decode prints them', () => {
    roundTrip(record, LEGACY_FILE, 'id: 8 any { [type.googleapis.com/ferry.testing.v1.Part] { number: 5 label: "in any" } }');
  });

  it('proto3: implicit presence, proto3 optional, maps, oneofs and the well-known types', () => {
    roundTrip(everything, BENCH_TYPES_FILE, `int32_value: 0 string_value: "" maybe: 0 tags: ["a", "b"] color: COLOR_GREEN
      counts { key: "x" value: 5 } labels { key: -3 value: "minus three" } nodes { key: "n" value { name: "leaf" children { } } }
      choice_number: 0 root { name: "r" children { name: "c" } }
      created_at { seconds: 1700000000 nanos: 5 } timeout { seconds: -1 nanos: -500000000 } mask { paths: "a.b" paths: "c" }
      attributes { fields { key: "k" value { list_value { values { number_value: 1.5 } values { null_value: NULL_VALUE } } } } }
      wrapped_int64 { value: 9223372036854775807 } wrapped_string { } wrapped_bool { value: true } empty { }
      any { [type.googleapis.com/google.protobuf.Duration] { seconds: 3 } }`);
  });
});

describe('the text format we print for Ferry', () => {
  it('expands an Any of a known type, and leaves an unknown one as type_url and value', () => {
    const bytes = encodeTextFormat(record, 'id: 1 any { [type.googleapis.com/ferry.testing.v1.Part] { number: 5 } }');
    expect(decodeToTextFormat(record, bytes)).toBe('any {\n  [type.googleapis.com/ferry.testing.v1.Part] {\n    number: 5\n  }\n}\nid: 1\n');
    const unknown = encodeTextFormat(record, 'id: 1 any { type_url: "type.googleapis.com/x.Nope" value: "\\010\\005" }');
    expect(decodeToTextFormat(record, unknown)).toBe('any {\n  type_url: "type.googleapis.com/x.Nope"\n  value: "\\010\\005"\n}\nid: 1\n');
  });

  it('prints fields the schema does not know by number', () => {
    const bytes = new Uint8Array([...encodeTextFormat(record, 'id: 1'), 0xc8, 0x0c, 0x05, 0xcd, 0x0c, 1, 0, 0, 0]);
    expect(decodeToTextFormat(record, bytes)).toBe('id: 1\n201: 5\n201: 0x00000001\n');
  });
});

describe('grpcurl layout (jhump/protoreflect MarshalTextIndent)', () => {
  it('uses angle brackets, no final newline, map entries sorted, groups in braces', () => {
    const bytes = encodeTextFormat(record, 'id: 1 part { number: 1 } counts { key: "b" value: 2 } counts { key: "a" value: 1 } Note { text: "x" } string_value: "it\'s"');
    expect(decodeToTextFormat(record, bytes, { layout: 'grpcurl' })).toBe([
      'string_value: "it\'s"', 'part: <', '  number: 1', '>', 'counts: <', '  key: "a"', '  value: 1', '>', 'counts: <', '  key: "b"', '  value: 2', '>',
      'Note{', '  text: "x"', '}', 'id: 1',
    ].join('\n'));
  });

  it('prints an empty nested message as jhump does, and Go-formatted floats', () => {
    const bytes = encodeTextFormat(record, 'id: 1 part { } doubles: [1234567, 0.0001, 0.00001] floats: 123456789');
    expect(decodeToTextFormat(record, bytes, { layout: 'grpcurl' })).toBe('part: <\n  \n>\nfloats: 1.2345679e+08\ndoubles: 1.234567e+06\ndoubles: 0.0001\ndoubles: 1e-05\nid: 1');
  });

  it('prints a well-known type inside a message on one line, as golang/protobuf compact text', () => {
    const bytes = encodeTextFormat(everything, 'created_at { seconds: 1 nanos: 2 } attributes { fields { key: "a" value { number_value: 1 } } }');
    expect(decodeToTextFormat(everything, bytes, { layout: 'grpcurl' })).toBe(
      'created_at: <\n  seconds:1 nanos:2 \n>\nattributes: <\n  fields:<key:"a" value:<number_value:1 > > \n>',
    );
  });
});

describe('text format errors name line, column and field path', () => {
  it('an unknown field, with the fields that exist', () => {
    const error = failureOf(() => encodeTextFormat(record, 'id: 1\npart {\n  numbr: 2\n}'));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toBe('invalid text format at line 3, column 3: part: unknown field "numbr" in ferry.testing.v1.Part');
    expect(error.details).toMatchObject({ line: 3, column: 3, fieldPath: 'part', expected: 'one of its fields: number, label' });
  });

  it('a bad value, with the path into a repeated field', () => {
    const error = failureOf(() => encodeTextFormat(record, 'parts {}\nparts { number: 2147483648 }', { file: 'req.txt' }));
    expect(error.message).toBe('invalid text format at line 2, column 17: parts[1].number: 2147483648 is out of range for int32');
    expect(error.details).toMatchObject({ file: 'req.txt', line: 2, column: 17, fieldPath: 'parts[1].number' });
  });

  it('a missing colon, an unclosed block, a field set twice, two oneof members, an unknown enum name', () => {
    expect(failureOf(() => encodeTextFormat(record, 'id 1')).message).toMatch(/line 1, column 4: expected ':' after the field name "id"/);
    expect(failureOf(() => encodeTextFormat(record, 'part { number: 1')).message).toMatch(/line 1, column 17: part: expected '}' but found end of input/);
    expect(failureOf(() => encodeTextFormat(record, 'id: 1 id: 2')).message).toMatch(/column 7: field "id" is set more than once/);
    expect(failureOf(() => encodeTextFormat(record, 'choice_text: "a" choice_part {}')).message).toMatch(/belong to the same oneof "choice"/);
    expect(failureOf(() => encodeTextFormat(record, 'kind: KIND_TWO')).details).toMatchObject({ fieldPath: 'kind', column: 7 });
    expect(failureOf(() => encodeTextFormat(record, 'string_value: "open')).message).toMatch(/string is not closed/);
    expect(failureOf(() => encodeTextFormat(record, 'int32_value: 1.5')).message).toMatch(/expected an int32/);
    expect(failureOf(() => encodeTextFormat(record, 'any { [type.googleapis.com/x.Missing] {} }')).message).toMatch(/x\.Missing, which is not in the schema/);
  });
});
