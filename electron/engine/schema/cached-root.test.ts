import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CacheIndex } from './cache-entry-format';
import { cacheChunks, entryBytes } from './cached-schema';
import { registryFromCacheEntry } from './cached-root';
import { describeSymbol } from './describe-proto';
import { loadDescriptorSets } from './load-descriptor-set';
import { loadProtoFiles } from './load-proto-files';
import type { SchemaRegistry } from './schema-registry';
import { failureOf } from '../../../tests/kit/failure-of';

const FILES: Record<string, string> = {
  'a/v1/svc.proto': `syntax = "proto3";
package a.v1;
import "google/protobuf/any.proto";
import "b/v1/thing.proto";
import "b/v1/kind.proto";
option java_package = "com.example.a";
service Svc {
  rpc Get(GetRequest) returns (b.v1.Thing);
  rpc Other(Lone) returns (Lone);
  rpc Echo(Lone) returns (Lone);
}
message GetRequest {
  string id = 1;
  google.protobuf.Any extra = 2;
  message Inner { b.v1.Kind kind = 1; }
  Inner inner = 3;
  map<string, Inner> by_name = 4;
}
message Lone { optional string note = 1; }
message Unrelated { string x = 1; }
`,
  'b/v1/thing.proto': `syntax = "proto2";
package b.v1;
message Thing {
  optional string name = 1;
  extensions 100 to 200;
}
message Holder {
  extend Thing { optional string note = 100; }
}
`,
  'b/v1/kind.proto': 'syntax = "proto3";\npackage b.v1;\nenum Kind { KIND_A = 0; KIND_B = 1; }\n',
  'c/ext.proto': `syntax = "proto2";
package c;
import "b/v1/thing.proto";
extend b.v1.Thing { optional int32 level = 101; }
message Far { optional string f = 1; }
`,
  'e/ed.proto': `edition = "2023";
package e;
option features.field_presence = IMPLICIT;
message Ed { string s = 1; int32 n = 2 [features.field_presence = EXPLICIT]; }
service EdService { rpc Echo(Ed) returns (Ed); }
`,
};

let dir: string;
let whole: SchemaRegistry;
let entry: Buffer;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ferry-cached-root-'));
  for (const [name, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  whole = await loadProtoFiles({ files: ['a/v1/svc.proto', 'c/ext.proto', 'e/ed.proto'], importPaths: [dir] });
  entry = entryBytes(cacheChunks(whole.root, whole.listServices()));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Whether the root holds a full name, walked without `lookup` (which grows a cached root). */
function holds(root: protobuf.Root, fullName: string): boolean {
  let object: protobuf.ReflectionObject | null = root;
  for (const name of fullName.split('.')) {
    object = object instanceof protobuf.Namespace ? object.get(name) : null;
    if (!object) return false;
  }
  return true;
}

/**
 * Every object under a root as JSON text: its protobufjs JSON and file, its fields' resolved types, presence
 * and files, its oneofs' files (proto3 `optional`'s oneof has none). As text: protobufjs objects also differ
 * in internals that change nothing, such as a parsed type's `_defaultEdition`, whichever way a root is built
 * from JSON.
 */
function shape(root: protobuf.Root): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (object: protobuf.ReflectionObject) => {
    if (object instanceof protobuf.Type) {
      const fields = object.fieldsArray.map((f) => [f.name, f.resolvedType?.fullName ?? f.type, f.hasPresence, f.filename]);
      const oneofs = object.oneofsArray.map((o) => [o.name, o.filename]);
      out.set(object.fullName, JSON.stringify({ json: object.toJSON({ keepComments: true }), fields, oneofs, file: object.filename }));
    } else if (!(object instanceof protobuf.Namespace)) {
      // An enum, service or extension field: each takes toJSON's options, which ReflectionObject's typing lacks.
      const json = (object as unknown as { toJSON(options: protobuf.IToJSONOptions): unknown }).toJSON({ keepComments: true });
      out.set(object.fullName, JSON.stringify({ json, file: object.filename }));
    }
    else out.set(object.fullName, JSON.stringify({ options: object.options, file: object.filename }));
    if (object instanceof protobuf.Namespace) for (const child of object.nestedArray) visit(child);
  };
  visit(root);
  return out;
}

/** Every declaration of an entry built alone (in a registry of its own) matches the whole schema. */
function expectEachAloneAsWhole(whole: SchemaRegistry, entry: Buffer): void {
  const index = JSON.parse(entry.toString('utf8', entry.lastIndexOf(0x0a) + 1)) as CacheIndex;
  const expected = shape(whole.root);
  for (const name of index.names) {
    if (whole.root.lookup(`.${name}`) instanceof protobuf.Field) continue;
    const cached = registryFromCacheEntry(entry)!;
    expect(describeSymbol(cached, name), name).toBe(describeSymbol(whole, name));
    for (const [fullName, value] of shape(cached.findSymbol(name).root)) expect(value, fullName).toEqual(expected.get(fullName));
  }
}

describe('a schema built from a cache entry as far as lookups need it', () => {
  it("builds a method's service and the types they refer to, what extends those, and the rest when asked", () => {
    const cached = registryFromCacheEntry(entry)!;
    const method = cached.findMethod('a.v1.Svc/Get');
    const root = method.requestType.root;
    for (const name of ['a.v1.Svc', 'a.v1.GetRequest', 'a.v1.Lone', 'b.v1.Thing', 'b.v1.Kind', 'b.v1.Holder', 'c.level', 'google.protobuf.Any', 'google.rpc.Status']) {
      expect(holds(root, name), name).toBe(true);
    }
    for (const name of ['a.v1.Unrelated', 'c.Far', 'e.Ed', 'e.EdService']) expect(holds(root, name), name).toBe(false);
    expect(method.responseType.fieldsArray.map((f) => f.name).sort()).toEqual(['.b.v1.Holder.note', '.c.level', 'name']);
    expect(cached.findType('a.v1.Unrelated')?.root).toBe(root);
    expect(holds(root, 'c.Far')).toBe(false);
    expect(cached.root).toBe(root);
    expect(cached.findType('a.v1.GetRequest')).toBe(method.requestType);
    expect(shape(cached.root)).toEqual(shape(whole.root));
  });

  it('finds a method named without its package from the service list, building only its service; several matches are an error', () => {
    const cached = registryFromCacheEntry(entry)!;
    const root = cached.findMethod('Svc/Other').requestType.root;
    expect(cached.findMethod('Other').path).toBe('/a.v1.Svc/Other');
    expect(holds(root, 'a.v1.Unrelated')).toBe(false);
    expect(failureOf(() => cached.findMethod('Echo'))).toEqual(failureOf(() => whole.findMethod('Echo')));
    expect(failureOf(() => cached.findMethod('Echo')).message).toBe('method "Echo" is ambiguous: it matches a.v1.Svc/Echo, e.EdService/Echo');
    expect((cached as unknown as { built?: protobuf.Root }).built).toBeUndefined();
  });

  it('says what a mistyped name is close to from the entry alone, as the whole schema does, inside a message too', () => {
    const cached = registryFromCacheEntry(entry)!;
    for (const typo of ['a.v1.Svc/Gett', 'b.v1.Thinq', 'a.v1.Svk', 'a.v1.GetRequest.Inerr']) {
      const expected = failureOf(() => whole.findSymbol(typo));
      expect(expected.details?.hint).toMatch(/^did you mean /);
      expect(failureOf(() => cached.findSymbol(typo))).toEqual(expected);
    }
    expect(failureOf(() => cached.findMethod('a.v1.Svc/Gett')).details?.hint).toBe('did you mean a.v1.Svc.Get?');
    expect(failureOf(() => cached.findSymbol('a.v1.GetRequest.Inerr')).details?.hint).toBe('did you mean a.v1.GetRequest.Inner?');
    expect((cached as unknown as { built?: protobuf.Root }).built).toBeUndefined();
  });

  it("gives a root built from an entry without the built-ins Ferry's own, whatever the first lookup was", () => {
    const bare = new protobuf.Root();
    bare.addJSON({ a: { nested: { M: { fields: { x: { type: 'string', id: 1 } } } } } });
    const cached = registryFromCacheEntry(entryBytes(cacheChunks(bare, [])))!;
    expect(() => cached.findSymbol('a.Typo')).toThrow(/not in the schema/);
    const root = cached.findType('a.M')!.root;
    expect(holds(root, 'google.rpc.Status')).toBe(true);
    expect(holds(root, 'google.protobuf.Any')).toBe(true);
  });

  it("finds a type an Any names from the root the codecs hold, building it then", () => {
    const cached = registryFromCacheEntry(entry)!;
    const root = cached.findMethod('a.v1.Svc/Get').requestType.root;
    expect(holds(root, 'c.Far')).toBe(false);
    const far = root.lookup('.c.Far');
    expect(far).toBeInstanceOf(protobuf.Type);
    expect(far?.root).toBe(root);
    expect(root.lookup('.c.Nowhere')).toBeNull();
  });

  it('builds each declaration alone exactly as the whole schema has it', () => {
    expectEachAloneAsWhole(whole, entry);
  });

  it('does the same for a schema from a descriptor set', async () => {
    // Debian's protoc predates editions: the set leaves e/ed.proto out.
    const set = join(dir, 'set.pb');
    execFileSync('protoc', ['--include_imports', `-o${set}`, `-I${dir}`, 'a/v1/svc.proto', 'c/ext.proto'], { stdio: 'pipe' });
    const fromSet = await loadDescriptorSets([set]);
    expectEachAloneAsWhole(fromSet, entryBytes(cacheChunks(fromSet.root, fromSet.listServices())));
  });

  it('encodes and decodes a message of a partly built schema as the whole one does', () => {
    const cached = registryFromCacheEntry(entry)!;
    const fromCache = cached.findMethod('e.EdService/Echo').requestType;
    const fromWhole = whole.findMethod('e.EdService/Echo').requestType;
    const message = { s: '', n: 0 };
    const bytes = fromCache.encode(fromCache.fromObject(message)).finish();
    expect(Buffer.from(bytes)).toEqual(Buffer.from(fromWhole.encode(fromWhole.fromObject(message)).finish()));
    expect(fromCache.fields.n?.hasPresence).toBe(true);
    expect(fromCache.fields.s?.hasPresence).toBe(false);
  });
});
