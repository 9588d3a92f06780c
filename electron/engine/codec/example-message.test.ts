import { describe, it, expect } from 'vitest';
import { exampleMessage } from './example-message';
import { encodeProtoJson } from './from-proto-json';
import { allMessageTypes, loadTestRoot, testType } from './test-schema';
import { decodeToProtoJson } from './to-proto-json';

const root = loadTestRoot();
const type = (name: string) => testType(root, name);

describe('exampleMessage', () => {
  it('encodes cleanly and survives a round trip for every type in the schema', () => {
    const types = allMessageTypes(root);
    expect(types.length).toBeGreaterThan(25);
    for (const t of types) {
      const example = exampleMessage(t);
      const bytes = encodeProtoJson(t, example);
      // Every value in the example is printed back: nothing was dropped or coerced on the way.
      const decoded = decodeToProtoJson(t, bytes, { emitDefaults: true });
      if (typeof example === 'object' && example !== null) expect(decoded, t.fullName).toMatchObject(example);
      else expect(decoded, t.fullName).toStrictEqual(example);
      expect(Buffer.from(encodeProtoJson(t, decoded)), t.fullName).toStrictEqual(Buffer.from(bytes));
    }
  });

  it('sets every scalar field to its zero, with 64-bit integers as strings and enums by first name', () => {
    expect(exampleMessage(type('Scalars'))).toStrictEqual({
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
      stringValue: '',
      bytesValue: '',
      color: 'COLOR_UNSPECIFIED',
      ids: ['0'],
    });
  });

  it('gives repeated fields one element and maps one entry with a key of the right type', () => {
    expect(exampleMessage(type('Collections'))).toStrictEqual({
      tags: [''],
      counts: { key: '0' },
      labels: { '0': '' },
      flags: { true: 'COLOR_UNSPECIFIED' },
      nodes: { '0': { name: '', children: [{ name: '' }] } },
    });
  });

  it('sets only the first member of a oneof, and proto3 optional fields', () => {
    const example = exampleMessage(type('Choices')) as Record<string, unknown>;
    expect(example).toMatchObject({ choiceText: '', maybe: 0, maybeText: '', plain: 0 });
    expect(example).not.toHaveProperty('choiceNumber');
    expect(example).not.toHaveProperty('choiceNode');
  });

  it('uses the special forms of well-known types', () => {
    expect(exampleMessage(type('WellKnown'))).toStrictEqual({
      createdAt: '1970-01-01T00:00:00Z',
      timeout: '1s',
      mask: '',
      attributes: {},
      value: null,
      list: [],
      wrappedDouble: 0,
      wrappedFloat: 0,
      wrappedInt64: '0',
      wrappedUint64: '0',
      wrappedInt32: 0,
      wrappedUint32: 0,
      wrappedBool: false,
      wrappedString: '',
      wrappedBytes: '',
      any: { '@type': 'type.googleapis.com/google.protobuf.Empty' },
      empty: {},
      history: ['1970-01-01T00:00:00Z'],
      settings: { key: null },
    });
  });

  it('bounds recursion by maxDepth, leaving out the recursive field past it', () => {
    expect(exampleMessage(type('Node'))).toStrictEqual({ name: '', children: [{ name: '' }] });
    expect(exampleMessage(type('Node'), { maxDepth: 1 })).toStrictEqual({ name: '' });
    expect(exampleMessage(type('Node'), { maxDepth: 3 })).toStrictEqual({
      name: '',
      children: [{ name: '', children: [{ name: '' }] }],
    });
    expect(exampleMessage(type('Mutual'))).toStrictEqual({ other: { back: { other: { note: '' } }, note: '' } });
  });

  it('leaves an Any empty when the schema has no google.protobuf.Empty to name', async () => {
    const protobuf = (await import('protobufjs')).default;
    const bare = new protobuf.Root();
    bare.addJSON(protobuf.common.get('google/protobuf/any.proto')!.nested!);
    protobuf.parse('syntax = "proto3"; package p; import "google/protobuf/any.proto"; message M { google.protobuf.Any a = 1; }', bare, {
      keepCase: true,
    });
    bare.resolveAll();
    const m = bare.lookupType('p.M');
    expect(exampleMessage(m)).toStrictEqual({ a: {} });
    expect(() => encodeProtoJson(m, exampleMessage(m))).not.toThrow();
  });
});
