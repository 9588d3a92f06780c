import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FerryFailure } from '../../../shared/errors';
import { entryBytes, registryToCacheChunks } from './cached-schema';
import { registryFromCacheEntry } from './cached-root';
import { describeSymbol } from './describe-proto';
import { loadProtoFiles } from './load-proto-files';
import type { SchemaRegistry } from './schema-registry';

const SHOP = `syntax = "proto3";
package shop.v1;
import "google/protobuf/timestamp.proto";

// Order states.
enum State {
  STATE_UNSPECIFIED = 0;
  // Paid and waiting.
  STATE_OPEN = 1;
  STATE_CLOSED = 2;
}

// An order with everything describe must print.
message Order {
  string id = 1;
  // Line items by SKU.
  map<string, Item> items = 2;
  oneof payment {
    string card = 3;
    int64 voucher = 4;
  }
  optional string note = 5;
  repeated string tags = 6;
  google.protobuf.Timestamp created = 7;
  State state = 8;
  map<int64, string> labels = 9;
  message Item {
    int32 quantity = 1;
    Kind kind = 2;
    enum Kind {
      KIND_UNSPECIFIED = 0;
      KIND_BOOK = 1;
    }
  }
}

// Sells things.
service Shop {
  // Places an order.
  rpc Place(Order) returns (Order);
  rpc Watch(Order) returns (stream Order);
  rpc Upload(stream Order) returns (Order);
  rpc Chat(stream Order) returns (stream Order);
}
`;

const LEGACY = `syntax = "proto2";
package legacy.v1;
import "google/protobuf/descriptor.proto";
extend google.protobuf.FieldOptions { optional string unit = 50002; }
message Base {
  required string id = 1 [(unit) = "none"];
  optional int32 size = 2;
  oneof pick { string a = 3; int32 b = 4; }
  extensions 100 to 199, 500;
  message Part { optional string name = 1; }
}
message Holder {
  extend Base { optional string note = 100; }
}
extend Base { optional int32 level = 101; }
`;

const RESERVED = `syntax = "proto3";
package keep.v1;
message Account {
  string id = 1;
  reserved 2, 15 to 20, 100 to max;
  reserved "email", "phone";
}
enum Tier {
  TIER_UNSPECIFIED = 0;
  reserved 3, 10 to max;
  reserved "GOLD";
}
`;

const EDITION = `edition = "2023";
package keep.v2;
message Account {
  string id = 1;
  reserved 2;
  reserved email;
}
`;

let dir: string;
let registry: SchemaRegistry;
let legacy: SchemaRegistry;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ferry-describe-'));
  writeFileSync(join(dir, 'shop.proto'), SHOP);
  writeFileSync(join(dir, 'legacy.proto'), LEGACY);
  registry = await loadProtoFiles({ files: [join(dir, 'shop.proto')], importPaths: [dir] });
  legacy = await loadProtoFiles({ files: [join(dir, 'legacy.proto')], importPaths: [dir] });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('describeSymbol', () => {
  it('prints a service with stream keywords and docs', () => {
    expect(describeSymbol(registry, 'shop.v1.Shop')).toBe(`// shop.v1.Shop (${join(dir, 'shop.proto')})
// Sells things.
service Shop {
  // Places an order.
  rpc Place(shop.v1.Order) returns (shop.v1.Order);
  rpc Watch(shop.v1.Order) returns (stream shop.v1.Order);
  rpc Upload(stream shop.v1.Order) returns (shop.v1.Order);
  rpc Chat(stream shop.v1.Order) returns (stream shop.v1.Order);
}
`);
  });

  it('prints one method, by either spelling', () => {
    const text = describeSymbol(registry, 'shop.v1.Shop/Watch');
    expect(text).toBe(describeSymbol(registry, '.shop.v1.Shop.Watch'));
    expect(text.split('\n')[1]).toBe('rpc Watch(shop.v1.Order) returns (stream shop.v1.Order);');
  });

  it('prints a message with maps, a oneof in place, optional, repeated and nested types', () => {
    expect(describeSymbol(registry, 'shop.v1.Order').split('\n').slice(1).join('\n')).toBe(`// An order with everything describe must print.
message Order {
  string id = 1;
  // Line items by SKU.
  map<string, shop.v1.Order.Item> items = 2;
  oneof payment {
    string card = 3;
    int64 voucher = 4;
  }
  optional string note = 5;
  repeated string tags = 6;
  google.protobuf.Timestamp created = 7;
  shop.v1.State state = 8;
  map<int64, string> labels = 9;
  message Item {
    int32 quantity = 1;
    shop.v1.Order.Item.Kind kind = 2;
    enum Kind {
      KIND_UNSPECIFIED = 0;
      KIND_BOOK = 1;
    }
  }
}
`);
  });

  it('prints an enum with value docs', () => {
    expect(describeSymbol(registry, 'shop.v1.State').split('\n').slice(1).join('\n')).toBe(`// Order states.
enum State {
  STATE_UNSPECIFIED = 0;
  // Paid and waiting.
  STATE_OPEN = 1;
  STATE_CLOSED = 2;
}
`);
  });

  it("prints proto2's labels and extension ranges, and leaves out the fields extend blocks add", () => {
    expect(describeSymbol(legacy, 'legacy.v1.Base').split('\n').slice(1).join('\n')).toBe(`message Base {
  required string id = 1;
  optional int32 size = 2;
  oneof pick {
    string a = 3;
    int32 b = 4;
  }
  extensions 100 to 199, 500;
  message Part {
    optional string name = 1;
  }
}
`);
    expect(describeSymbol(legacy, 'google.protobuf.FieldOptions')).not.toContain('unit');
    expect(describeSymbol(legacy, 'google.protobuf.FieldOptions')).toContain('  extensions 1000 to max;\n');
  });

  it('prints reserved numbers and names of messages and enums, from .proto files and from the schema cache', async () => {
    writeFileSync(join(dir, 'reserved.proto'), RESERVED);
    const parsed = await loadProtoFiles({ files: [join(dir, 'reserved.proto')], importPaths: [dir] });
    const cached = registryFromCacheEntry(entryBytes(registryToCacheChunks(parsed)))!;
    for (const source of [parsed, cached]) {
      expect(describeSymbol(source, 'keep.v1.Account').split('\n').slice(1).join('\n')).toBe(`message Account {
  string id = 1;
  reserved 2, 15 to 20, 100 to max;
  reserved "email", "phone";
}
`);
      expect(describeSymbol(source, 'keep.v1.Tier').split('\n').slice(1).join('\n')).toBe(`enum Tier {
  TIER_UNSPECIFIED = 0;
  reserved 3, 10 to max;
  reserved "GOLD";
}
`);
    }
  });

  it('prints reserved names of an edition as identifiers', async () => {
    writeFileSync(join(dir, 'edition.proto'), EDITION);
    const parsed = await loadProtoFiles({ files: [join(dir, 'edition.proto')], importPaths: [dir] });
    expect(describeSymbol(parsed, 'keep.v2.Account')).toContain('  reserved 2;\n  reserved email;\n}');
  });

  it('is deterministic and fails with SYMBOL_NOT_FOUND for unknown names', () => {
    expect(describeSymbol(registry, 'shop.v1.Order')).toBe(describeSymbol(registry, 'shop.v1.Order'));
    expect(() => describeSymbol(registry, 'shop.v1.Ordr')).toThrow(FerryFailure);
  });

  it('describes the built-in types too', () => {
    expect(describeSymbol(registry, 'google.rpc.Status')).toContain('repeated google.protobuf.Any details = 3;');
  });
});
