import protobuf from 'protobufjs';
import { wireTypeOf, zeroOf } from './message-tree-decode';
import {
  WireType,
  emptyTree,
  fieldKind,
  hasImplicitPresence,
  isMapEntry,
  isMessageKind,
  isMessageTree,
  isPackable,
  isZeroScalar,
  mapKeyKind,
  messageTypeOf,
  type FieldKind,
  type FieldValue,
  type MessageTree,
  type ScalarValue,
  type UnknownField,
} from './message-tree';
import { WireWriter } from './wire-bytes';

const bigintOf = (value: ScalarValue): bigint => (typeof value === 'bigint' ? value : BigInt(Number(value)));

function writeScalar(writer: WireWriter, kind: FieldKind, value: ScalarValue): void {
  switch (kind) {
    case 'int32': case 'int64': case 'uint32': case 'uint64': case 'enum':
      return writer.varint(bigintOf(value));
    case 'bool':
      return writer.varint(value ? 1 : 0);
    case 'sint32': case 'sint64': {
      const n = bigintOf(value);
      return writer.varint(BigInt.asUintN(64, (n << 1n) ^ (n < 0n ? -1n : 0n)));
    }
    case 'fixed32': case 'sfixed32':
      return writer.fixed32(Number(value));
    case 'float':
      return writer.float(Number(value));
    case 'fixed64': case 'sfixed64':
      return writer.fixed64(bigintOf(value));
    case 'double':
      return writer.double(Number(value));
    default:
      return writer.lengthDelimited(value as Uint8Array);
  }
}

function writeMessage(writer: WireWriter, field: protobuf.FieldBase, kind: FieldKind, value: MessageTree): void {
  if (kind === 'group') {
    writer.tag(field.id, WireType.StartGroup);
    writeTree(writer, value);
    writer.tag(field.id, WireType.EndGroup);
  } else {
    writer.tag(field.id, WireType.LengthDelimited);
    writer.lengthDelimited(encodeMessageTree(value));
  }
}

function writeMapEntry(writer: WireWriter, field: protobuf.MapField, value: FieldValue): void {
  if (!isMapEntry(value)) return;
  const entry = new WireWriter();
  const keyKind = mapKeyKind(field);
  const valueKind = fieldKind(field);
  entry.tag(1, wireTypeOf(keyKind));
  writeScalar(entry, keyKind, value.key);
  if (isMessageKind(valueKind)) {
    const body = isMessageTree(value.value) ? value.value : emptyTree(messageTypeOf(field));
    entry.tag(2, WireType.LengthDelimited);
    entry.lengthDelimited(encodeMessageTree(body));
  } else {
    entry.tag(2, wireTypeOf(valueKind));
    writeScalar(entry, valueKind, (value.value as ScalarValue | undefined) ?? zeroOf(valueKind));
  }
  writer.tag(field.id, WireType.LengthDelimited);
  writer.lengthDelimited(entry.finish());
}

function writeField(writer: WireWriter, field: protobuf.FieldBase, values: FieldValue[]): void {
  if (field instanceof protobuf.MapField) {
    for (const value of values) writeMapEntry(writer, field, value);
    return;
  }
  const kind = fieldKind(field);
  if (field.repeated && field instanceof protobuf.Field && field.packed && isPackable(kind)) {
    if (values.length === 0) return;
    const packed = new WireWriter();
    for (const value of values) writeScalar(packed, kind, value as ScalarValue);
    writer.tag(field.id, WireType.LengthDelimited);
    writer.lengthDelimited(packed.finish());
    return;
  }
  for (const value of values) {
    if (isMessageTree(value)) {
      writeMessage(writer, field, kind, value);
      continue;
    }
    writer.tag(field.id, wireTypeOf(kind));
    writeScalar(writer, kind, value as ScalarValue);
  }
}

function writeUnknown(writer: WireWriter, unknown: UnknownField): void {
  writer.tag(unknown.number, unknown.wireType);
  const { value } = unknown;
  if (Array.isArray(value)) {
    for (const inner of value) writeUnknown(writer, inner);
    writer.tag(unknown.number, WireType.EndGroup);
  } else if (value instanceof Uint8Array) writer.lengthDelimited(value);
  else if (unknown.wireType === WireType.Fixed64) writer.fixed64(value);
  else if (unknown.wireType === WireType.Fixed32) writer.fixed32(Number(value));
  else writer.varint(value);
}

function writeTree(writer: WireWriter, tree: MessageTree): void {
  const fields = [...tree.fields.values()].sort((a, b) => a.field.id - b.field.id);
  for (const { field, values } of fields) {
    // A proto3 scalar at zero is "not set": protoc does not write it either.
    if (hasImplicitPresence(field) && isZeroScalar(values[values.length - 1])) continue;
    writeField(writer, field, values);
  }
  for (const unknown of tree.unknown) writeUnknown(writer, unknown);
}

/** A message tree → wire bytes, fields in number order as protoc writes them (packed where the schema says so). */
export function encodeMessageTree(tree: MessageTree): Uint8Array {
  const writer = new WireWriter();
  writeTree(writer, tree);
  return writer.finish();
}
