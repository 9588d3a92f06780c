import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BENCH_PROTO_FILE, BENCH_PROTO_ROOT } from '../testing/bench-server';
import { candidateRoots, loadProtoFiles } from './load-proto-files';
import { configureTrace } from '../diagnostics/trace';
import { rejectionOf } from '../../../tests/kit/failure-of';
import { writeFiles } from '../testing/write-files';

/** The field as a MapField, failing the test when it is not one. */
function asMap(field: unknown): protobuf.MapField {
  expect(field).toBeInstanceOf(protobuf.MapField);
  return field as protobuf.MapField;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ferry-protos-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (files: Record<string, string>): string[] => writeFiles(dir, files);

const MONEY = `syntax = "proto3";
package acme.common.v1;
// An amount of money.
message Money { string currency = 1; int64 units = 2; }
`;
const INVOICE = `syntax = "proto3";
package acme.billing.v1;
import "acme/common/v1/money.proto";
import "google/protobuf/timestamp.proto";
message Invoice { acme.common.v1.Money total = 1; google.protobuf.Timestamp due = 2; }
service Billing { rpc Get(Invoice) returns (Invoice); }
`;

describe('loadProtoFiles', () => {
  it('loads the bench protos with -I, well-known imports built in, comments kept as docs', async () => {
    const registry = await loadProtoFiles({ files: [BENCH_PROTO_FILE], importPaths: [BENCH_PROTO_ROOT] });
    const everything = registry.findType('ferry.testing.v1.Everything');
    expect(everything?.fields.created_at?.resolvedType?.fullName).toBe('.google.protobuf.Timestamp');
    expect(everything?.fields.string_value?.comment).toBe('A plain string.');
    expect(everything?.comment).toBe('Every kind of field Ferry must encode and decode.');
    expect(registry.findMethod('ferry.testing.v1.Bench/Echo').requestType.fields.payload_size).toBeDefined(); // keepCase
    expect(registry.findSymbol('ferry.testing.v1.Bench.ServerStream').comment).toBe('Returns `count` responses.');
  });

  it('infers the import root from the package when no import path is given', async () => {
    const [, invoice] = write({ 'protos/acme/common/v1/money.proto': MONEY, 'protos/acme/billing/v1/invoice.proto': INVOICE });
    const registry = await loadProtoFiles({ files: [invoice!], importPaths: [] });
    expect(registry.findType('acme.billing.v1.Invoice')?.fields.total?.resolvedType?.fullName).toBe('.acme.common.v1.Money');
    expect(candidateRoots(invoice!, 'acme.billing.v1')[0]).toBe(join(dir, 'protos'));
  });

  it('falls back to ancestor directories when the package does not match the folders', async () => {
    const [, invoice] = write({
      'protos/acme/common/v1/money.proto': MONEY,
      'protos/acme/billing/invoice.proto': INVOICE.replace('package acme.billing.v1', 'package billing'),
    });
    const registry = await loadProtoFiles({ files: [invoice!], importPaths: [] });
    expect(registry.findType('billing.Invoice')).toBeDefined();
  });

  it('loads a folder-style list where files also import each other, each file once', async () => {
    const files = write({ 'p/acme/common/v1/money.proto': MONEY, 'p/acme/billing/v1/invoice.proto': INVOICE });
    const registry = await loadProtoFiles({ files, importPaths: [join(dir, 'p')] });
    expect(registry.listServices().map((s) => s.fullName)).toEqual(['acme.billing.v1.Billing']);
  });

  it("tolerates a user's own copy of the well-known protos (imported and listed)", async () => {
    const files = write({
      'p/google/protobuf/timestamp.proto': 'syntax = "proto3";\npackage google.protobuf;\nmessage Timestamp { int64 seconds = 1; int32 nanos = 2; }\n',
      'p/acme/common/v1/money.proto': MONEY,
      'p/acme/billing/v1/invoice.proto': INVOICE,
    });
    const registry = await loadProtoFiles({ files, importPaths: [join(dir, 'p')] });
    expect(registry.findType('google.protobuf.Timestamp')?.fields.nanos).toBeDefined();
    expect(registry.findType('google.protobuf.Duration')).toBeDefined();
  });

  it('loads files declaring custom options on descriptor.proto without an import path for it', async () => {
    const [file] = write({
      'opts.proto': 'syntax = "proto3";\npackage o;\nimport "google/protobuf/descriptor.proto";\nextend google.protobuf.FieldOptions { string label = 50001; }\nmessage M { string s = 1 [(label) = "x"]; }\n',
    });
    const registry = await loadProtoFiles({ files: [file!], importPaths: [] });
    expect(registry.findType('o.M')?.fields.s?.options?.['(label)']).toBe('x');
  });

  it('names file, line and column for a syntax error', async () => {
    const [file] = write({ 'bad.proto': 'syntax = "proto3";\npackage bad;\nmessage M {\n  string s = 1;\n  int32 = 2;\n}\n' });
    const error = await rejectionOf(loadProtoFiles({ files: [file!], importPaths: [] }));
    expect(error.code).toBe('SCHEMA_ERROR');
    expect(error.details).toMatchObject({ file, line: 5, column: 9 });
    expect(error.message).toMatch(new RegExp(`^${file}:5:9: illegal`));
  });

  it('names the import, the importer and every directory searched for a missing import', async () => {
    const [file] = write({ 'p/a.proto': 'syntax = "proto3";\n// import "lib/missing.proto";\nimport "lib/missing.proto";\nmessage A {}\n' });
    const other = join(dir, 'p');
    const error = await rejectionOf(loadProtoFiles({ files: [file!], importPaths: [other, BENCH_PROTO_ROOT] }));
    expect(error.code).toBe('SCHEMA_ERROR');
    expect(error.message).toBe(`${file}:3:9: import "lib/missing.proto" not found; searched: ${other}, ${BENCH_PROTO_ROOT}`);
    expect(error.details).toMatchObject({ file, line: 3, column: 9 });
    expect(error.details?.searched).toEqual([other, BENCH_PROTO_ROOT]);
    const inferred = await rejectionOf(loadProtoFiles({ files: [file!], importPaths: [] }));
    expect(inferred.details?.searched?.[0]).toBe(other);
    expect(inferred.details?.searched).toContain(dir);
  });

  it('names an unknown type and the file using it', async () => {
    const [file] = write({ 'u.proto': 'syntax = "proto3";\npackage u;\nmessage Uses { Missing m = 1; }\n' });
    const error = await rejectionOf(loadProtoFiles({ files: [file!], importPaths: [] }));
    expect(error.code).toBe('SCHEMA_ERROR');
    expect(error.message).toContain('Missing');
    expect(error.message).toContain('u.Uses');
    expect(error.details?.file).toBe(file);
  });

  it('reports a missing input file and bad arguments as values', async () => {
    expect((await rejectionOf(loadProtoFiles({ files: [join(dir, 'nope.proto')], importPaths: [] }))).code).toBe('IO_ERROR');
    expect((await rejectionOf(loadProtoFiles({ files: [], importPaths: [] }))).code).toBe('BAD_INPUT');
    expect((await rejectionOf(loadProtoFiles({ files: ['a.proto'], importPaths: [join(dir, 'absent')] }))).code).toBe('IO_ERROR');
  });

  it('keeps original field names and builds real map fields', async () => {
    const registry = await loadProtoFiles({ files: ['ferry/testing/v1/types.proto'], importPaths: [BENCH_PROTO_ROOT] });
    const labels = registry.findType('ferry.testing.v1.Everything')?.fields.labels;
    expect(asMap(labels).keyType).toBe('int64');
  });
});

describe('loadProtoFiles: a large parse', () => {
  /** One file importing `count - 1` others: the parse reaches `count` files. */
  function chain(count: number): string {
    const names = Array.from({ length: count - 1 }, (_, i) => `p${i}.proto`);
    write(Object.fromEntries(names.map((name, i) => [name, `syntax = "proto3";\npackage big.p${i};\nmessage M { string s = 1; }\n`])));
    const imports = names.map((name) => `import "${name}";`).join('\n');
    return write({ 'main.proto': `syntax = "proto3";\npackage big;\n${imports}\nmessage Top { big.p0.M m = 1; }\n` })[0]!;
  }

  async function traced(count: number): Promise<string[]> {
    const lines: string[] = [];
    const restore = configureTrace({ sink: (line) => lines.push(line), setting: 'schema' });
    try {
      await loadProtoFiles({ files: [chain(count)], importPaths: [dir] });
    } finally {
      restore();
    }
    return lines.filter((line) => line.includes('descriptor extension'));
  }

  // The parse needs nothing of the extension, but without it V8 kept several times as many hidden classes
  // for a schema as large as googleapis, which took ~45% longer to load (docs/PERFORMANCE.md).
  it("loads protobufjs's descriptor extension once it reaches its 100th file, and not before", async () => {
    expect(await traced(99)).toEqual([]);
    expect(await traced(100)).toHaveLength(1);
  });
});

describe('loadProtoFiles: truncated files', () => {
  it('says the file ended early, with file and line', async () => {
    const [file] = write({ 't.proto': 'syntax = "proto3";\nmessage M {\n  string s = 1;\n' });
    const error = await rejectionOf(loadProtoFiles({ files: [file!], importPaths: [] }));
    expect(error.message).toBe(`${file}:4: unexpected end of file`);
    expect(error.details).toEqual({ file, line: 4 });
  });
});
