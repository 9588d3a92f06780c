import protobuf from 'protobufjs';
import { hasSpecialJsonForm, WRAPPER_TYPES } from '../../../shared/model';

/**
 * Facts about protobuf types shared by the encoder's error paths, the example builder and the JSON Schema:
 * which messages have a special ProtoJSON form, and what each scalar looks like in ProtoJSON.
 */

// In shared/model: a page records an error detail's ProtoJSON as the engine does (mock responses).
export { WRAPPER_TYPES };

// protobufjs builds `fullName` from the parents on every read, and the codec asks for it on every message.
const typeNames = new WeakMap<protobuf.ReflectionObject, string>();

/** A symbol without protobufjs's leading dot (`.pkg.Msg` → `pkg.Msg`), as users and type URLs spell it. */
export const withoutLeadingDot = (name: string): string => (name.startsWith('.') ? name.slice(1) : name);

/** The full name without protobufjs's leading dot, as users and type URLs spell it. */
export function typeName(type: protobuf.ReflectionObject): string {
  let name = typeNames.get(type);
  if (name === undefined) {
    name = withoutLeadingDot(type.fullName);
    typeNames.set(type, name);
  }
  return name;
}

export function hasSpecialForm(type: protobuf.Type): boolean {
  return hasSpecialJsonForm(typeName(type));
}

export function isNullValueEnum(type: protobuf.ReflectionObject | null): boolean {
  return type instanceof protobuf.Enum && typeName(type) === 'google.protobuf.NullValue';
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const INT_RANGES: Readonly<Record<string, readonly [string, string]>> = {
  int32: ['-2147483648', '2147483647'],
  sint32: ['-2147483648', '2147483647'],
  sfixed32: ['-2147483648', '2147483647'],
  uint32: ['0', '4294967295'],
  fixed32: ['0', '4294967295'],
  int64: ['-9223372036854775808', '9223372036854775807'],
  sint64: ['-9223372036854775808', '9223372036854775807'],
  sfixed64: ['-9223372036854775808', '9223372036854775807'],
  uint64: ['0', '18446744073709551615'],
  fixed64: ['0', '18446744073709551615'],
};

/** The inclusive range of an integer scalar type, or undefined for other types. */
export function integerRange(scalar: string): readonly [string, string] | undefined {
  return INT_RANGES[scalar];
}

export function is64BitInteger(scalar: string): boolean {
  return /64$/.test(scalar) && scalar !== 'double';
}

/** A phrase for error messages: what ProtoJSON accepts for a scalar type. */
export function expectedScalar(scalar: string): string {
  if (integerRange(scalar)) return `${article(scalar)} ${scalar} as a number or decimal string`;
  switch (scalar) {
    case 'double':
    case 'float':
      return `a ${scalar} as a number, a numeric string, "NaN", "Infinity" or "-Infinity"`;
    case 'bool':
      return 'true or false';
    case 'string':
      return 'a string';
    case 'bytes':
      return 'a base64 string';
    default:
      return `a ${scalar}`;
  }
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

/** A phrase for error messages: what ProtoJSON accepts for a message type. */
export function expectedMessage(type: protobuf.Type): string {
  const name = typeName(type);
  const wrapped = WRAPPER_TYPES[name];
  if (wrapped) return expectedScalar(wrapped);
  switch (name) {
    case 'google.protobuf.Timestamp':
      return 'an RFC 3339 timestamp string such as "2024-01-31T12:00:00Z"';
    case 'google.protobuf.Duration':
      return 'a duration string in seconds such as "1.5s"';
    case 'google.protobuf.FieldMask':
      return 'a comma-separated string of lowerCamelCase field paths such as "name,address.city"';
    case 'google.protobuf.Struct':
      return 'a JSON object';
    case 'google.protobuf.ListValue':
      return 'a JSON array';
    case 'google.protobuf.Value':
      return 'any JSON value (with finite numbers)';
    case 'google.protobuf.Any':
      return 'an object with "@type" naming a message type in the schema';
    default:
      return `a JSON object (${name})`;
  }
}

/** A phrase for error messages: what ProtoJSON accepts for an enum. */
export function expectedEnum(enumType: protobuf.Enum): string {
  const names = Object.keys(enumType.values);
  const shown = names.slice(0, 8).map((name) => `"${name}"`).join(', ');
  return `one of ${shown}${names.length > 8 ? ', …' : ''} or an enum number`;
}

/** A sensible map key, as a JSON object key, for a map's key type. */
export function exampleMapKey(keyType: string): string {
  if (keyType === 'string') return 'key';
  if (keyType === 'bool') return 'true';
  return '0';
}

/** The zero value of a scalar type in ProtoJSON form (64-bit integers are strings). */
export function defaultScalar(scalar: string): unknown {
  if (is64BitInteger(scalar)) return '0';
  switch (scalar) {
    case 'bool':
      return false;
    case 'string':
    case 'bytes':
      return '';
    default:
      return 0;
  }
}
