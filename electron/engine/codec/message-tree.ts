import protobuf from 'protobufjs';
import { typeName } from './well-known';

/**
 * A message as its exact wire values, keyed by field number: what the text format and grpcurl's JSON need
 * and protobufjs's decoded objects lose (64-bit integers as `bigint`, float32 values, the raw bytes of a
 * string, field order by number, unknown fields). Strings are kept as their UTF-8 bytes: both protoc and
 * grpcurl print text-format strings byte by byte.
 */
export type ScalarValue = number | bigint | boolean | Uint8Array;

export interface MapEntry {
  key: ScalarValue;
  value: FieldValue | undefined;
}

export type FieldValue = ScalarValue | MessageTree | MapEntry;

export interface TreeField {
  field: protobuf.FieldBase;
  values: FieldValue[];
}

/** A field the schema does not know, kept as it came. Groups hold their own fields. */
export interface UnknownField {
  number: number;
  wireType: WireType;
  value: bigint | Uint8Array | UnknownField[];
}

export interface MessageTree {
  type: protobuf.Type;
  fields: Map<number, TreeField>;
  unknown: UnknownField[];
}

export const WireType = { Varint: 0, Fixed64: 1, LengthDelimited: 2, StartGroup: 3, EndGroup: 4, Fixed32: 5 } as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

export type FieldKind =
  | 'double' | 'float' | 'int32' | 'int64' | 'uint32' | 'uint64' | 'sint32' | 'sint64'
  | 'fixed32' | 'fixed64' | 'sfixed32' | 'sfixed64' | 'bool' | 'string' | 'bytes'
  | 'enum' | 'message' | 'group';

const SCALAR_KINDS = new Set<string>([
  'double', 'float', 'int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64',
  'fixed32', 'fixed64', 'sfixed32', 'sfixed64', 'bool', 'string', 'bytes',
]);

/** What a field holds; for a map field, what its values hold. */
export function fieldKind(field: protobuf.FieldBase): FieldKind {
  if (SCALAR_KINDS.has(field.type)) return field.type as FieldKind;
  const resolved = field.resolve().resolvedType;
  if (resolved instanceof protobuf.Enum) return 'enum';
  return field instanceof protobuf.Field && field.delimited ? 'group' : 'message';
}

/** The kind of a map field's keys. */
export function mapKeyKind(field: protobuf.MapField): FieldKind {
  return field.keyType as FieldKind;
}

export function isMessageKind(kind: FieldKind): kind is 'message' | 'group' {
  return kind === 'message' || kind === 'group';
}

/** The message type of a message or group field. */
export function messageTypeOf(field: protobuf.FieldBase): protobuf.Type {
  const resolved = field.resolve().resolvedType;
  if (!(resolved instanceof protobuf.Type)) throw new Error(`${field.fullName} is not a message field`);
  return resolved;
}

export function enumTypeOf(field: protobuf.FieldBase): protobuf.Enum | undefined {
  const resolved = field.resolve().resolvedType;
  return resolved instanceof protobuf.Enum ? resolved : undefined;
}

/** Scalars that may be packed on the wire (everything but strings, bytes and messages). */
export function isPackable(kind: FieldKind): boolean {
  return kind !== 'string' && kind !== 'bytes' && kind !== 'message' && kind !== 'group';
}

/**
 * Fields whose zero value means "not set" (proto3 singular scalars outside a oneof and not `optional`):
 * printers skip them at zero, as protoc and Go do.
 */
export function hasImplicitPresence(field: protobuf.FieldBase): boolean {
  if (field.repeated || field.map || field.partOf || !(field instanceof protobuf.Field)) return false;
  if (isMessageKind(fieldKind(field))) return false;
  return !field.hasPresence;
}

export function isZeroScalar(value: FieldValue | undefined): boolean {
  if (value === undefined) return true;
  if (typeof value === 'number') return value === 0 && !Object.is(value, -0);
  if (typeof value === 'bigint') return value === 0n;
  if (typeof value === 'boolean') return !value;
  return value instanceof Uint8Array && value.length === 0;
}

export function isMessageTree(value: FieldValue | undefined): value is MessageTree {
  return typeof value === 'object' && value !== null && 'fields' in value && 'type' in value;
}

export function isMapEntry(value: FieldValue | undefined): value is MapEntry {
  return typeof value === 'object' && value !== null && 'key' in value && !('fields' in value);
}

export function emptyTree(type: protobuf.Type): MessageTree {
  return { type, fields: new Map(), unknown: [] };
}

/** The fields a printer shows, in field-number order, leaving out proto3 scalars at their zero value. */
export function presentFields(tree: MessageTree): TreeField[] {
  return [...tree.fields.values()]
    .filter(({ field, values }) => values.length > 0 && !(hasImplicitPresence(field) && isZeroScalar(values[values.length - 1])))
    .sort((a, b) => a.field.id - b.field.id);
}

/** A field's name as the .proto file spells it (protobufjs's built-in well-known types use camelCase names). */
export function protoNameOf(field: protobuf.FieldBase): string {
  return field.protoName ?? field.name;
}

/** An extension field's full name as text formats write it (`[pkg.ext]`), from its declaring field. */
export function extensionName(field: protobuf.FieldBase): string | undefined {
  if (!field.declaringField && !field.name.startsWith('.')) return undefined;
  return typeName(field.declaringField ?? field);
}

export function fieldsByNumber(type: protobuf.Type): Record<number, protobuf.Field> {
  return type.fieldsById;
}

const UTF8 = new TextDecoder('utf-8');
const UTF8_ENCODER = new TextEncoder();

export function utf8Decode(bytes: Uint8Array): string {
  return UTF8.decode(bytes);
}

export function utf8Encode(text: string): Uint8Array {
  return UTF8_ENCODER.encode(text);
}
