import { describe, it, expect } from 'vitest';
import { jsonSchemaForType, type JsonSchema } from './json-schema';
import { loadTestRoot, testType } from './test-schema';

const root = loadTestRoot();
const schemaOf = (name: string) => jsonSchemaForType(testType(root, name));

function definition(schema: JsonSchema, name: string): JsonSchema {
  const definitions = schema['definitions'] as Record<string, JsonSchema>;
  const found = definitions[name];
  if (!found) throw new Error(`no definition ${name}; have ${Object.keys(definitions).join(', ')}`);
  return found;
}

function property(schema: JsonSchema, typeName: string, key: string): JsonSchema {
  const properties = definition(schema, typeName)['properties'] as Record<string, JsonSchema>;
  const found = properties[key];
  if (!found) throw new Error(`no property ${key} in ${typeName}`);
  return found;
}

describe('jsonSchemaForType', () => {
  it('is a draft-07 schema pointing at the message definition', () => {
    const schema = schemaOf('Order');
    expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema['allOf']).toStrictEqual([{ $ref: '#/definitions/ferry.codec.v1.Order' }]);
    expect(Object.keys(schema['definitions'] as object).sort()).toStrictEqual([
      'ferry.codec.v1.LineItem',
      'ferry.codec.v1.Money',
      'ferry.codec.v1.Order',
      'google.protobuf.Any',
    ]);
  });

  it('closes objects and lists json names, plus original names kept out of completion', () => {
    const schema = schemaOf('Money');
    const money = definition(schema, 'ferry.codec.v1.Money');
    expect(money['additionalProperties']).toBe(false);
    expect(Object.keys(money['properties'] as object)).toStrictEqual(['currencyCode', 'currency_code', 'units', 'nanos']);
    expect(property(schema, 'ferry.codec.v1.Money', 'currency_code')['doNotSuggest']).toBe(true);
    expect(property(schema, 'ferry.codec.v1.Money', 'currencyCode')['doNotSuggest']).toBeUndefined();
  });

  it('carries .proto comments as descriptions for hover', () => {
    const schema = schemaOf('Order');
    expect(property(schema, 'ferry.codec.v1.Order', 'lineItems')['description']).toBe("The order's items, in display order.");
    expect(definition(schemaOf('Node'), 'ferry.codec.v1.Node')['description']).toBe('A tree node: recursive through children.');
  });

  it('describes scalars in their ProtoJSON forms with defaults', () => {
    const schema = schemaOf('Scalars');
    const prop = (key: string) => property(schema, 'ferry.codec.v1.Scalars', key);
    expect(prop('int64Value')).toStrictEqual({ type: ['string', 'integer'], pattern: '^-?[0-9]+$', default: '0' });
    expect(prop('uint64Value')).toMatchObject({ pattern: '^[0-9]+$', minimum: 0 });
    expect(prop('int32Value')).toMatchObject({ type: ['integer', 'string'], minimum: -2147483648, maximum: 2147483647, default: 0 });
    expect(prop('uint32Value')).toMatchObject({ minimum: 0, maximum: 4294967295 });
    expect(prop('doubleValue')).toMatchObject({ type: ['number', 'string'], default: 0 });
    expect(prop('boolValue')).toStrictEqual({ type: 'boolean', default: false });
    expect(prop('stringValue')).toStrictEqual({ type: 'string', default: '', description: 'A plain string.' });
    expect(prop('bytesValue')).toMatchObject({ type: 'string', contentEncoding: 'base64', default: '' });
    expect(prop('ids')).toMatchObject({ type: 'array', items: { type: ['string', 'integer'] }, default: [] });
  });

  it('lists enum names, with value comments, and allows numbers', () => {
    const color = property(schemaOf('Scalars'), 'ferry.codec.v1.Scalars', 'color');
    expect(color['default']).toBe('COLOR_UNSPECIFIED');
    expect(color['description']).toBe('A colour, to test enums by name.');
    expect(color['anyOf']).toStrictEqual([
      { type: 'string', enum: ['COLOR_UNSPECIFIED', 'COLOR_RED', 'COLOR_GREEN'], enumDescriptions: ['', 'Like a tomato.', ''] },
      { type: 'integer', minimum: -2147483648, maximum: 2147483647 },
    ]);
  });

  it('describes maps with key patterns for integer and bool keys', () => {
    const schema = schemaOf('Collections');
    const prop = (key: string) => property(schema, 'ferry.codec.v1.Collections', key);
    expect(prop('counts')).toMatchObject({ type: 'object', additionalProperties: { type: ['string', 'integer'] }, default: {} });
    expect(prop('counts')['propertyNames']).toBeUndefined();
    expect(prop('labels')['propertyNames']).toStrictEqual({ pattern: '^-?[0-9]+$' });
    expect(prop('nodes')['propertyNames']).toStrictEqual({ pattern: '^[0-9]+$' });
    expect(prop('flags')['propertyNames']).toStrictEqual({ enum: ['true', 'false'] });
    expect(prop('nodes')['additionalProperties']).toStrictEqual({ $ref: '#/definitions/ferry.codec.v1.Node' });
  });

  it('ends recursion at a $ref to the definition being built', () => {
    const schema = schemaOf('Node');
    expect(property(schema, 'ferry.codec.v1.Node', 'children')['items']).toStrictEqual({ $ref: '#/definitions/ferry.codec.v1.Node' });
    const mutual = schemaOf('Mutual');
    expect(property(mutual, 'ferry.codec.v1.Mutual.Other', 'back')).toStrictEqual({ allOf: [{ $ref: '#/definitions/ferry.codec.v1.Mutual' }] });
  });

  it('documents oneofs and forbids a second member under either name', () => {
    const schema = schemaOf('Choices');
    expect(property(schema, 'ferry.codec.v1.Choices', 'choiceText')['description']).toBe(
      'Part of oneof "choice": set at most one of choiceText, choiceNumber, choiceNode.',
    );
    const dependencies = definition(schema, 'ferry.codec.v1.Choices')['dependencies'] as Record<string, JsonSchema>;
    expect(Object.keys(dependencies)).toStrictEqual([
      'choiceText', 'choice_text', 'choiceNumber', 'choice_number', 'choiceNode', 'choice_node',
    ]);
    expect(dependencies['choiceText']).toStrictEqual({
      not: { anyOf: ['choiceNumber', 'choice_number', 'choiceNode', 'choice_node'].map((name) => ({ required: [name] })) },
    });
    // proto3 optional is a oneof of one: nothing to forbid, nothing to document.
    expect(property(schema, 'ferry.codec.v1.Choices', 'maybe')['description']).toBeUndefined();
  });

  it('describes well-known types in their special forms', () => {
    const schema = schemaOf('WellKnown');
    const def = (name: string) => definition(schema, `google.protobuf.${name}`);
    expect(def('Timestamp')).toMatchObject({ type: 'string', default: '1970-01-01T00:00:00Z' });
    expect(new RegExp(def('Timestamp')['pattern'] as string).test('2024-02-29T23:59:59.123456789+05:30')).toBe(true);
    expect(new RegExp(def('Timestamp')['pattern'] as string).test('2024-02-29 23:59:59Z')).toBe(false);
    expect(new RegExp(def('Duration')['pattern'] as string).test('-1.5s')).toBe(true);
    expect(new RegExp(def('Duration')['pattern'] as string).test('1m')).toBe(false);
    expect(def('FieldMask')).toMatchObject({ type: 'string' });
    expect(def('Struct')).toMatchObject({ type: 'object' });
    expect(def('Value')).toStrictEqual({ title: 'google.protobuf.Value' });
    expect(def('ListValue')).toMatchObject({ type: 'array' });
    expect(def('Int64Value')).toMatchObject({ type: ['string', 'integer'] });
    expect(def('BoolValue')).toMatchObject({ type: 'boolean' });
    expect(def('BytesValue')).toMatchObject({ contentEncoding: 'base64' });
    expect(def('Any')).toMatchObject({ type: 'object', properties: { '@type': { type: 'string' } } });
    expect(def('Any')['additionalProperties']).toBeUndefined();
    expect(def('Empty')).toMatchObject({ type: 'object', properties: {}, additionalProperties: false });
  });

  it('reaches every definition it references', () => {
    const schema = schemaOf('WellKnown');
    const refs = JSON.stringify(schema).match(/#\/definitions\/[\w.]+/g) ?? [];
    for (const ref of refs) expect(definition(schema, ref.slice('#/definitions/'.length))).toBeDefined();
  });
});
