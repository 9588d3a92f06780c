import protobuf from 'protobufjs';
import { WRAPPER_TYPES, defaultScalar, exampleMapKey, isNullValueEnum, typeName } from './well-known';

export interface ExampleOptions {
  /** How many times one message type may appear on a path before a recursive field is left out. */
  maxDepth?: number;
}

const DEFAULT_MAX_DEPTH = 2;

/**
 * A ProtoJSON example of a message with every field set, to pre-fill the request editor. Values are the
 * type's zero (so the user replaces rather than deletes), except where zero would hide the shape: repeated
 * fields get one element, maps one entry, and well-known types their special forms.
 */
export function exampleMessage(type: protobuf.Type, options: ExampleOptions = {}): unknown {
  return exampleOf(type, { maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH, path: [] });
}

interface Walk {
  maxDepth: number;
  /** Message types from the root down to here, to bound recursion. */
  path: protobuf.Type[];
}

const OMIT = Symbol('omit');

function exampleOf(type: protobuf.Type, walk: Walk): unknown {
  const special = specialFormExample(type);
  if (special !== OMIT) return special;
  const inner: Walk = { ...walk, path: [...walk.path, type] };
  const out: Record<string, unknown> = {};
  const filledOneofs = new Set<string>();
  for (const field of type.fieldsArray) {
    field.resolve();
    // Only one member of a oneof may be set: the first one that yields a value.
    const oneof = field.partOf;
    if (oneof && filledOneofs.has(oneof.name)) continue;
    const value = fieldExample(field, inner);
    if (value === OMIT) continue;
    out[field.jsonName] = value;
    if (oneof) filledOneofs.add(oneof.name);
  }
  return out;
}

function fieldExample(field: protobuf.Field, walk: Walk): unknown {
  const element = singleExample(field, walk);
  if (element === OMIT) return OMIT;
  if (field instanceof protobuf.MapField) return { [exampleMapKey(field.keyType)]: element };
  return field.repeated ? [element] : element;
}

function singleExample(field: protobuf.Field, walk: Walk): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) {
    const seen = walk.path.filter((type) => type === resolved).length;
    return seen >= walk.maxDepth ? OMIT : exampleOf(resolved, walk);
  }
  if (resolved instanceof protobuf.Enum) return enumExample(resolved);
  return defaultScalar(field.type);
}

function enumExample(enumType: protobuf.Enum): unknown {
  return isNullValueEnum(enumType) ? null : (Object.keys(enumType.values)[0] ?? 0);
}

function specialFormExample(type: protobuf.Type): unknown {
  const name = typeName(type);
  const wrapped = WRAPPER_TYPES[name];
  if (wrapped) return defaultScalar(wrapped);
  switch (name) {
    case 'google.protobuf.Timestamp':
      return '1970-01-01T00:00:00Z';
    case 'google.protobuf.Duration':
      return '1s';
    case 'google.protobuf.FieldMask':
      return '';
    case 'google.protobuf.Struct':
      return {};
    case 'google.protobuf.Value':
      return null;
    case 'google.protobuf.ListValue':
      return [];
    case 'google.protobuf.Any':
      return anyExample(type.root);
    default:
      return OMIT;
  }
}

// An Any must name a type the schema can resolve, or the example would not encode.
function anyExample(root: protobuf.Root): unknown {
  const empty = root.lookup('.google.protobuf.Empty');
  return empty instanceof protobuf.Type ? { '@type': 'type.googleapis.com/google.protobuf.Empty' } : {};
}
