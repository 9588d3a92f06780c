import protobuf from 'protobufjs';

/**
 * Schemas for the codec tests, loaded the way the engine loads .proto files (keepCase, comments kept), so
 * the tests see the same reflection objects production code does.
 */

const WELL_KNOWN_FILES = ['any', 'duration', 'timestamp', 'empty', 'struct', 'wrappers', 'field_mask'];

export const TEST_PROTO = `
syntax = "proto3";
package ferry.codec.v1;

import "google/protobuf/any.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/empty.proto";
import "google/protobuf/field_mask.proto";
import "google/protobuf/struct.proto";
import "google/protobuf/timestamp.proto";
import "google/protobuf/wrappers.proto";

// A colour, to test enums by name.
enum Color {
  COLOR_UNSPECIFIED = 0;
  // Like a tomato.
  COLOR_RED = 1;
  COLOR_GREEN = 2;
}

// A tree node: recursive through children.
message Node {
  string name = 1;
  repeated Node children = 2;
}

message Money {
  string currency_code = 1;
  int64 units = 2;
  int32 nanos = 3;
}

message LineItem {
  string sku = 1;
  Money price = 2;
}

message Order {
  // The order's items, in display order.
  repeated LineItem line_items = 1;
  map<string, Money> totals = 2;
  google.protobuf.Any extra = 3;
}

message Scalars {
  double double_value = 1;
  float float_value = 2;
  int32 int32_value = 3;
  int64 int64_value = 4;
  uint32 uint32_value = 5;
  uint64 uint64_value = 6;
  sint32 sint32_value = 7;
  sint64 sint64_value = 8;
  fixed32 fixed32_value = 9;
  fixed64 fixed64_value = 10;
  sfixed32 sfixed32_value = 11;
  sfixed64 sfixed64_value = 12;
  bool bool_value = 13;
  // A plain string.
  string string_value = 14;
  bytes bytes_value = 15;
  Color color = 16;
  repeated int64 ids = 17;
}

message Collections {
  repeated string tags = 1;
  map<string, int64> counts = 2;
  map<int64, string> labels = 3;
  map<bool, Color> flags = 4;
  map<uint64, Node> nodes = 5;
}

message Choices {
  oneof choice {
    string choice_text = 1;
    int32 choice_number = 2;
    Node choice_node = 3;
  }
  optional int32 maybe = 4;
  optional string maybe_text = 5;
  int32 plain = 6;
  Node root = 7;
}

message WellKnown {
  google.protobuf.Timestamp created_at = 1;
  google.protobuf.Duration timeout = 2;
  google.protobuf.FieldMask mask = 3;
  google.protobuf.Struct attributes = 4;
  google.protobuf.Value value = 5;
  google.protobuf.ListValue list = 6;
  google.protobuf.DoubleValue wrapped_double = 7;
  google.protobuf.FloatValue wrapped_float = 8;
  google.protobuf.Int64Value wrapped_int64 = 9;
  google.protobuf.UInt64Value wrapped_uint64 = 10;
  google.protobuf.Int32Value wrapped_int32 = 11;
  google.protobuf.UInt32Value wrapped_uint32 = 12;
  google.protobuf.BoolValue wrapped_bool = 13;
  google.protobuf.StringValue wrapped_string = 14;
  google.protobuf.BytesValue wrapped_bytes = 15;
  google.protobuf.Any any = 16;
  google.protobuf.Empty empty = 17;
  repeated google.protobuf.Timestamp history = 18;
  map<string, google.protobuf.Value> settings = 19;
}

message Mutual {
  Other other = 1;
  message Other {
    Mutual back = 1;
    string note = 2;
  }
}

message Nothing {}
`;

export function loadTestRoot(): protobuf.Root {
  const root = new protobuf.Root();
  for (const file of WELL_KNOWN_FILES) {
    const common = protobuf.common.get(`google/protobuf/${file}.proto`);
    if (!common?.nested) throw new Error(`protobufjs lacks google/protobuf/${file}.proto`);
    root.addJSON(common.nested);
  }
  protobuf.parse(TEST_PROTO, root, { keepCase: true, alternateCommentMode: true });
  root.resolveAll();
  return root;
}

export function testType(root: protobuf.Root, name: string): protobuf.Type {
  return root.lookupType(`ferry.codec.v1.${name}`);
}

/** Every message type in the root, well-known ones included, for tests that must hold for all of them. */
export function allMessageTypes(root: protobuf.Root): protobuf.Type[] {
  const types: protobuf.Type[] = [];
  const visit = (namespace: protobuf.NamespaceBase) => {
    for (const nested of namespace.nestedArray) {
      if (nested instanceof protobuf.Type) types.push(nested);
      if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) visit(nested);
    }
  };
  visit(root);
  return types;
}

