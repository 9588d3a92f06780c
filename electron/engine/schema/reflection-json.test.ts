import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { afterAll, describe, expect, it } from 'vitest';
import { BENCH_PROTO_ROOT } from '../testing/bench-server';
import { loadProtoFiles } from './load-proto-files';
import { reflectionJson } from './reflection-json';

const dir = mkdtempSync(join(tmpdir(), 'ferry-reflection-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Shapes the test protos lack: options of every kind (custom ones too), reserved names and ranges, extension
// ranges, extensions of another file's message, enum value options, comments with quotes and non-ASCII text.
const SHAPES = `syntax = "proto2";
package shapes.v1;
import "google/protobuf/descriptor.proto";
import "google/protobuf/timestamp.proto";

extend google.protobuf.FieldOptions { optional string label = 50001; }
extend google.protobuf.MethodOptions { optional Rule rule = 50002; }

// A rule, "quoted" \u2014 with a curly \u2019 and \u{1d11e}.
message Rule {
  option deprecated = true;
  optional string pattern = 1 [(label) = "pat", deprecated = true];
  repeated int64 ids = 2 [packed = true, json_name = "identifiers"];
  map<string, google.protobuf.Timestamp> seen = 3 [(label) = "m"];
  oneof pick {
    option (shapes.v1.Rule.note) = "o";
    string text = 4;
    int32 number = 5;
  }
  reserved 10 to 12, 20;
  reserved "old", "older";
  extensions 100 to 199;
  extend Rule { optional bool flagged = 150; }
  optional string note_text = 6 [default = "caf\u00e9"];
  extend google.protobuf.OneofOptions { optional string note = 50003; }
}

extend Rule { optional int32 weight = 101; }

enum Level {
  option allow_alias = true;
  LEVEL_UNSET = 0;
  LEVEL_LOW = 1 [deprecated = true, (label) = "low"];
  LEVEL_BOTTOM = 1;
  reserved 5 to 9;
  reserved "LEVEL_GONE";
}

// Checks rules.
service Checker {
  option deprecated = true;
  // One rule.
  rpc Check(Rule) returns (Rule) { option (rule) = { pattern: "x" }; option idempotency_level = NO_SIDE_EFFECTS; }
  rpc Watch(stream Rule) returns (stream Rule);
}
`;

type Walkable = protobuf.ReflectionObject & { nestedArray?: protobuf.ReflectionObject[] };

function namespaces(root: protobuf.Root): protobuf.ReflectionObject[] {
  const out: protobuf.ReflectionObject[] = [];
  const visit = (object: Walkable) => {
    out.push(object);
    for (const child of object.nestedArray ?? []) visit(child);
  };
  visit(root);
  return out;
}

const protobufJson = (object: protobuf.ReflectionObject): string =>
  JSON.stringify((object as protobuf.ReflectionObject & { toJSON(options: { keepComments: boolean }): unknown }).toJSON({ keepComments: true }));

describe('reflectionJson', () => {
  it('writes the text protobufjs toJSON gives, object by object, for every shape of the test protos and descriptor.proto', async () => {
    writeFileSync(join(dir, 'shapes.proto'), SHAPES);
    const roots = await Promise.all([
      loadProtoFiles({ files: ['shapes.proto'], importPaths: [dir] }),
      loadProtoFiles({ files: ['ferry/testing/v1/legacy.proto', 'ferry/testing/v1/types.proto', 'ferry/testing/v1/bench.proto'], importPaths: [BENCH_PROTO_ROOT] }),
    ]);
    for (const { root } of roots) {
      const objects = namespaces(root);
      expect(objects.length).toBeGreaterThan(20);
      for (const object of objects) expect(reflectionJson(object), object.fullName).toBe(protobufJson(object));
    }
    const shapes = roots[0]!.root;
    // The shapes really are there: a sister field of an extension, custom and built-in options, comments.
    expect(shapes.lookupType('shapes.v1.Rule').fieldsArray.some((field) => field.declaringField)).toBe(true);
    expect(reflectionJson(shapes)).toContain('"comment":"A rule, \\"quoted\\" \u2014 with a curly \u2019 and \u{1d11e}."');
    expect(reflectionJson(shapes.lookupService('shapes.v1.Checker'))).toContain('"(rule).pattern":"x"');
  });
});
