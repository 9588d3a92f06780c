import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configureTrace } from '../diagnostics/trace';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../testing/bench-server';
import { describeSymbol } from './describe-proto';
import { loadDescriptorSets } from './load-descriptor-set';
import { loadProtoFiles } from './load-proto-files';
import { openSchemaCache } from './open-schema-cache';
import { asciiJson, type SchemaCache } from './schema-cache';
import { emptyReads } from './cache-reads';
import { cacheChunks, entryBytes } from './cached-schema';
import { registryFromCacheEntry } from './cached-root';
import { UNITS_FORMAT, type CacheIndex } from './cache-entry-format';
import type { SchemaRegistry } from './schema-registry';
import { makeBenchDescriptorSet } from '../testing/bench-descriptor-set';
import { writeFiles } from '../testing/write-files';

let dir: string;
let traces: string[];
let restoreTrace: () => void;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ferry-schema-cache-'));
  traces = [];
  restoreTrace = configureTrace({ setting: 'schema', sink: (line) => traces.push(line) });
});
afterEach(() => {
  restoreTrace();
  rmSync(dir, { recursive: true, force: true });
});

const write = (files: Record<string, string>): string[] => writeFiles(dir, files);

const cacheIn = (options: { version?: string; maxBytes?: number } = {}): SchemaCache => openSchemaCache(join(dir, 'data'), { version: options.version ?? 'test', ...options })!;
const hits = (): number => traces.filter((line) => line.includes('schema cache hit')).length;
const schemaEntries = (): string[] => readdirSync(join(dir, 'data', 'schema-cache', 'schemas'));

const MONEY = 'syntax = "proto3";\npackage acme.v1;\n// An amount.\nmessage Money { string currency = 1; int64 units = 2; }\n';
const SHOP = `syntax = "proto3";
package acme.v1;
import "acme/v1/money.proto";
import "google/protobuf/descriptor.proto";
extend google.protobuf.FieldOptions { string label = 50001; }
// Sells things.
service Shop {
  // Prices an item.
  rpc Price(Item) returns (acme.v1.Money);
}
message Item {
  string sku = 1 [(label) = "stock keeping unit"];
  optional int32 count = 2;
  map<string, Money> prices = 3;
  oneof pick { string name = 4; int64 id = 5; }
  enum Kind { KIND_UNSPECIFIED = 0; KIND_BOOK = 1; }
  Kind kind = 6;
}
`;

async function loadShop(cache: SchemaCache | undefined): Promise<SchemaRegistry> {
  return loadProtoFiles({ files: ['acme/v1/shop.proto'], importPaths: [join(dir, 'protos')] }, cache ? { cache } : {});
}

function everySymbol(registry: SchemaRegistry): string[] {
  const names: string[] = [];
  const visit = (namespace: protobuf.NamespaceBase) => {
    for (const child of namespace.nestedArray) {
      if (child instanceof protobuf.Type || child instanceof protobuf.Enum || child instanceof protobuf.Service) names.push(child.fullName);
      if (child instanceof protobuf.Service) names.push(...child.methodsArray.map((m) => m.fullName));
      if (child instanceof protobuf.Namespace || child instanceof protobuf.Type) visit(child);
    }
  };
  visit(registry.root);
  return names.sort();
}

describe('schema cache', () => {
  beforeEach(() => write({ 'protos/acme/v1/money.proto': MONEY, 'protos/acme/v1/shop.proto': SHOP }));

  it('answers the same load from the cache with the same schema: services, every symbol, options, encodings', async () => {
    const cache = cacheIn();
    const fresh = await loadShop(cache);
    const cached = await loadShop(cache);
    expect(hits()).toBe(1);
    expect(cached.listServices()).toEqual(fresh.listServices());
    const symbols = everySymbol(fresh);
    expect(everySymbol(cached)).toEqual(symbols);
    for (const name of symbols) expect(describeSymbol(cached, name)).toBe(describeSymbol(fresh, name));
    expect(cached.findType('acme.v1.Item')?.fields.sku?.options?.['(label)']).toBe('stock keeping unit');
    const item = { sku: 'b-1', count: 0, prices: { eur: { currency: 'EUR', units: '9007199254740993' } }, id: '5' };
    const bytes = (registry: SchemaRegistry) => registry.findType('acme.v1.Item')!.encode(registry.findType('acme.v1.Item')!.fromObject(item)).finish();
    expect(Buffer.from(bytes(cached))).toEqual(Buffer.from(bytes(fresh)));
  });

  it('lists services from a hit without building the types', async () => {
    const cache = cacheIn();
    await loadShop(cache);
    const cached = await loadShop(cache);
    expect(cached.listServices().map((s) => s.fullName)).toEqual(['acme.v1.Shop']);
    expect((cached as unknown as { built?: protobuf.Root }).built).toBeUndefined();
    expect(cached.findMethod('acme.v1.Shop/Price').responseType.fullName).toBe('.acme.v1.Money');
  });

  it('misses when an imported file changed, and stores the new schema', async () => {
    const cache = cacheIn();
    await loadShop(cache);
    write({ 'protos/acme/v1/money.proto': MONEY.replace('int64 units = 2;', 'int64 units = 2; int32 nanos = 3;') });
    const changed = await loadShop(cache);
    expect(hits()).toBe(0);
    expect(changed.findType('acme.v1.Money')?.fields.nanos).toBeDefined();
    const again = await loadShop(cache);
    expect(hits()).toBe(1);
    expect(again.findType('acme.v1.Money')?.fields.nanos).toBeDefined();
  });

  it('lists a folder before it asks the cache: a file added to the folder is a miss, an unchanged folder a hit', async () => {
    const cache = cacheIn();
    const folder = { files: [join(dir, 'protos', 'acme')], importPaths: [] };
    expect((await loadProtoFiles(folder, { cache })).listServices().map((s) => s.fullName)).toEqual(['acme.v1.Shop']);
    await loadProtoFiles(folder, { cache });
    expect(hits()).toBe(1);
    write({ 'protos/acme/v2/stock.proto': 'syntax = "proto3";\npackage acme.v2;\nmessage Level { int32 units = 1; }\nservice Stock { rpc Get(Level) returns (Level); }\n' });
    const grown = await loadProtoFiles(folder, { cache });
    expect(hits()).toBe(1);
    expect(grown.listServices().map((s) => s.fullName)).toEqual(['acme.v1.Shop', 'acme.v2.Stock']);
    await loadProtoFiles(folder, { cache });
    expect(hits()).toBe(2);
  });

  it('writes each declaration as protobufjs JSON of it, with an index, rebuilds the whole root from them, and stores it all ASCII', async () => {
    write({ 'protos/acme/v1/money.proto': MONEY, 'protos/acme/v1/shop.proto': SHOP.replace('// Sells things.', '// Sells things, caf\u00e9 \u{1d11e}.') });
    const registry = await loadProtoFiles({ files: ['acme/v1/shop.proto'], importPaths: [join(dir, 'protos')] });
    const pieces = [...cacheChunks(registry.root, registry.listServices())];
    const text = pieces.map((piece) => (typeof piece === 'string' ? piece : Buffer.from(piece).toString('latin1'))).join('');
    const [services, format, units, indexLine, ...rest] = text.split('\n');
    expect(rest).toEqual([]);
    expect(services).toBe(JSON.stringify(registry.listServices()));
    expect(format).toBe(UNITS_FORMAT);
    const index = JSON.parse(indexLine!) as CacheIndex;
    expect(index.names).toEqual(expect.arrayContaining(['acme.v1.Shop', 'acme.v1.Item', 'acme.v1.Money', 'acme.v1.label', 'google.protobuf.FieldOptions']));
    index.names.forEach((name, unit) => {
      const own = units!.slice(unit === 0 ? 0 : index.ends[unit - 1], index.ends[unit]);
      const object = registry.root.lookup(`.${name}`) as unknown as { toJSON(options: protobuf.IToJSONOptions): unknown };
      expect(JSON.parse(own)).toEqual(object.toJSON({ keepComments: true }));
    });
    expect(index.files[index.unitFiles[index.names.indexOf('acme.v1.Shop')]!]).toBe(join(dir, 'protos', 'acme', 'v1', 'shop.proto'));
    const cache = cacheIn();
    cache.store({ kind: 'shop' }, emptyReads(true), pieces);
    const stored = cache.lookup({ kind: 'shop' })!;
    expect(stored.every((byte) => byte < 0x80)).toBe(true);
    expect(stored.toString('latin1')).toBe(asciiJson(text));
    const back = registryFromCacheEntry(stored)!;
    expect(back.listServices()[0]?.doc).toBe('Sells things, caf\u00e9 \u{1d11e}.');
    expect(back.root.toJSON({ keepComments: true })).toEqual(registry.root.toJSON({ keepComments: true }));
    expect(back.root.lookupService('acme.v1.Shop').comment).toBe('Sells things, caf\u00e9 \u{1d11e}.');
  });

  it('reads no entry of an older layout (a hit then parses afresh)', () => {
    const older = `${JSON.stringify([])}\n{"root":{},"filenames":{}}`;
    expect(registryFromCacheEntry(Buffer.from(older))).toBeUndefined();
  });

  it("gives every object back the file it came from, the fields extend blocks add to other files' messages too", async () => {
    write({
      'ext/base.proto': 'syntax = "proto2";\npackage ext;\nmessage Base { optional string id = 1; extensions 100 to 199; }\n',
      'ext/more.proto': 'syntax = "proto2";\npackage ext.more;\nimport "base.proto";\nmessage Holder { extend ext.Base { optional string note = 100; } }\nextend ext.Base { optional int32 level = 101; }\n',
    });
    const fresh = await loadProtoFiles({ files: ['more.proto'], importPaths: [join(dir, 'ext')] });
    const back = registryFromCacheEntry(entryBytes(cacheChunks(fresh.root, fresh.listServices())))!;
    const filenames = (object: protobuf.ReflectionObject, out: string[] = []): string[] => {
      out.push(`${object.fullName} ${object.filename}`);
      const children = object instanceof protobuf.Type ? [...object.nestedArray, ...object.fieldsArray] : object instanceof protobuf.Namespace ? object.nestedArray : [];
      for (const child of children) filenames(child, out);
      return out;
    };
    const expected = filenames(fresh.root).sort();
    expect(expected).toContain('.ext.Base..ext.more.Holder.note null');
    expect(filenames(back.root).sort()).toEqual(expected);
  });

  it("builds a large entry (over 1 MiB) with protobufjs's descriptor extension loaded first, a small one without", async () => {
    const extensionTraces = () => traces.filter((line) => line.includes('descriptor extension'));
    const built = async (comment: string) => {
      write({ 'big/big.proto': `syntax = "proto3";\npackage big;\n// ${comment}\nmessage Big { string s = 1; }\n` });
      const registry = await loadProtoFiles({ files: ['big.proto'], importPaths: [join(dir, 'big')] });
      registryFromCacheEntry(entryBytes(cacheChunks(registry.root, registry.listServices())))!.root.resolveAll();
    };
    await built('small');
    expect(extensionTraces()).toEqual([]);
    await built('x'.repeat(1024 * 1024));
    expect(extensionTraces()).toHaveLength(1);
  });

  it('stores JSON text of many pieces, large and small, text and bytes, outside ASCII too, as ASCII with the same value', () => {
    const cache = cacheIn();
    const bytes = (text: string) => Buffer.from(text, 'latin1');
    const pieces = ['["caf\u00e9 ', 'x'.repeat(600_000), bytes('w'.repeat(1_500_000)), '\u{1d11e}'.repeat(200_000), ...Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? bytes(`${i},`) : `${i},`)), 'y'.repeat(2_000_000), '\u00e9'.repeat(300_000), 'end"]'];
    cache.store({ kind: 'pieces' }, emptyReads(true), pieces);
    const stored = cache.lookup({ kind: 'pieces' })!;
    const text = pieces.map((piece) => (typeof piece === 'string' ? piece : piece.toString('latin1'))).join('');
    expect(stored.every((byte) => byte < 0x80)).toBe(true);
    expect(stored.toString('latin1')).toBe(asciiJson(text));
    expect(JSON.parse(stored.toString('latin1'))).toEqual(JSON.parse(text));
  });

  it('stores nothing from a load that did not hash the files it read', () => {
    const cache = cacheIn();
    const reads = emptyReads(false);
    cache.store({ kind: 'test' }, reads, 'schema text');
    expect(cache.lookup({ kind: 'test' })).toBeUndefined();
    expect(traces.some((line) => line.includes('did not hash the files'))).toBe(true);
  });

  it('misses when a file appears earlier on the import path than the one the load used', async () => {
    const cache = cacheIn();
    const load = (c: SchemaCache) => loadProtoFiles({ files: ['acme/v1/shop.proto'], importPaths: [join(dir, 'first'), join(dir, 'protos')] }, { cache: c });
    mkdirSync(join(dir, 'first'));
    expect((await load(cache)).findType('acme.v1.Money')?.comment).toBe('An amount.');
    write({ 'first/acme/v1/money.proto': MONEY.replace('An amount.', 'Shadowing money.') });
    expect((await load(cache)).findType('acme.v1.Money')?.comment).toBe('Shadowing money.');
    expect(hits()).toBe(0);
  });

  it('misses on a damaged entry (bad checksum, truncated, not JSON) and replaces it', async () => {
    const cache = cacheIn();
    await loadShop(cache);
    const [entry] = schemaEntries();
    const path = join(dir, 'data', 'schema-cache', 'schemas', entry!);
    const good = readFileSync(path, 'utf8');
    for (const damaged of [good.replace('acme.v1.Shop', 'acme.v1.Shoq'), good.slice(0, good.length / 2), 'not a cache entry']) {
      writeFileSync(path, damaged);
      expect((await loadShop(cache)).listServices().map((s) => s.fullName)).toEqual(['acme.v1.Shop']);
      expect(hits()).toBe(0);
      expect(readFileSync(path, 'utf8')).toBe(good);
    }
    const inputs = join(dir, 'data', 'schema-cache', 'inputs');
    for (const name of readdirSync(inputs)) writeFileSync(join(inputs, name), '{"files": "nope"');
    expect((await loadShop(cache)).listServices()).toHaveLength(1);
    expect(hits()).toBe(0);
  });

  it('never reads an entry another version wrote', async () => {
    await loadShop(cacheIn({ version: 'a' }));
    await loadShop(cacheIn({ version: 'b' }));
    expect(hits()).toBe(0);
    expect(schemaEntries()).toHaveLength(2);
  });

  it('keeps the folder under its cap by evicting the least recently used entries, and skips a schema over the cap', async () => {
    const probe = cacheIn();
    await loadShop(probe);
    const size = statSync(join(dir, 'data', 'schema-cache', 'schemas', schemaEntries()[0]!)).size;
    rmSync(join(dir, 'data'), { recursive: true });
    const cache = cacheIn({ maxBytes: Math.floor(size * 2.5) });
    const versions = ['one', 'two', 'three'].map((word) => MONEY.replace('An amount.', `An amount, ${word}.`));
    const folderBytes = () => ['inputs', 'schemas'].flatMap((sub) => readdirSync(join(dir, 'data', 'schema-cache', sub)).map((name) => statSync(join(dir, 'data', 'schema-cache', sub, name)).size)).reduce((a, b) => a + b, 0);
    for (const [i, money] of versions.entries()) {
      write({ 'protos/acme/v1/money.proto': money });
      await loadShop(cache);
      // mtimes have a resolution: make the order of use unmistakable.
      for (const sub of ['inputs', 'schemas']) for (const name of readdirSync(join(dir, 'data', 'schema-cache', sub))) utimesSync(join(dir, 'data', 'schema-cache', sub, name), new Date(), new Date(Date.now() - (3 - i) * 60_000 - 1));
    }
    expect(folderBytes()).toBeLessThanOrEqual(size * 2.5);
    expect(schemaEntries().length).toBeLessThan(3);
    await loadShop(cache); // the newest file contents are still cached
    expect(hits()).toBe(1);
    const tiny = cacheIn({ maxBytes: 100, version: 'tiny' });
    await loadShop(tiny);
    expect(traces.some((line) => line.includes('too large for the cache cap'))).toBe(true);
  });

  it('caches descriptor sets once their types are built, keyed by their bytes', async () => {
    const set = join(dir, 'bench.pb');
    writeFileSync(set, makeBenchDescriptorSet());
    const cache = cacheIn();
    const fresh = await loadDescriptorSets([set], { cache });
    expect(fresh.listServices().map((service) => service.fullName)).toContain('ferry.testing.v1.Bench');
    await loadDescriptorSets([set], { cache });
    // A list reads the descriptors themselves: it builds no types and so stores nothing.
    expect(hits()).toBe(0);
    const described = describeSymbol(fresh, 'ferry.testing.v1.Everything');
    const cached = await loadDescriptorSets([set], { cache });
    expect(hits()).toBe(1);
    expect(describeSymbol(cached, 'ferry.testing.v1.Everything')).toBe(described);
    writeFileSync(set, Buffer.from(makeBenchDescriptorSet()).subarray(0, 10));
    await expect(loadDescriptorSets([set], { cache })).rejects.toThrow();
  });

  it('works from the bench protos with inferred roots', async () => {
    const cache = cacheIn();
    const files = [join(BENCH_PROTO_ROOT, BENCH_PROTO_FILE)];
    const fresh = await loadProtoFiles({ files, importPaths: [] }, { cache });
    const cached = await loadProtoFiles({ files, importPaths: [] }, { cache });
    expect(hits()).toBe(1);
    expect(describeSymbol(cached, 'ferry.testing.v1.Bench')).toBe(describeSymbol(fresh, 'ferry.testing.v1.Bench'));
  });
});
