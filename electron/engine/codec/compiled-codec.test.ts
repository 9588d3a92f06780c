import protobuf from 'protobufjs';
import protojson from 'protobufjs/ext/protojson.js';
import { describe, expect, it } from 'vitest';
import { compiledFromJson, compiledToJson } from './compiled-codec';
import { allMessageTypes, loadTestRoot } from './test-schema';

const PLAIN_PROTO = `
syntax = "proto3";
package ferry.plain.v1;
message Scalars {
  string text = 1;
  bool flag = 2;
  int32 small = 3;
  sint32 signed_small = 4;
  sfixed32 fixed_small = 5;
  uint32 unsigned_small = 6;
  fixed32 unsigned_fixed = 7;
  int64 big = 8;
  uint64 unsigned_big = 9;
  double real = 10;
  float single = 11;
  bytes data = 12;
  optional int32 maybe = 13;
  string renamed = 14 [json_name = "otherName"];
}
`;

const root = protobuf.parse(PLAIN_PROTO, { keepCase: true }).root;
const scalars = root.lookupType('ferry.plain.v1.Scalars');

/** Values protojson takes, refuses, or takes in another form, for each kind of plain field. */
const SAMPLES: Record<string, unknown[]> = {
  text: ['', 'hello', 'é ü 中文 🚀', '\ud800', 'a\udc00b', 42, null],
  flag: [true, false, 'true', 0],
  small: [0, -0, 1, -1, 2147483647, -2147483648, 2147483648, 1.5, '7', '1e2', null],
  signed_small: [0, -5, 2147483647],
  fixed_small: [0, -2147483648],
  unsigned_small: [0, 4294967295, -1, 4294967296],
  unsigned_fixed: [0, 123],
  maybe: [0, 3],
  renamed: ['', 'x'],
  otherName: ['y'],
  big: [0, '9007199254740993', 12],
};

function outcome(run: () => Uint8Array): string {
  try {
    return Buffer.from(run()).toString('hex');
  } catch (reason) {
    return `error: ${(reason as Error).message}`;
  }
}

describe('compiled ProtoJSON paths', () => {
  it('build exactly the bytes protojson builds, and leave everything else to it', () => {
    let taken = 0;
    for (const [key, values] of Object.entries(SAMPLES)) {
      for (const value of values) {
        for (const json of [{ [key]: value }, { [key]: value, text: 'with another field' }]) {
          const compiled = compiledFromJson(scalars, json);
          if (!compiled) continue;
          taken++;
          expect(Buffer.from(scalars.encode(compiled).finish()).toString('hex'), JSON.stringify(json)).toBe(outcome(() => scalars.encode(protojson.fromJson(scalars, json)).finish()));
        }
      }
    }
    expect(taken).toBeGreaterThan(20);
    // Left to protojson: what it refuses or converts, keys given twice, unknown keys, nulls.
    for (const json of [{ small: '7' }, { text: '\ud800' }, { small: 1.5 }, { small: 2147483648 }, { text: 'a', otherName: 'b', renamed: 'c' }, { nope: 1 }, { text: null }, { big: 1 }]) {
      expect(compiledFromJson(scalars, json), JSON.stringify(json)).toBeUndefined();
    }
  });

  it('print exactly what protojson prints for decoded messages of every plain kind', () => {
    const messages = [
      {},
      { text: 'hi', flag: true, small: -3, signed_small: 4, fixed_small: -5, unsigned_small: 4294967295, unsigned_fixed: 6 },
      { big: '-9223372036854775808', unsigned_big: '18446744073709551615' },
      { real: Number.NaN, single: Number.POSITIVE_INFINITY, data: new Uint8Array([0, 255, 7]) },
      { real: -0, single: 0.5, data: new Uint8Array(), maybe: 0, renamed: 'r' },
      { text: '', flag: false, small: 0, big: 0, maybe: 7 },
    ];
    for (const fields of messages) {
      const decoded = scalars.decode(scalars.encode(scalars.create(fields)).finish());
      expect(compiledToJson(scalars, decoded), JSON.stringify(fields)).toEqual(protojson.toJson(scalars, decoded));
    }
  });

  it('leave types with special forms, nested messages, maps and repeated fields to protojson when printing', () => {
    const testRoot = loadTestRoot();
    const printedByProtojson = allMessageTypes(testRoot).filter((type) => compiledToJson(type, type.create({})) === undefined);
    expect(printedByProtojson.map((type) => type.name)).toEqual(expect.arrayContaining(['Node', 'Timestamp', 'Any', 'Struct']));
    const money = testRoot.lookupType('ferry.codec.v1.Money');
    const decoded = money.decode(money.encode(money.create({ currency_code: 'EUR', units: '-12', nanos: -5 })).finish());
    expect(compiledToJson(money, decoded)).toEqual(protojson.toJson(money, decoded));
    expect(compiledToJson(money, decoded)).toEqual({ currencyCode: 'EUR', units: '-12', nanos: -5 });
  });
});
