import protobuf from 'protobufjs';
import { addValue, zeroOf } from './message-tree-decode';
import { emptyTree, fieldKind, isMessageKind, isMessageTree, mapKeyKind, messageTypeOf, utf8Encode, type FieldValue, type MessageTree } from './message-tree';
import { typeName } from './well-known';

function lookup(root: protobuf.Root, name: string): protobuf.Type {
  return root.lookupType(name);
}

function stringValue(root: protobuf.Root, text: string): MessageTree {
  const value = emptyTree(lookup(root, 'google.protobuf.Value'));
  addValue(value, value.type.fieldsById[3]!, utf8Encode(text));
  return value;
}

/** A Struct with one field whose value explains what goes there, as grpcurl's templates show JSON-valued types. */
function explainingStruct(root: protobuf.Root, key: string, text: string): MessageTree {
  const struct = emptyTree(lookup(root, 'google.protobuf.Struct'));
  addValue(struct, struct.type.fieldsById[1]!, { key: utf8Encode(key), value: stringValue(root, text) });
  return struct;
}

function special(type: protobuf.Type): MessageTree | undefined {
  const root = type.root;
  const tree = emptyTree(type);
  switch (typeName(type)) {
    case 'google.protobuf.Any':
      // JSON cannot show an Any without a type, so grpcurl puts an Empty in it.
      addValue(tree, type.fieldsById[1]!, utf8Encode('type.googleapis.com/google.protobuf.Empty'));
      return tree;
    case 'google.protobuf.Value': {
      addValue(tree, type.fieldsById[5]!, explainingStruct(root, 'google.protobuf.Value', 'supports arbitrary JSON'));
      return tree;
    }
    case 'google.protobuf.ListValue': {
      const element = emptyTree(lookup(root, 'google.protobuf.Value'));
      addValue(element, element.type.fieldsById[5]!, explainingStruct(root, 'google.protobuf.ListValue', 'is an array of arbitrary JSON values'));
      addValue(tree, type.fieldsById[1]!, element);
      return tree;
    }
    case 'google.protobuf.Struct':
      return explainingStruct(root, 'google.protobuf.Struct', 'supports arbitrary JSON objects');
    default:
      return undefined;
  }
}

function elementOf(field: protobuf.FieldBase, path: readonly protobuf.Type[]): FieldValue {
  const kind = fieldKind(field);
  if (field instanceof protobuf.MapField) {
    const value = isMessageKind(kind) ? messageTemplate(messageTypeOf(field), path) : zeroOf(kind);
    return { key: zeroOf(mapKeyKind(field)), value };
  }
  return isMessageKind(kind) ? messageTemplate(messageTypeOf(field), path) : zeroOf(kind);
}

/**
 * grpcurl's `-msg-template` message (MakeTemplate): every message field filled in, every repeated and map
 * field with one element, recursion stopped at a type already on the path. Printed with defaults shown.
 */
export function messageTemplate(type: protobuf.Type, path: readonly protobuf.Type[] = []): MessageTree {
  const fixed = special(type);
  if (fixed) return fixed;
  const tree = emptyTree(type);
  if (path.includes(type)) return tree;
  const inner = [...path, type];
  for (const field of type.fieldsArray) {
    if (field.name.startsWith('.')) continue;
    if (field.repeated || field.map) addValue(tree, field, elementOf(field, inner));
    else if (isMessageKind(fieldKind(field))) {
      const value = elementOf(field, inner);
      if (isMessageTree(value)) addValue(tree, field, value);
    }
  }
  return tree;
}
