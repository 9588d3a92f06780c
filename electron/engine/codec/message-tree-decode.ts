import protobuf from 'protobufjs';
import { fail, FerryFailure } from '../../../shared/errors';
import { WireType, emptyTree, fieldKind, isMessageKind, isMessageTree, isPackable, mapKeyKind, messageTypeOf, type FieldKind, type FieldValue, type MapEntry, type MessageTree, type ScalarValue, type UnknownField } from './message-tree';
import { typeName } from './well-known';
import { WireReader, wireFormatError } from './wire-bytes';

/** The wire type a value of this kind is written with (scalars unpacked). */
export function wireTypeOf(kind: FieldKind): WireType {
  switch (kind) {
    case 'double': case 'fixed64': case 'sfixed64':
      return WireType.Fixed64;
    case 'float': case 'fixed32': case 'sfixed32':
      return WireType.Fixed32;
    case 'string': case 'bytes': case 'message':
      return WireType.LengthDelimited;
    case 'group':
      return WireType.StartGroup;
    default:
      return WireType.Varint;
  }
}

function readScalar(reader: WireReader, kind: FieldKind): ScalarValue {
  switch (kind) {
    case 'int32': case 'enum':
      return reader.varint32() | 0;
    case 'uint32':
      return reader.varint32();
    case 'sint32': {
      const n = reader.varint32();
      return (n >>> 1) ^ -(n & 1);
    }
    case 'int64':
      return BigInt.asIntN(64, reader.varint());
    case 'uint64':
      return reader.varint();
    case 'sint64': {
      const n = reader.varint();
      return BigInt.asIntN(64, (n >> 1n) ^ -(n & 1n));
    }
    case 'bool':
      return reader.varint() !== 0n;
    case 'fixed32':
      return reader.fixed32();
    case 'sfixed32':
      return reader.fixed32() | 0;
    case 'float':
      return reader.float();
    case 'fixed64':
      return reader.fixed64();
    case 'sfixed64':
      return BigInt.asIntN(64, reader.fixed64());
    case 'double':
      return reader.double();
    default:
      return reader.bytes();
  }
}

function readUnknown(reader: WireReader, number: number, wireType: WireType): UnknownField {
  switch (wireType) {
    case WireType.Varint:
      return { number, wireType, value: reader.varint() };
    case WireType.Fixed64:
      return { number, wireType, value: reader.fixed64() };
    case WireType.Fixed32:
      return { number, wireType, value: BigInt(reader.fixed32()) };
    case WireType.LengthDelimited:
      return { number, wireType, value: reader.bytes() };
    case WireType.StartGroup:
      return { number, wireType, value: readUnknownGroup(reader, number) };
    default:
      wireFormatError(`unexpected end-group tag for field ${number}`);
  }
}

function readUnknownGroup(reader: WireReader, groupNumber: number): UnknownField[] {
  const fields: UnknownField[] = [];
  for (;;) {
    const { number, wireType } = reader.tag();
    if (wireType === WireType.EndGroup) {
      if (number !== groupNumber) wireFormatError(`group ${groupNumber} ended by the end tag of ${number}`);
      return fields;
    }
    fields.push(readUnknown(reader, number, wireType));
  }
}

function readMapEntry(reader: WireReader, field: protobuf.MapField): MapEntry {
  const entry = new WireReader(reader.bytes());
  const keyKind = mapKeyKind(field);
  const valueKind = fieldKind(field);
  const result: MapEntry = { key: zeroOf(keyKind), value: undefined };
  while (!entry.atEnd()) {
    const { number, wireType } = entry.tag();
    if (number === 1 && wireType === wireTypeOf(keyKind)) result.key = readScalar(entry, keyKind);
    else if (number === 2 && isMessageKind(valueKind) && wireType === WireType.LengthDelimited) result.value = decodeFrom(messageTypeOf(field), new WireReader(entry.bytes()));
    else if (number === 2 && wireType === wireTypeOf(valueKind)) result.value = readScalar(entry, valueKind);
    else readUnknown(entry, number, wireType);
  }
  return result;
}

/** The zero value of a scalar kind, as the tree holds it. */
export function zeroOf(kind: FieldKind): ScalarValue {
  if (kind === 'bool') return false;
  if (kind === 'string' || kind === 'bytes') return new Uint8Array(0);
  if (/64$/.test(kind) && kind !== 'double') return 0n;
  return 0;
}

/** Adds a decoded value with protobuf's merge rules: repeated fields append, a message merges, a scalar replaces. */
export function addValue(tree: MessageTree, field: protobuf.FieldBase, value: FieldValue): void {
  if (field.partOf) {
    for (const sibling of field.partOf.fieldsArray) if (sibling !== field) tree.fields.delete(sibling.id);
  }
  const existing = tree.fields.get(field.id);
  if (field.repeated || field.map) {
    if (existing) existing.values.push(value);
    else tree.fields.set(field.id, { field, values: [value] });
    return;
  }
  const previous = existing?.values[0];
  if (isMessageTree(previous) && isMessageTree(value)) {
    mergeTree(previous, value);
    return;
  }
  tree.fields.set(field.id, { field, values: [value] });
}

function mergeTree(into: MessageTree, from: MessageTree): void {
  for (const { field, values } of from.fields.values()) for (const value of values) addValue(into, field, value);
  into.unknown.push(...from.unknown);
}

function readField(reader: WireReader, tree: MessageTree, field: protobuf.FieldBase, wireType: WireType, number: number): void {
  if (field instanceof protobuf.MapField) {
    if (wireType !== WireType.LengthDelimited) return void tree.unknown.push(readUnknown(reader, number, wireType));
    return addValue(tree, field, readMapEntry(reader, field));
  }
  const kind = fieldKind(field);
  if (kind === 'group' && wireType === WireType.StartGroup) return addValue(tree, field, decodeFrom(messageTypeOf(field), reader, number));
  if (kind === 'message' && wireType === WireType.LengthDelimited) return addValue(tree, field, decodeFrom(messageTypeOf(field), new WireReader(reader.bytes())));
  if (field.repeated && isPackable(kind) && wireType === WireType.LengthDelimited) {
    const packed = new WireReader(reader.bytes());
    while (!packed.atEnd()) addValue(tree, field, readScalar(packed, kind));
    return;
  }
  if (isMessageKind(kind) || wireType !== wireTypeOf(kind)) return void tree.unknown.push(readUnknown(reader, number, wireType));
  addValue(tree, field, readScalar(reader, kind));
}

function decodeFrom(type: protobuf.Type, reader: WireReader, endGroup?: number): MessageTree {
  const tree = emptyTree(type);
  const byNumber = type.fieldsById;
  while (!reader.atEnd()) {
    const { number, wireType } = reader.tag();
    if (wireType === WireType.EndGroup) {
      if (number !== endGroup) wireFormatError(`unexpected end-group tag for field ${number}`);
      return tree;
    }
    const field = byNumber[number];
    if (field) readField(reader, tree, field, wireType, number);
    else tree.unknown.push(readUnknown(reader, number, wireType));
  }
  if (endGroup !== undefined) wireFormatError(`group ${endGroup} has no end tag`);
  return tree;
}

/** Wire bytes → a message tree. Malformed bytes are a SCHEMA_ERROR naming the type (the schema and the data disagree). */
export function decodeMessageTree(type: protobuf.Type, bytes: Uint8Array): MessageTree {
  try {
    return decodeFrom(type, new WireReader(bytes));
  } catch (reason) {
    const malformed = reason instanceof RangeError || (reason instanceof FerryFailure && reason.error.code === 'SCHEMA_ERROR');
    if (!malformed) throw reason;
    return fail('SCHEMA_ERROR', `bytes do not decode as ${typeName(type)}: ${reason.message}`, { expected: typeName(type) });
  }
}
