import protobuf from 'protobufjs';
import protojson from 'protobufjs/ext/protojson.js';
import { fail } from '../../../shared/errors';
import { compiledToJson } from './compiled-codec';
import { defaultScalar, hasSpecialForm, isNullValueEnum, isPlainObject, typeName } from './well-known';

export interface DecodeOptions {
  /** Also print fields that hold their default value, as protoc's `always_print_fields_with_no_presence`. */
  emitDefaults?: boolean;
}

/** Wire bytes → a ProtoJSON value ready for JSON.stringify. */
export function decodeToProtoJson(type: protobuf.Type, bytes: Uint8Array, options: DecodeOptions = {}): unknown {
  let json: unknown;
  try {
    const message = type.decode(bytes);
    json = compiledToJson(type, message) ?? protojson.toJson(type, message);
  } catch (reason) {
    const why = reason instanceof Error ? reason.message : String(reason);
    return fail('SCHEMA_ERROR', `response bytes do not match ${typeName(type)}: ${why}`, { expected: typeName(type) });
  }
  return options.emitDefaults ? withDefaults(type, json) : json;
}

/** Indented JSON text, the way responses are shown and printed. */
export function formatJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent);
}

// --- emit defaults ---
// protojson omits every field at its default value and has no option to keep them, so we add them back by
// walking its output beside the schema. Fields with presence (message fields, oneof members, proto3
// `optional`) stay absent when unset: that is what protoc prints too.

function withDefaults(type: protobuf.Type, json: unknown): unknown {
  if (typeName(type) === 'google.protobuf.Any') return anyWithDefaults(type, json);
  if (hasSpecialForm(type) || !isPlainObject(json)) return json;
  const out: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    field.resolve();
    const key = field.jsonName;
    if (Object.hasOwn(json, key)) {
      out[key] = fieldWithDefaults(field, json[key]);
    } else if (printsDefault(field)) {
      out[key] = defaultJson(field);
    }
  }
  // Anything protojson printed that is not a plain field (extensions) keeps its value, after the fields.
  for (const [key, value] of Object.entries(json)) if (!Object.hasOwn(out, key)) out[key] = value;
  return out;
}

function fieldWithDefaults(field: protobuf.Field, value: unknown): unknown {
  const messageType = field.resolvedType;
  if (!(messageType instanceof protobuf.Type)) return value;
  if (field instanceof protobuf.MapField && isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withDefaults(messageType, v)]));
  }
  if (field.repeated && Array.isArray(value)) return value.map((element) => withDefaults(messageType, element));
  return withDefaults(messageType, value);
}

function anyWithDefaults(anyType: protobuf.Type, json: unknown): unknown {
  if (!isPlainObject(json) || typeof json['@type'] !== 'string') return json;
  const url = json['@type'];
  const inner = anyType.root.lookup(`.${url.slice(url.lastIndexOf('/') + 1)}`);
  if (!(inner instanceof protobuf.Type) || hasSpecialForm(inner)) return json;
  const body = Object.fromEntries(Object.entries(json).filter(([key]) => key !== '@type'));
  return { '@type': url, ...(withDefaults(inner, body) as Record<string, unknown>) };
}

// protobufjs reports no presence for singular message fields, but they have it: protoc leaves them out.
function printsDefault(field: protobuf.Field): boolean {
  if (field.repeated || field.map) return true;
  return !field.hasPresence && !(field.resolvedType instanceof protobuf.Type);
}

function defaultJson(field: protobuf.Field): unknown {
  if (field instanceof protobuf.MapField) return {};
  if (field.repeated) return [];
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Enum) return defaultEnumName(resolved);
  return defaultScalar(field.type);
}

function defaultEnumName(enumType: protobuf.Enum): string | null {
  if (isNullValueEnum(enumType)) return null;
  // proto3 enums start at zero; a proto2 enum's default is its first value, which protobufjs lists first.
  return enumType.valuesById[0] ?? Object.keys(enumType.values)[0] ?? null;
}
