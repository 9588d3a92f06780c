import type protobuf from 'protobufjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProtoFiles } from '../schema/load-proto-files';
import { BENCH_PROTO_ROOT, BENCH_TYPES_FILE } from '../testing/bench-server';
import { goJsonIndent } from './go-json';
import { formatGrpcurlJson } from './grpcurl-json';
import { encodeTextFormat } from './text-format';

let everything: protobuf.Type;
let record: protobuf.Type;

beforeAll(async () => {
  const registry = await loadProtoFiles({ files: [BENCH_TYPES_FILE, 'ferry/testing/v1/legacy.proto'], importPaths: [BENCH_PROTO_ROOT] });
  everything = registry.findType('ferry.testing.v1.Everything')!;
  record = registry.findType('ferry.testing.v1.Record')!;
});

const json = (type: protobuf.Type, text: string, options = {}) => formatGrpcurlJson(type, encodeTextFormat(type, text), options);

// Expected texts follow jhump/protoreflect's dynamic JSON, golang/protobuf's jsonpb and Go's json.Indent.
describe("grpcurl's response JSON", () => {
  it('fields by number, 64-bit integers quoted, Go float forms, sorted map keys, HTML escapes, well-known types', () => {
    const text = `int64_value: -5 uint64_value: 18446744073709551615 double_value: 1234567 float_value: 0.1 color: COLOR_RED
      bytes_value: "\\001\\002" string_value: "<a&b>" tags: ["x"] counts { key: "b" value: 2 } counts { key: "a" value: 1 }
      labels { key: 10 value: "ten" } labels { key: -1 value: "minus" } choice_number: 0 maybe: 0 root { name: "r" }
      created_at { seconds: 1700000000 nanos: 5000000 } timeout { seconds: -1 nanos: -500000000 } wrapped_int64 { value: 7 } empty {}
      any { [type.googleapis.com/ferry.testing.v1.Node] { name: "n" children { name: "c" } } } value { number_value: 1e21 }
      list { values { string_value: "s" } values { bool_value: true } }
      attributes { fields { key: "z" value { null_value: NULL_VALUE } } fields { key: "a" value { number_value: 0.5 } } }`;
    expect(json(everything, text)).toBe(`{
  "doubleValue": 1.234567e+06,
  "floatValue": 0.1,
  "int64Value": "-5",
  "uint64Value": "18446744073709551615",
  "stringValue": "\\u003ca\\u0026b\\u003e",
  "bytesValue": "AQI=",
  "color": "COLOR_RED",
  "tags": [
    "x"
  ],
  "counts": {
    "a": "1",
    "b": "2"
  },
  "labels": {
    "-1": "minus",
    "10": "ten"
  },
  "choiceNumber": 0,
  "maybe": 0,
  "root": {
    "name": "r"
  },
  "createdAt": "2023-11-14T22:13:20.005Z",
  "timeout": "-1.500s",
  "attributes": {
    "a": 0.5,
    "z": null
  },
  "value": 1e+21,
  "list": [
    "s",
    true
  ],
  "wrappedInt64": "7",
  "any": {
    "@type": "type.googleapis.com/ferry.testing.v1.Node",
    "children": [
      {
        "name": "c"
      }
    ],
    "name": "n"
  },
  "empty": {}
}`);
  });

  it('-emit-defaults: every field, null for unset messages, oneof members left out', () => {
    const lines = json(everything, 'string_value: "x"', { emitDefaults: true }).split('\n');
    expect(lines.slice(0, 5)).toEqual(['{', '  "doubleValue": 0,', '  "floatValue": 0,', '  "int32Value": 0,', '  "int64Value": "0",']);
    expect(lines).toContain('  "color": "COLOR_UNSPECIFIED",');
    expect(lines).toContain('  "tags": [],');
    expect(lines).toContain('  "counts": {},');
    expect(lines).toContain('  "root": null,');
    expect(lines.join('\n')).not.toMatch(/choice|maybe/);
    expect(lines.slice(-2)).toEqual(['  "empty": null', '}']);
  });

  it('proto2 declared defaults, groups and extensions; proto names with -keep-proto-names', () => {
    const out = json(record, 'id: 1 Note { text: "n" } [ferry.testing.v1.tag]: "t"', { emitDefaults: true });
    expect(out).toContain('"stringValue": "unset",');
    expect(out).toContain('"kind": "KIND_ONE",');
    expect(out).toContain('"note": {\n    "text": "n",\n    "marks": []\n  },');
    expect(out).toContain('"[ferry.testing.v1.tag]": "t"');
    expect(json(record, 'id: 1 int32_value: 5', { origName: true })).toBe('{\n  "int32_value": 5,\n  "id": 1\n}');
  });

  it('an Any grpcurl cannot resolve: the raw value, with @error', () => {
    expect(json(everything, 'any { type_url: "type.googleapis.com/google.rpc.ErrorInfo" value: "\\n\\001x" }')).toBe(`{
  "any": {
    "@error": "google.rpc.ErrorInfo is not recognized; see @value for raw binary message data",
    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
    "@value": "CgF4"
  }
}`);
  });

  it('an empty message, and special floats', () => {
    expect(json(everything, '')).toBe('{}');
    expect(json(everything, 'double_value: nan float_value: -inf')).toBe('{\n  "doubleValue": "NaN",\n  "floatValue": "-Infinity"\n}');
  });
});

describe("Go's json.Indent", () => {
  it('keeps empty objects and arrays on one line and leaves strings alone', () => {
    expect(goJsonIndent('{"a":[],"b":{},"c":[1,{"d":"x, y: {z}"}]}')).toBe('{\n  "a": [],\n  "b": {},\n  "c": [\n    1,\n    {\n      "d": "x, y: {z}"\n    }\n  ]\n}');
  });
});
