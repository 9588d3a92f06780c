import { describe, it, expect } from 'vitest';
import type { FerryError } from '../../../shared/errors';
import { encodeProtoJson } from './from-proto-json';
import { failureOf } from '../../../tests/kit/failure-of';
import { loadTestRoot, testType } from './test-schema';

const root = loadTestRoot();
const type = (name: string) => testType(root, name);

function encodeError(typeName: string, value: unknown): FerryError {
  return failureOf(() => encodeProtoJson(type(typeName), value));
}

describe('encodeProtoJson', () => {
  it('encodes to the same bytes as protobufjs does from a native message', () => {
    const bytes = encodeProtoJson(type('Scalars'), { int64Value: '-5', stringValue: 'hi', color: 'COLOR_RED', bytesValue: 'AAE=' });
    const native = type('Scalars').create({
      int64_value: -5,
      string_value: 'hi',
      color: 1,
      bytes_value: new Uint8Array([0, 1]),
    });
    expect(Buffer.from(bytes)).toStrictEqual(Buffer.from(type('Scalars').encode(native).finish()));
  });

  it('accepts lowerCamelCase json names and original proto names alike (schema loaded with keepCase)', () => {
    expect(type('Money').fields['currency_code']?.name).toBe('currency_code');
    const camel = encodeProtoJson(type('Money'), { currencyCode: 'EUR', units: '3' });
    const original = encodeProtoJson(type('Money'), { currency_code: 'EUR', units: '3' });
    expect(Buffer.from(original)).toStrictEqual(Buffer.from(camel));
    expect(camel.length).toBeGreaterThan(0);
  });

  it('encodes an empty object to no bytes', () => {
    expect(encodeProtoJson(type('Scalars'), {}).length).toBe(0);
  });

  it('rejects a top-level value that is not an object', () => {
    for (const value of [[], 'x', 3, null]) {
      const error = encodeError('Money', value);
      expect(error.code).toBe('BAD_INPUT');
      expect(error.message).toMatch(/^a ferry\.codec\.v1\.Money message must be a JSON object, not /);
      expect(error.details?.expected).toBe('a JSON object');
    }
  });

  it('accepts a special form at the top level for well-known types', () => {
    const bytes = encodeProtoJson(root.lookupType('google.protobuf.Timestamp'), '1970-01-01T00:00:01Z');
    expect(Array.from(bytes)).toStrictEqual([8, 1]);
  });

  it('names the path of a wrong value deep in repeated messages', () => {
    const error = encodeError('Order', {
      lineItems: [{ sku: 'a' }, { price: { units: '1' } }, { sku: 'c', price: { units: 'ten' } }],
    });
    expect(error.code).toBe('BAD_INPUT');
    expect(error.details).toStrictEqual({ fieldPath: 'lineItems[2].price.units', expected: 'an int64 as a number or decimal string' });
    expect(error.message).toBe('lineItems[2].price.units: invalid integer: "ten"; expected an int64 as a number or decimal string');
  });

  it('keeps the spelling the user typed in the path', () => {
    const error = encodeError('Order', { line_items: [{ price: { currency_code: 7 } }] });
    expect(error.details?.fieldPath).toBe('line_items[0].price.currency_code');
    expect(error.details?.expected).toBe('a string');
  });

  it('names an unknown field and suggests close names', () => {
    const error = encodeError('Order', { lineItems: [{ sku: 'a', prise: {} }] });
    expect(error.details?.fieldPath).toBe('lineItems[0].prise');
    expect(error.message).toBe('lineItems[0].prise: unknown field "prise" in ferry.codec.v1.LineItem (did you mean "price"?); expected one of its fields: sku, price');
    expect(error.details?.expected).toBe('one of its fields: sku, price');
  });

  it('says what was found where protojson says what it expected, so "expected" comes once', () => {
    expect(encodeError('Scalars', { ids: ['1', true] }).message).toBe('ids[1]: found the value true; expected an int64 as a number or decimal string');
    expect(encodeError('Scalars', { ids: '1' }).message).toBe('ids: found the string "1"; expected a JSON array, each an int64 as a number or decimal string');
  });

  it('suggests the json name for a differently cased or underscored key', () => {
    const error = encodeError('Money', { CurrencyCode: 'EUR' });
    expect(error.message).toMatch(/did you mean "currencyCode"/);
  });

  it('points into map values by key', () => {
    const error = encodeError('Order', { totals: { eur: { units: '1' }, 'us dollar': { nanos: 'x' } } });
    expect(error.details?.fieldPath).toBe('totals["us dollar"].nanos');
    expect(error.details?.expected).toBe('an int32 as a number or decimal string');
  });

  it('names a bad map key and what keys must look like', () => {
    const error = encodeError('Collections', { labels: { '12': 'ok', twelve: 'bad' } });
    expect(error.details).toStrictEqual({ fieldPath: 'labels["twelve"]', expected: 'int64 keys as decimal strings such as "42"' });
    const boolKey = encodeError('Collections', { flags: { yes: 'COLOR_RED' } });
    expect(boolKey.details?.fieldPath).toBe('flags["yes"]');
  });

  it('names an unknown enum name with the valid names', () => {
    const error = encodeError('Scalars', { color: 'COLOR_BLUE' });
    expect(error.details?.fieldPath).toBe('color');
    expect(error.message).toMatch(/unknown enum value: "COLOR_BLUE"/);
    expect(error.details?.expected).toBe('one of "COLOR_UNSPECIFIED", "COLOR_RED", "COLOR_GREEN" or an enum number');
  });

  it('names a bad timestamp inside a repeated well-known field', () => {
    const error = encodeError('WellKnown', { history: ['2024-01-01T00:00:00Z', '2024-13-01T00:00:00Z'] });
    expect(error.details?.fieldPath).toBe('history[1]');
    expect(error.message).toMatch(/^history\[1\]: invalid timestamp: "2024-13-01T00:00:00Z"; expected an RFC 3339/);
  });

  it.each([
    ['int32Value', 2147483648, 'out of range for int32'],
    ['uint32Value', -1, 'out of range for uint32'],
    ['int64Value', '9223372036854775808', 'out of range for int64'],
    ['uint64Value', '-1', 'out of range for uint64'],
    ['int64Value', 1e40, 'out of range for int64'],
    ['int64Value', '1e40', 'out of range for int64'],
    ['floatValue', 1e39, 'out of range for float'],
    ['int32Value', 1.5, 'not an integer'],
  ])('rejects %s = %j as %s, naming the field', (field, value, reason) => {
    const error = encodeError('Scalars', { [field]: value });
    expect(error.details?.fieldPath).toBe(field);
    expect(error.message).toContain(reason);
  });

  it('rejects wrong JSON types with what was expected', () => {
    expect(encodeError('Scalars', { boolValue: 'true' }).details).toStrictEqual({ fieldPath: 'boolValue', expected: 'true or false' });
    expect(encodeError('Scalars', { ids: '1' }).details?.expected).toBe('a JSON array, each an int64 as a number or decimal string');
    expect(encodeError('Scalars', { ids: ['1', {}] }).details?.fieldPath).toBe('ids[1]');
    expect(encodeError('Order', { lineItems: [{}, 'x'] }).details?.fieldPath).toBe('lineItems[1]');
    expect(encodeError('Order', { totals: [] }).details?.expected).toBe('a JSON object (a map)');
  });

  it('names the message when two members of a oneof are set', () => {
    const error = encodeError('Choices', { root: { children: [{ name: 'x' }] }, choiceText: 'a', choiceNumber: 1 });
    expect(error.details?.fieldPath).toBe('');
    expect(error.message).toMatch(/^ferry\.codec\.v1\.Choices: multiple values for oneof choice/);
  });

  it('rejects a field given under both of its names', () => {
    const error = encodeError('Money', { currencyCode: 'EUR', currency_code: 'USD' });
    expect(error.message).toMatch(/duplicate field/);
  });

  it('names an Any whose @type is not in the schema', () => {
    const error = encodeError('Order', { extra: { '@type': 'type.googleapis.com/nope.Missing' } });
    expect(error.details?.fieldPath).toBe('extra.@type');
    expect(error.message).toMatch(/unknown message type "type\.googleapis\.com\/nope\.Missing"/);
  });

  it('walks into the body of an Any', () => {
    const error = encodeError('Order', { extra: { '@type': 'type.googleapis.com/ferry.codec.v1.Money', units: 'x' } });
    expect(error.details?.fieldPath).toBe('extra.units');
    const wkt = encodeError('Order', { extra: { '@type': 'type.googleapis.com/google.protobuf.Duration', value: '1m' } });
    expect(wkt.details?.fieldPath).toBe('extra.value');
  });

  it('names a bad value inside a well-known wrapper and a Struct', () => {
    expect(encodeError('WellKnown', { wrappedInt64: 'abc' }).details?.fieldPath).toBe('wrappedInt64');
    expect(encodeError('WellKnown', { attributes: [1] }).details).toStrictEqual({ fieldPath: 'attributes', expected: 'a JSON object' });
    expect(encodeError('WellKnown', { timeout: '5m' }).details?.fieldPath).toBe('timeout');
    expect(encodeError('WellKnown', { mask: 'a_b' }).details?.fieldPath).toBe('mask');
  });

  it('skips null fields as ProtoJSON says', () => {
    expect(encodeProtoJson(type('Money'), { units: null, currencyCode: null }).length).toBe(0);
  });
});
