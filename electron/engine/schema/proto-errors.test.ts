import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FerryError } from '../../../shared/errors';
import { rejectionOf } from '../../../tests/kit/failure-of';
import { writeFiles } from '../testing/write-files';
import { loadProtoFiles } from './load-proto-files';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ferry-proto-errors-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The error loading `inputs` (names of the files written) fails with. */
async function errorOf(files: Record<string, string>, inputs = Object.keys(files)): Promise<FerryError> {
  writeFiles(dir, files);
  return rejectionOf(loadProtoFiles({ files: inputs.map((name) => join(dir, name)), importPaths: [dir] }));
}

const proto3 = (pkg: string, ...lines: string[]) => ['syntax = "proto3";', `package ${pkg};`, ...lines].join('\n');

describe('schema errors protobufjs gives without a place', () => {
  it('an unknown field type: the field, and where the type is written', async () => {
    const error = await errorOf({
      'u.proto': proto3('u', '// Missing m = 1; in a comment', 'message Other { Missing m = 1; }', 'message Uses {', '  string s = 1;', '  map<string, Missing> m = 2;', '}'),
    });
    // `Other` is resolved first and fails first.
    expect(error).toMatchObject({ code: 'SCHEMA_ERROR', details: { file: join(dir, 'u.proto'), line: 4, column: 17 } });
    expect(error.message).toBe(`${join(dir, 'u.proto')}:4:17: field u.Other.m: unknown type "Missing"`);
  });

  it('an unknown type in a map field, a oneof and an extension', async () => {
    const map = await errorOf({ 'm.proto': proto3('m', 'message M {', '  map<string, m.Gone> g = 1;', '}') });
    expect(map.details).toMatchObject({ line: 4, column: 15 });
    expect(map.message).toContain('field m.M.g: unknown type "m.Gone"');
    const oneof = await errorOf({ 'o.proto': proto3('o', 'message M {', '  oneof pick {', '    Gone g = 1;', '  }', '}') });
    expect(oneof.details).toMatchObject({ line: 5, column: 5 });
    const extension = await errorOf({
      'e.proto': ['syntax = "proto2";', 'package e;', 'message Base { extensions 100 to 200; }', 'extend Base {', '  optional Gone g = 100;', '}'].join('\n'),
    });
    expect(extension.message).toBe(`${join(dir, 'e.proto')}:5:12: field e.g: unknown type "Gone"`);
  });

  it('an unknown rpc type: request or response, at its use in the signature', async () => {
    const response = await errorOf({ 'r.proto': proto3('r', 'message Ok {}', 'service S {', '  rpc Do(Ok) returns (stream Missing);', '}') });
    expect(response.message).toBe(`${join(dir, 'r.proto')}:5:30: rpc r.S.Do: unknown response type "Missing"`);
    const request = await errorOf({ 'q.proto': proto3('q', 'message Ok {}', 'service S { rpc Do(Missing) returns (Missing); }') });
    expect(request.message).toBe(`${join(dir, 'q.proto')}:4:20: rpc q.S.Do: unknown request type "Missing"`);
  });

  it('suggests the types near an unknown one: a typo, or the name under another package', async () => {
    const typo = await errorOf({ 't.proto': proto3('t', 'message Order {}', 'message Ordre {}', 'service S { rpc Get(Order) returns (Ordr); }') });
    expect(typo.message).toBe(`${join(dir, 't.proto')}:5:37: rpc t.S.Get: unknown response type "Ordr"; did you mean t.Order, t.Ordre?`);
    const elsewhere = await errorOf({
      'money.proto': proto3('acme.common', 'message Money { int64 cents = 1; }', 'enum Currency { EUR = 0; }'),
      'shop.proto': proto3('acme.shop', 'import "money.proto";', 'message Price {', '  acme.commons.Money amount = 1;', '  acme.common.Money total = 2;', '}'),
    }, ['shop.proto']);
    expect(elsewhere.message).toBe(`${join(dir, 'shop.proto')}:5:3: field acme.shop.Price.amount: unknown type "acme.commons.Money"; did you mean acme.common.Money?`);
    const enumTypo = await errorOf({ 'shop.proto': proto3('acme.shop', 'import "money.proto";', 'message Price { Curency currency = 1; }') }, ['shop.proto']);
    expect(enumTypo.message).toContain('field acme.shop.Price.currency: unknown type "Curency"; did you mean acme.common.Currency?');
    const none = await errorOf({ 'n.proto': proto3('n', 'message Price { Zzzzzz z = 1; }') });
    expect(none.message).not.toContain('did you mean');
  });

  it('a name defined in two files: the second file, where, and the first file', async () => {
    const error = await errorOf({
      'a/one.proto': proto3('p', 'message One {}'),
      'a/dup.proto': proto3('p', '', '/* message One { } */', 'message Two {}', 'enum One { ZERO = 0; }'),
    });
    expect(error.details).toMatchObject({ file: join(dir, 'a/dup.proto'), line: 6, column: 6 });
    expect(error.message).toBe(`${join(dir, 'a/dup.proto')}:6:6: p.One is already defined in ${join(dir, 'a/one.proto')}`);
  });

  it('a name defined twice in one file, in a message, an enum and a service', async () => {
    const file = join(dir, 'd.proto');
    const inPackage = await errorOf({ 'd.proto': proto3('d', 'message M {}', 'service M {}') });
    expect(inPackage.message).toBe(`${file}:4:9: d.M is already defined earlier in this file`);
    const field = await errorOf({ 'd.proto': proto3('d', 'message Outer {', '  message N {', '    int32 a = 1; // int32 a = 3;', '    string a = 2;', '  }', '}') });
    expect(field.message).toBe(`${file}:6:12: "a" is defined twice in message N`);
    const value = await errorOf({ 'd.proto': proto3('d', 'enum E { X = 0; Y = 1; X = 2; }') });
    expect(value.message).toBe(`${file}:3:24: "X" is defined twice in enum E`);
    const rpc = await errorOf({ 'd.proto': proto3('d', 'message M {}', 'service S {', '  rpc A(M) returns (M);', '  rpc A(M) returns (M);', '}') });
    expect(rpc.message).toBe(`${file}:6:7: "A" is defined twice in service S`);
  });

  it('a field number used twice: the field that used it first', async () => {
    const error = await errorOf({ 'n.proto': proto3('n', 'message M {', '  int32 a = 1 [json_name = "b = 1"];', '  string b = 1;', '}') });
    expect(error.message).toBe(`${join(dir, 'n.proto')}:5:10: field number 1 of message M is already used by field a`);
  });

  it('an extend of a type nothing defines', async () => {
    const error = await errorOf({ 'x.proto': ['syntax = "proto2";', 'package x;', 'message M {', '  extend Nope { optional int32 v = 100; }', '}'].join('\n') });
    expect(error.message).toBe(`${join(dir, 'x.proto')}:4:10: extend Nope: unknown type "Nope"`);
  });

  it('a field given a number or a name its message reserves', async () => {
    const id = await errorOf({ 'r.proto': proto3('r', 'message M {', '  reserved 2, 5 to 9;', '  int32 a = 2;', '}') });
    expect(id.message).toBe(`${join(dir, 'r.proto')}:5:9: field a uses number 2, which message M reserves`);
    const name = await errorOf({ 'r.proto': proto3('r', 'message M {', '  reserved "a";', '  int32 a = 1;', '}') });
    expect(name.message).toBe(`${join(dir, 'r.proto')}:5:9: field a: message M reserves the name "a"`);
  });

  it('says no line when the place is not found exactly', async () => {
    // Two messages named N, each with a field `a` twice: which one protobufjs read first is not in its error.
    const error = await errorOf({ 'x.proto': proto3('x', 'message A { message N { int32 a = 1; } }', 'message B { message N { int32 a = 1; int32 a = 2; } }') });
    expect(error.message).toBe(`${join(dir, 'x.proto')}: "a" is defined twice in message N`);
    expect(error.details).toEqual({ file: join(dir, 'x.proto') });
  });
});

describe('field numbers protoc refuses and protobufjs takes', () => {
  it('0, above 2^29 − 1 and 19000–19999, in a message, a oneof, a map and an extension', async () => {
    const file = join(dir, 'n.proto');
    const zero = await errorOf({ 'n.proto': proto3('n', 'message M {', '  int32 a = 0;', '}') });
    expect(zero).toMatchObject({ code: 'SCHEMA_ERROR', details: { file, line: 4, column: 13 } });
    expect(zero.message).toBe(`${file}:4:13: field n.M.a has number 0: field numbers go from 1 to 536870911`);
    const large = await errorOf({ 'n.proto': proto3('n', 'message M {', '  oneof o { string s = 536870912; }', '}') });
    expect(large.message).toBe(`${file}:4:24: field n.M.s has number 536870912: field numbers go from 1 to 536870911`);
    const map = await errorOf({ 'n.proto': proto3('n', 'message M { map<string, int32> m = 19000; }') });
    expect(map.message).toBe(`${file}:3:36: field n.M.m has number 19000: 19000–19999 are reserved for the protobuf implementation`);
    const extension = await errorOf({
      'n.proto': ['syntax = "proto2";', 'package n;', 'message M { extensions 100 to max; }', 'extend M { optional int32 e = 19999; }'].join('\n'),
    });
    expect(extension.message).toBe(`${file}:4:31: field n.e has number 19999: 19000–19999 are reserved for the protobuf implementation`);
  });

  it('is reported in the order of the files, before a later file is read', async () => {
    const error = await errorOf({ 'a.proto': proto3('a', 'message M { int32 x = 0; }'), 'b.proto': proto3('b', 'message N { int32 = 1; }') });
    expect(error.message).toBe(`${join(dir, 'a.proto')}:3:23: field a.M.x has number 0: field numbers go from 1 to 536870911`);
  });

  it('takes the largest number and the numbers around the reserved range', async () => {
    const [file] = writeFiles(dir, { 'ok.proto': proto3('ok', 'message M { int32 a = 536870911; int32 b = 18999; int32 c = 20000; }') });
    const registry = await loadProtoFiles({ files: [file!], importPaths: [] });
    expect(registry.findType('ok.M')?.fields.a?.id).toBe(536870911);
  });
});
