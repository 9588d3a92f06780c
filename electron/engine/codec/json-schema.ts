import protobuf from 'protobufjs';
import {
  WRAPPER_TYPES,
  defaultScalar,
  integerRange,
  is64BitInteger,
  isNullValueEnum,
  typeName,
} from './well-known';

/**
 * A JSON Schema (draft-07) of a message's ProtoJSON form, for Monaco's JSON language service: completion,
 * hover docs (from .proto comments) and markers. It describes what `encodeProtoJson` accepts, erring on
 * the side of accepting: a false marker on valid input is worse than a missed one, since the encoder
 * reports real errors precisely anyway.
 */

export type JsonSchema = Record<string, unknown>;

export function jsonSchemaForType(type: protobuf.Type): JsonSchema {
  const builder = new SchemaBuilder();
  const root = builder.refTo(type);
  return { $schema: 'http://json-schema.org/draft-07/schema#', allOf: [root], definitions: builder.definitions };
}

const SIGNED_INTEGER = '^-?[0-9]+$';
const UNSIGNED_INTEGER = '^[0-9]+$';
const FLOAT_STRING = '^(NaN|-?Infinity|-?[0-9]+(\\.[0-9]*)?([eE][+-]?[0-9]+)?|-?\\.[0-9]+([eE][+-]?[0-9]+)?)$';
const TIMESTAMP =
  '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$';

class SchemaBuilder {
  readonly definitions: Record<string, JsonSchema> = {};

  /** A reference to the type's definition, building it the first time (recursion ends at the reference). */
  refTo(type: protobuf.Type): JsonSchema {
    const name = typeName(type);
    if (!(name in this.definitions)) {
      this.definitions[name] = {}; // placeholder, so a recursive field finds it and stops
      this.definitions[name] = this.messageSchema(type);
    }
    return { $ref: `#/definitions/${name}` };
  }

  private messageSchema(type: protobuf.Type): JsonSchema {
    const special = specialFormSchema(type);
    const doc = { title: typeName(type), ...description(type.comment) };
    if (special) return { ...doc, ...special };
    const properties: Record<string, JsonSchema> = {};
    for (const field of type.fieldsArray) {
      field.resolve();
      const schema = this.fieldSchema(field);
      properties[field.jsonName] = schema;
      // protojson accepts the original proto name too; valid, but not worth offering in completion.
      if (field.name !== field.jsonName) properties[field.name] = { ...schema, doNotSuggest: true };
    }
    const dependencies = oneofDependencies(type);
    return {
      ...doc,
      type: 'object',
      properties,
      additionalProperties: false,
      ...(Object.keys(dependencies).length > 0 ? { dependencies } : {}),
    };
  }

  private fieldSchema(field: protobuf.Field): JsonSchema {
    const element = this.elementSchema(field);
    const doc = description(field.comment, oneofNote(field));
    if (field instanceof protobuf.MapField) {
      const keys = mapKeySchema(field.keyType);
      return { ...doc, type: 'object', additionalProperties: element, ...(keys ? { propertyNames: keys } : {}), default: {} };
    }
    if (field.repeated) return { ...doc, type: 'array', items: element, default: [] };
    // draft-07 ignores keywords beside $ref, so the docs go around it.
    return '$ref' in element ? { ...doc, allOf: [element] } : { ...element, ...doc };
  }

  private elementSchema(field: protobuf.Field): JsonSchema {
    const resolved = field.resolvedType;
    if (resolved instanceof protobuf.Type) return this.refTo(resolved);
    if (resolved instanceof protobuf.Enum) return enumSchema(resolved);
    return scalarSchema(field.type);
  }
}

function scalarSchema(scalar: string): JsonSchema {
  const range = integerRange(scalar);
  const unsigned = range?.[0] === '0';
  const pattern = unsigned ? UNSIGNED_INTEGER : SIGNED_INTEGER;
  if (range && is64BitInteger(scalar)) {
    // Strings keep every digit; numbers past 2^53 would be rounded by any JSON reader, so strings come first.
    return { type: ['string', 'integer'], pattern, ...(unsigned ? { minimum: 0 } : {}), default: '0' };
  }
  if (range) return { type: ['integer', 'string'], pattern, minimum: Number(range[0]), maximum: Number(range[1]), default: 0 };
  switch (scalar) {
    case 'double':
    case 'float':
      return { type: ['number', 'string'], pattern: FLOAT_STRING, default: 0 };
    case 'bool':
      return { type: 'boolean', default: false };
    case 'bytes':
      return { type: 'string', contentEncoding: 'base64', pattern: '^[A-Za-z0-9+/_-]*={0,2}$', default: '' };
    default:
      return { type: 'string', default: defaultScalar(scalar) };
  }
}

function enumSchema(enumType: protobuf.Enum): JsonSchema {
  if (isNullValueEnum(enumType)) return { type: 'null', default: null };
  const names = Object.keys(enumType.values);
  const comments = names.map((name) => enumType.comments[name] ?? '');
  const byName: JsonSchema = { type: 'string', enum: names };
  // enumDescriptions is a Monaco extension: hover text per completion item.
  if (comments.some((comment) => comment !== '')) byName['enumDescriptions'] = comments;
  // Only closed (proto2-style) enums reject unknown numbers; protobufjs exposes that only through its
  // resolved features, which protojson reads too.
  const closed = (enumType as unknown as { _features?: { enum_type?: string } })._features?.enum_type === 'CLOSED';
  const byNumber: JsonSchema = closed
    ? { type: 'integer', enum: Object.values(enumType.values) }
    : { type: 'integer', minimum: -2147483648, maximum: 2147483647 };
  return { ...description(enumType.comment), anyOf: [byName, byNumber], default: names[0] };
}

function mapKeySchema(keyType: string): JsonSchema | undefined {
  if (keyType === 'string') return undefined;
  if (keyType === 'bool') return { enum: ['true', 'false'] };
  return { pattern: integerRange(keyType)?.[0] === '0' ? UNSIGNED_INTEGER : SIGNED_INTEGER };
}

function specialFormSchema(type: protobuf.Type): JsonSchema | undefined {
  const name = typeName(type);
  const wrapped = WRAPPER_TYPES[name];
  if (wrapped) return scalarSchema(wrapped);
  switch (name) {
    case 'google.protobuf.Timestamp':
      return { type: 'string', pattern: TIMESTAMP, default: '1970-01-01T00:00:00Z', description: 'RFC 3339 timestamp, e.g. "2024-01-31T12:00:00Z"' };
    case 'google.protobuf.Duration':
      return { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]{1,9})?s$', default: '1s', description: 'Duration in seconds, e.g. "1.5s"' };
    case 'google.protobuf.FieldMask':
      return { type: 'string', pattern: '^[A-Za-z0-9.,]*$', default: '', description: 'Comma-separated lowerCamelCase field paths' };
    case 'google.protobuf.Struct':
      return { type: 'object', default: {} };
    case 'google.protobuf.Value':
      return {};
    case 'google.protobuf.ListValue':
      return { type: 'array', default: [] };
    case 'google.protobuf.Any':
      return anySchema();
    default:
      return undefined;
  }
}

// The body of an Any depends on its @type, which a static schema cannot follow: check only @type.
function anySchema(): JsonSchema {
  const typeUrl = {
    type: 'string',
    description: 'Type URL of the packed message, e.g. "type.googleapis.com/google.protobuf.Empty"',
    pattern: '^[^/]*/?[A-Za-z_][A-Za-z0-9_.]*$',
  };
  return { type: 'object', properties: { '@type': typeUrl }, default: {} };
}

/** At most one member of a real oneof: each member's presence forbids the others (under either name). */
function oneofDependencies(type: protobuf.Type): Record<string, JsonSchema> {
  const dependencies: Record<string, JsonSchema> = {};
  for (const oneof of type.oneofsArray) {
    if (oneof.isProto3Optional || oneof.fieldsArray.length < 2) continue;
    for (const member of oneof.fieldsArray) {
      const others = oneof.fieldsArray.filter((other) => other !== member).flatMap(spellings);
      const forbid = { not: { anyOf: others.map((name) => ({ required: [name] })) } };
      for (const name of spellings(member)) dependencies[name] = forbid;
    }
  }
  return dependencies;
}

function oneofNote(field: protobuf.Field): string | undefined {
  const oneof = field.partOf;
  if (!oneof || oneof.isProto3Optional) return undefined;
  const members = oneof.fieldsArray.map((member) => member.jsonName).join(', ');
  return `Part of oneof "${oneof.name}": set at most one of ${members}.`;
}

function spellings(field: protobuf.Field): string[] {
  return field.name === field.jsonName ? [field.name] : [field.jsonName, field.name];
}

function description(...parts: (string | null | undefined)[]): { description?: string } {
  const text = parts.filter((part): part is string => typeof part === 'string' && part.trim() !== '').join('\n\n');
  return text === '' ? {} : { description: text };
}
