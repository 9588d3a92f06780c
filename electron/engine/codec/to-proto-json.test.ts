import { describe, it, expect } from 'vitest';
import { encodeProtoJson } from './from-proto-json';
import { parseJson } from '../../../shared/json';
import { failureOf } from '../../../tests/kit/failure-of';
import { loadTestRoot, testType } from './test-schema';
import { decodeToProtoJson, formatJson } from './to-proto-json';

const root = loadTestRoot();
const type = (name: string) => testType(root, name);

/** JSON value → bytes → JSON value, through both halves of the codec. */
function roundTrip(typeName: string, value: unknown, emitDefaults = false): unknown {
  const t = type(typeName);
  return decodeToProtoJson(t, encodeProtoJson(t, value), { emitDefaults });
}

describe('ProtoJSON round trip of the well-known types', () => {
  it.each([
    ['createdAt', '2024-02-29T23:59:59.123456789Z'],
    ['createdAt', '1969-12-31T23:59:59.500Z'],
    ['timeout', '-1.500s'],
    ['timeout', '315576000000s'],
    ['mask', 'displayName,address.postalCode'],
    ['attributes', { a: 1, b: [true, null, 'x', { c: -2.5 }], d: {} }],
    ['value', 'text'],
    ['value', null],
    ['value', { nested: [1, 2] }],
    ['list', [1, 'two', false, null, [], {}]],
    ['wrappedDouble', 1.25],
    ['wrappedFloat', 0.5],
    ['wrappedInt64', '-9223372036854775808'],
    ['wrappedUint64', '18446744073709551615'],
    ['wrappedInt32', -7],
    ['wrappedUint32', 4294967295],
    ['wrappedBool', true],
    ['wrappedString', 'hello'],
    ['wrappedBytes', 'AP8='],
    ['empty', {}],
    ['any', { '@type': 'type.googleapis.com/ferry.codec.v1.Money', currencyCode: 'EUR', units: '12' }],
    ['any', { '@type': 'type.googleapis.com/google.protobuf.Timestamp', value: '2024-01-01T00:00:00Z' }],
    ['any', { '@type': 'type.googleapis.com/google.protobuf.Int64Value', value: '9007199254740993' }],
    ['any', { '@type': 'type.googleapis.com/google.protobuf.Struct', value: { k: 'v' } }],
    ['any', { '@type': 'type.googleapis.com/google.protobuf.Empty' }],
    ['history', ['2024-01-01T00:00:00Z', '2024-01-02T00:00:00.001Z']],
    ['settings', { x: 1, y: 'two' }],
  ])('%s = %j', (field, value) => {
    expect(roundTrip('WellKnown', { [field]: value })).toStrictEqual({ [field]: value });
  });

  it('prints wrappers at their zero value, since the wrapper itself is set', () => {
    expect(roundTrip('WellKnown', { wrappedInt64: '0', wrappedBool: false, wrappedString: '' })).toStrictEqual({
      wrappedInt64: '0',
      wrappedBool: false,
      wrappedString: '',
    });
  });

  it('normalises timestamps with offsets to UTC', () => {
    expect(roundTrip('WellKnown', { createdAt: '2024-01-01T02:00:00+02:00' })).toStrictEqual({ createdAt: '2024-01-01T00:00:00Z' });
  });
});

describe('64-bit integers stay exact', () => {
  const max = { int64: '9223372036854775807', uint64: '18446744073709551615' };
  it('in every 64-bit type, both directions', () => {
    const value = {
      int64Value: '-9223372036854775808',
      uint64Value: max.uint64,
      sint64Value: '-9007199254740993',
      fixed64Value: '9007199254740993',
      sfixed64Value: max.int64,
      ids: ['9007199254740993', '-1', '0'],
    };
    expect(roundTrip('Scalars', value)).toStrictEqual({ ...value, ids: ['9007199254740993', '-1'].concat('0') });
  });

  it('from an unquoted literal typed by the user', () => {
    const parsed = parseJson('{"int64Value": 9007199254740993, "fixed64Value": 18446744073709551615, "ids": [9007199254740995]}');
    expect(roundTrip('Scalars', parsed)).toStrictEqual({
      int64Value: '9007199254740993',
      fixed64Value: '18446744073709551615',
      ids: ['9007199254740995'],
    });
  });

  it('accepts numbers for 64-bit fields but prints strings', () => {
    expect(roundTrip('Scalars', { int64Value: 42, uint64Value: 7 })).toStrictEqual({ int64Value: '42', uint64Value: '7' });
  });
});

describe('other field kinds', () => {
  it('enums: by name or number in, by name out; an unknown number stays a number', () => {
    expect(roundTrip('Scalars', { color: 'COLOR_GREEN' })).toStrictEqual({ color: 'COLOR_GREEN' });
    expect(roundTrip('Scalars', { color: 1 })).toStrictEqual({ color: 'COLOR_RED' });
    expect(roundTrip('Scalars', { color: 9 })).toStrictEqual({ color: 9 });
  });

  it('bytes: base64 (standard or URL-safe) in, standard base64 out', () => {
    expect(roundTrip('Scalars', { bytesValue: '+/8=' })).toStrictEqual({ bytesValue: '+/8=' });
    expect(roundTrip('Scalars', { bytesValue: '-_8' })).toStrictEqual({ bytesValue: '+/8=' });
  });

  it('floats: special values as strings', () => {
    expect(roundTrip('Scalars', { doubleValue: 'NaN', floatValue: '-Infinity' })).toStrictEqual({ doubleValue: 'NaN', floatValue: '-Infinity' });
    expect(roundTrip('Scalars', { doubleValue: '1.5' })).toStrictEqual({ doubleValue: 1.5 });
  });

  it('maps with string, int64, bool and uint64 keys', () => {
    const value = {
      counts: { a: '1', 'b c': '-9007199254740993' },
      labels: { '-9223372036854775808': 'min', '42': 'answer' },
      flags: { true: 'COLOR_RED', false: 'COLOR_GREEN' },
      nodes: { '18446744073709551615': { name: 'leaf' } },
    };
    expect(roundTrip('Collections', value)).toStrictEqual(value);
  });

  it('oneofs: the member that is set, even at its zero value', () => {
    expect(roundTrip('Choices', { choiceNumber: 0 })).toStrictEqual({ choiceNumber: 0 });
    expect(roundTrip('Choices', { choiceNode: {} })).toStrictEqual({ choiceNode: {} });
  });

  it('proto3 optional: present at zero when set, absent when not', () => {
    expect(roundTrip('Choices', { maybe: 0, maybeText: '' })).toStrictEqual({ maybe: 0, maybeText: '' });
    expect(roundTrip('Choices', { plain: 0 })).toStrictEqual({});
  });

  it('nested and recursive messages, with original names on input', () => {
    const input = { root: { name: 'a', children: [{ name: 'b', children: [{ name: 'c' }] }, {}] } };
    expect(roundTrip('Choices', input)).toStrictEqual(input);
    expect(roundTrip('Order', { line_items: [{ price: { currency_code: 'EUR' } }] })).toStrictEqual({
      lineItems: [{ price: { currencyCode: 'EUR' } }],
    });
  });
});

describe('emitDefaults', () => {
  it('prints scalars, enums, repeated and maps at their defaults, in field order', () => {
    const json = roundTrip('Scalars', { stringValue: 'x' }, true) as Record<string, unknown>;
    expect(json).toStrictEqual({
      doubleValue: 0,
      floatValue: 0,
      int32Value: 0,
      int64Value: '0',
      uint32Value: 0,
      uint64Value: '0',
      sint32Value: 0,
      sint64Value: '0',
      fixed32Value: 0,
      fixed64Value: '0',
      sfixed32Value: 0,
      sfixed64Value: '0',
      boolValue: false,
      stringValue: 'x',
      bytesValue: '',
      color: 'COLOR_UNSPECIFIED',
      ids: [],
    });
    expect(Object.keys(json).indexOf('stringValue')).toBe(13);
    expect(roundTrip('Collections', {}, true)).toStrictEqual({ tags: [], counts: {}, labels: {}, flags: {}, nodes: {} });
  });

  it('leaves message fields, oneof members and optional fields absent', () => {
    expect(roundTrip('Choices', {}, true)).toStrictEqual({ plain: 0 });
    expect(roundTrip('WellKnown', {}, true)).toStrictEqual({ history: [], settings: {} });
  });

  it('fills defaults inside nested messages, repeated elements, map values and Any bodies', () => {
    expect(roundTrip('Order', { lineItems: [{ price: {} }], totals: { x: {} } }, true)).toStrictEqual({
      lineItems: [{ sku: '', price: { currencyCode: '', units: '0', nanos: 0 } }],
      totals: { x: { currencyCode: '', units: '0', nanos: 0 } },
    });
    expect(roundTrip('Order', { extra: { '@type': 'type.googleapis.com/ferry.codec.v1.Money' } }, true)).toStrictEqual({
      lineItems: [],
      totals: {},
      extra: { '@type': 'type.googleapis.com/ferry.codec.v1.Money', currencyCode: '', units: '0', nanos: 0 },
    });
  });

  it('does not change special forms', () => {
    expect(roundTrip('WellKnown', { timeout: '0s', wrappedInt32: 0 }, true)).toStrictEqual({
      timeout: '0s',
      wrappedInt32: 0,
      history: [],
      settings: {},
    });
  });
});

describe('decodeToProtoJson errors', () => {
  it('reports bytes that are not the message as a schema error naming the type', () => {
    const error = failureOf(() => decodeToProtoJson(type('Money'), new Uint8Array([0x0a, 0x10, 0x41])));
    expect(error.code).toBe('SCHEMA_ERROR');
    expect(error.message).toMatch(/^response bytes do not match ferry\.codec\.v1\.Money: /);
  });

  it('reports an invalid wire type', () => {
    const error = failureOf(() => decodeToProtoJson(type('Money'), new Uint8Array([0x0f])));
    expect(error.code).toBe('SCHEMA_ERROR');
  });

  it('reports a well-known value that has no ProtoJSON form', () => {
    // Timestamp with seconds = 2^40: far past year 9999.
    const bytes = type('WellKnown').encode({ created_at: { seconds: 2 ** 40 } }).finish();
    expect(failureOf(() => decodeToProtoJson(type('WellKnown'), bytes)).code).toBe('SCHEMA_ERROR');
  });
});

describe('formatJson', () => {
  it('indents by two spaces unless told otherwise', () => {
    expect(formatJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(formatJson({ a: 1 }, 0)).toBe('{"a":1}');
  });
});
